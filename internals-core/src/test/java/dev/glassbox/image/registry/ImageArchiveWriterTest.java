package dev.glassbox.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.image.Image;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.image.build.BuildFixture;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code glassbox save} writes Docker 25's archive; {@code ImageStore.load} reads it back to the same images. */
@RootOnly
class ImageArchiveWriterTest {
    @Test
    void savedImagesLoadBackIntoAnotherStoreWithTheirIdsTagsAndLayers(@TempDir Path tmp) throws Exception {
        try (BuildFixture fx = new BuildFixture("glassbox-save-test")) {
            Path ctx = Files.createDirectories(tmp.resolve("ctx"));
            Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN echo saved > /saved\nCMD [\"cat\", \"/saved\"]\n");
            Image app = new ImageBuilder(fx.images, fx.runtime).build(BuildRequest.of(ctx, "course/saved:1").withNetworkMode("none"),
                    BuildOutput.NONE).image();
            fx.images.tag("course/saved:1", "course/saved:latest");

            Path archive = tmp.resolve("images.tar");
            ImageArchiveWriter.save(fx.images, List.of("course/saved:1", "course/saved:latest", "busybox"), archive);

            Set<String> names = new TreeSet<>();
            JsonNode manifest;
            try (TarFile tar = new TarFile(archive)) {
                for (TarArchiveEntry e : tar.getEntries()) names.add(e.getName());
                TarArchiveEntry m = tar.getEntries().stream().filter(e -> e.getName().equals("manifest.json")).findFirst().orElseThrow();
                manifest = new ObjectMapper().readTree(tar.getInputStream(m));
            }
            assertTrue(names.containsAll(List.of("oci-layout", "index.json", "manifest.json", "blobs/sha256/")), names.toString());
            assertEquals(2, manifest.size(), "one entry per image, busybox's layer stored once: " + manifest);
            JsonNode first = manifest.get(0);
            assertEquals(List.of("course/saved:1", "course/saved:latest"),
                    List.of(first.get("RepoTags").get(0).asText(), first.get("RepoTags").get(1).asText()));
            assertEquals("blobs/sha256/" + app.id().substring(7), first.get("Config").asText());
            assertEquals(2, first.get("Layers").size());
            // every blob exactly once: 2 manifests + 2 configs + 2 layers
            assertEquals(6, names.stream().filter(n -> n.matches("blobs/sha256/[0-9a-f]{64}")).count(), names.toString());

            ImageStore other = new ImageStore(tmp.resolve("other"));
            List<Image> loaded = other.load(archive, Progress.NONE);
            Image back = other.resolve("course/saved:1");
            assertEquals(app.id(), back.id());
            assertEquals(List.of("course/saved:1", "course/saved:latest"), back.repoTags().stream().sorted().toList());
            assertEquals(fx.images.resolve("busybox").id(), other.resolve("busybox").id());
            assertEquals("saved\n", Files.readString(back.layerDirs().getLast().resolve("saved")));
            assertEquals(2, loaded.stream().map(Image::id).distinct().count());
        }
    }
}
