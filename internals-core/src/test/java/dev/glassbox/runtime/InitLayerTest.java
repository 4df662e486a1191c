package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The init layer: made once with exactly its mount points, then found again as it is. */
class InitLayerTest {
    @TempDir Path lib;

    @Test
    void itHoldsTheEmptyMountPointsAndIsMadeOnlyOnce() throws Exception {
        Path layer = InitLayer.ensure(lib);
        assertEquals(lib.resolve(InitLayer.NAME), layer);
        try (var all = Files.walk(layer)) {
            assertEquals(List.of("", "dev", "etc", "etc/hostname", "etc/hosts", "etc/resolv.conf", "proc", "sys"),
                    all.map(p -> layer.relativize(p).toString()).sorted().toList());
        }
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(layer.resolve("etc"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(layer.resolve("etc/hosts"))));
        assertEquals(0, Files.size(layer.resolve("etc/resolv.conf")));

        Files.writeString(layer.resolve("etc/marker"), "kept"); // a second engine finds it and leaves it alone
        assertEquals(layer, InitLayer.ensure(lib));
        assertTrue(Files.exists(layer.resolve("etc/marker")));
        try (var left = Files.list(lib)) {
            assertEquals(List.of(InitLayer.NAME), left.map(p -> p.getFileName().toString()).toList(), "no work directory left beside it");
        }
    }
}
