package dev.glassbox.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<String> names() throws Exception {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesReplacesAndLeavesOnlyTheFileOwnerReadable() throws Exception {
        Path f = dir.resolve("state.json");
        AtomicFiles.write(f, "one".getBytes(), false);
        AtomicFiles.write(f, "two".getBytes(), true);
        assertEquals("two", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("state.json"), names(), "no temporary file left");
    }

    @Test
    void aLeftoverTemporaryFileOfADeadWriterIsReplaced() throws Exception {
        Path f = dir.resolve("status.json");
        // .status.json.PID.N.tmp: the next write's name is N + 1
        String[] used = AtomicFiles.temporaryFor(f).getFileName().toString().split("\\.");
        long n = Long.parseLong(used[used.length - 2]);
        Files.writeString(dir.resolve(".status.json." + ProcessHandle.current().pid() + "." + (n + 1) + ".tmp"), "half writ");
        AtomicFiles.write(f, "whole".getBytes(), false);
        assertEquals("whole", Files.readString(f));
        assertEquals(List.of("status.json"), names());
    }
}
