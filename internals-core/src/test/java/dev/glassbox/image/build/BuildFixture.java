package dev.glassbox.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.image.StoredImage;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A store and a runtime on a temp root with busybox imported, as the runtime's own tests make
 * them, with their own cgroup parent and bridge so a real Glassbox is never touched.
 */
public final class BuildFixture implements AutoCloseable {
    public final Path root;
    public final ImageStore images;
    public final ContainerRuntime runtime;
    private final String cgroupParent = "glassbox-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final String bridge = "gbtest" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));

    public BuildFixture(String name) throws Exception {
        root = Files.createTempDirectory(name);
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Path tar = root.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        assertEquals(0, p.waitFor());
        images = new ImageStore(root.resolve("lib"));
        images.importRootfs(tar, "busybox:latest", Progress.NONE);
        runtime = new ContainerRuntime(Syscalls.linux(), root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge);
    }

    /** Runs {@code image} with its own command (or {@code cmd}) to the end; its log. */
    public String run(String image, String... cmd) throws Exception {
        ContainerConfig.Builder b = ContainerConfig.builder(image).networkMode("none");
        if (cmd.length > 0) b.cmd(List.of(cmd));
        ContainerInfo c = runtime.create(b.build());
        try {
            runtime.start(c.id());
            int code = runtime.await(c.id());
            String log = Files.readString(runtime.logFile(c.id()));
            assertEquals(0, code, log);
            return log;
        } finally {
            runtime.remove(c.id(), true);
        }
    }

    /** The entries of a layer blob: name to "type mode uid:gid size" (or link target). */
    public static Map<String, String> entries(StoredImage.Blob layer) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(layer.file());
             TarArchiveInputStream tar = new TarArchiveInputStream(layer.mediaType().endsWith("gzip")
                     ? new java.util.zip.GZIPInputStream(raw) : raw)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String type = e.isDirectory() ? "d" : e.isSymbolicLink() ? "l" : e.isLink() ? "h" : "f";
                out.put(e.getName(), type + " " + Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + ":"
                        + e.getLongGroupId() + " " + e.getSize() + (e.getLinkName().isEmpty() ? "" : " -> " + e.getLinkName()));
            }
        }
        return out;
    }

    public static String fileContent(StoredImage.Blob layer, String name) throws IOException {
        try (InputStream raw = Files.newInputStream(layer.file()); TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) if (e.getName().equals(name)) return new String(tar.readAllBytes());
        }
        return null;
    }

    /** The unpacked layers and blobs in the store, to check that nothing was left behind. */
    public List<String> storeContents() throws IOException {
        List<String> out = new ArrayList<>();
        for (String d : List.of("layers", "oci/blobs/sha256")) {
            try (var s = Files.list(root.resolve("lib").resolve(d))) {
                s.map(p -> d + "/" + p.getFileName()).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (ContainerInfo c : runtime.list(true)) runtime.remove(c.id(), true);
        runtime.close();
        try (var rtnl = dev.glassbox.net.Rtnl.open()) {
            rtnl.deleteLinkIfExists(bridge);
        }
        dev.glassbox.testing.CgroupParents.remove(cgroupParent);
        BusyboxRootfs.delete(root);
    }
}
