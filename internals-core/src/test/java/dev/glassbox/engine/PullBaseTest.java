package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.image.ImageStore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pull base}: the engine makes the built-in image from this machine's programs, with a
 * report per file (the app's progress bar); a client that hangs up mid-way (the report cannot be
 * written) leaves no image and no half-made layer.
 */
class PullBaseTest {
    @TempDir Path tmp;

    @Test
    void pullingBaseMakesItHereReportingEachFile() {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        List<long[]> files = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        new StoreBuilds(store, null).pull("base", null, (id, status, current, total) -> {
            if (status.equals(StoreBuilds.ASSEMBLING)) files.add(new long[] {current, total});
            else if (!status.equals(StoreBuilds.EXTRACTING)) lines.add(status);
        });
        assertTrue(files.size() > 10, "a report per file: " + files.size());
        long total = files.getLast()[1];
        assertEquals(total, files.getLast()[0], "the last report is the last file");
        for (int i = 1; i < files.size(); i++) assertTrue(files.get(i)[0] > files.get(i - 1)[0], "counts go up");
        assertEquals(List.of("Status: base:latest is made from this machine's programs"), lines);
        assertTrue(store.lookup("base").isPresent());
    }

    @Test
    void aClientThatHangsUpLeavesNoImageAndNoHalfLayer() throws Exception {
        Path root = tmp.resolve("store");
        ImageStore store = new ImageStore(root);
        int[] seen = {0};
        assertThrows(UncheckedIOException.class, () -> new StoreBuilds(store, null).pull("base", null, (id, status, current, total) -> {
            if (++seen[0] == 5) throw new UncheckedIOException(new java.io.IOException("Broken pipe: the client hung up"));
        }));
        assertTrue(store.lookup("base").isEmpty(), "no base image");
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> left = all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().matches("index\\.json|oci-layout|\\.lock|.*\\.lock"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("sha256")).toList();
            assertEquals(List.of(), left, "nothing of the half-made layer");
        }
        try (Stream<Path> all = Files.walk(root)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList(), "no staging layer");
        }
    }
}
