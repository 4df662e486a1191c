package dev.glassbox.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A one-binary root file system for tests: Debian's busybox-static with a link per applet
 * (sh, ps, hostname, nc, httpd, ...). Installed by .ci/run; a test that needs it fails
 * clearly when it is missing.
 */
public final class BusyboxRootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {}

    public static Path create(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException("/bin/busybox is missing: apt-get install busybox-static");
        }
        for (String d : List.of("bin", "proc", "sys", "dev", "etc", "tmp", "root")) Files.createDirectories(dir.resolve(d));
        Files.copy(BUSYBOX, dir.resolve("bin/busybox"));
        Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        List<String> applets = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        for (String a : applets) {
            if (!a.equals("busybox")) Files.createSymbolicLink(dir.resolve("bin/" + a), Path.of("busybox"));
        }
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.writeString(dir.resolve("etc/image-file"), "from the image\n");
        // a static glibc busybox crashes when name lookups try to load NSS modules it does not have
        Files.writeString(dir.resolve("etc/nsswitch.conf"), "hosts: files\n");
        return dir;
    }

    /** rm -rf that never follows symlinks out of {@code dir}. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
