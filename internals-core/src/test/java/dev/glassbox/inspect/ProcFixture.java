package dev.glassbox.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of a /proc fixture in a temporary directory, with each process's {@code ns.links}
 * made into real symlinks under {@code PID/ns/}, as the kernel shows them.
 */
public final class ProcFixture {
    private ProcFixture() {}

    public static Path resource(String name) {
        try {
            return Path.of(ProcFixture.class.getResource("/proc-fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies fixture {@code name} into {@code into} and returns the proc root there. */
    public static Path install(String name, Path into) {
        Path src = resource(name);
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path dst = into.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else if (p.getFileName().toString().equals("ns.links")) {
                    Path ns = Files.createDirectories(dst.resolveSibling("ns"));
                    for (String line : Files.readAllLines(p)) {
                        String[] f = line.split(" ", 2);
                        if (f.length == 2 && !f[1].isBlank()) Files.createSymbolicLink(ns.resolve(f[0]), Path.of(f[1]));
                    }
                } else {
                    Files.copy(p, dst);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }
}
