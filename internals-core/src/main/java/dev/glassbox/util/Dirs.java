package dev.glassbox.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory made only when it is missing. {@link Files#createDirectories} tries mkdir first,
 * and when the directory is there that fails, at the cost of two exceptions; a container's start
 * and end asked for half a dozen such directories that were always there.
 */
public final class Dirs {
    private Dirs() {}

    public static Path ensure(Path dir) throws IOException {
        return Files.isDirectory(dir) ? dir : Files.createDirectories(dir);
    }
}
