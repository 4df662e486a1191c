package dev.glassbox.runtime.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the glassbox-init binary is. The Maven build compiles it into the class path
 * ({@code /native/glassbox-init}); it is copied once per content into {@code dir} so it
 * can be executed, named by its hash so a rebuilt binary never replaces a running one.
 */
public final class InitBinary {
    private static final String RESOURCE = "/native/glassbox-init";

    private InitBinary() {}

    public static Path extract(Path dir) {
        try (InputStream in = InitBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("glassbox-init is missing from the class path: rebuild with ./mvnw package");
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
            Path target = dir.resolve("glassbox-init-" + hash);
            if (Files.isExecutable(target)) return target;
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".glassbox-init", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install glassbox-init into " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
