package dev.glassbox.engine;

import dev.glassbox.util.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32;

/**
 * Which build of Glassbox a process runs: a checksum of its class path, each entry with its size
 * and modification time. The engine writes its own beside its pid file at start; a command line
 * that finds another one there talks to an engine of an older build (a rebuild after a git pull
 * rewrote the jars under it), and restarts it: containers keep running and are found again.
 */
final class BuildStamp {
    private BuildStamp() {}

    /** This process's stamp. */
    static String current() {
        return of(System.getProperty("java.class.path", ""));
    }

    static String of(String classPath) {
        CRC32 crc = new CRC32();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            String part = entry;
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                part += "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
            } catch (IOException | RuntimeException e) {
                part += "|missing";
            }
            crc.update((part + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Long.toHexString(crc.getValue());
    }

    /** The stamp the engine wrote at its start; null when there is none (an engine from before stamps, or starting). */
    static String ofEngine(EnginePaths paths) {
        try {
            return Files.readString(paths.buildFile(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** Under /run: replaced atomically, not fsynced (a reboot loses it with the engine). */
    static void write(EnginePaths paths) throws IOException {
        AtomicFiles.write(paths.buildFile(), (current() + "\n").getBytes(StandardCharsets.US_ASCII), false);
    }
}
