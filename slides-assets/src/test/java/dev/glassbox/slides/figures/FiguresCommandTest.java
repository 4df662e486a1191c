package dev.glassbox.slides.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.engine.EngineClient;
import dev.glassbox.testing.RootOnly;
import dev.glassbox.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures command still makes every course figure from live containers, as valid SVG. */
class FiguresCommandTest {
    @TempDir Path tmp;

    @Test
    @RootOnly
    void everyFigureIsGeneratedFromLiveContainersAndNothingIsLeftBehind() throws Exception {
        try (TestEngine engine = new TestEngine(tmp.resolve("root"))) {
            EngineClient c = engine.client();
            List<Path> out = Figures.generate(c, tmp.resolve("figures"));
            assertEquals(Figures.FILES, out.stream().map(p -> p.getFileName().toString()).toList());
            for (Path p : out) {
                String svg = Files.readString(p);
                FigureSvgTest.parse(svg);
                assertTrue(svg.length() > 500, p + " has content");
            }
            assertTrue(Files.readString(tmp.resolve("figures/namespaces.svg")).contains("figure-web"));
            assertTrue(Files.readString(tmp.resolve("figures/cgroups.svg")).contains("memory 64 MiB"));
            assertTrue(Files.readString(tmp.resolve("figures/layers.svg")).contains("upper"));
            String storage = Files.readString(tmp.resolve("figures/storage.svg"));
            for (String path : List.of("/scratch", "/data", "/srv/site")) assertTrue(storage.contains(path), "storage.svg shows " + path);
            assertTrue(c.volumes().path("Volumes").isEmpty(), "the figure's named volume is removed: " + c.volumes());
            assertEquals(List.of(), c.containers(true), "the figures' containers are removed");
        }
    }
}
