import dev.glassbox.image.Image;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.LayerUnpacker;
import dev.glassbox.image.Progress;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.sys.Syscalls;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The JVM side of bench/storage/bench.py, in one warm JVM as the engine is:
 *
 *   unpack TAR WORKDIR REPS      LayerUnpacker.unpack of TAR into a fresh directory, REPS times;
 *                                prints "unpack <micros> <bytes> <entries>" per rep
 *   start ROOTFS_TAR WORKDIR REPS  imports ROOTFS_TAR as an image, then create+start+wait+rm of a
 *                                /bin/true container on it (overlay over the unpacked layer);
 *                                prints "start <micros>" per rep and "lower <dir>" once
 *
 * Usage: java -cp <glassbox class path> StorageBench.java MODE ARGS...
 */
public class StorageBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path tar = Path.of(args[1]), work = Path.of(args[2]);
        int reps = Integer.parseInt(args[3]);
        if (mode.equals("unpack")) {
            for (int i = 0; i < reps + 1; i++) {
                Path target = work.resolve("unpack-" + i);
                long t0 = System.nanoTime();
                LayerUnpacker.Result r;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 16)) {
                    r = LayerUnpacker.unpack(in, target, tar.getFileName().toString(), Progress.NONE);
                }
                long t1 = System.nanoTime();
                if (i > 0) System.out.println("unpack " + (t1 - t0) / 1000 + " " + r.size() + " " + r.entries()); // rep 0 warms the JIT
                delete(target);
            }
            return;
        }
        ImageStore images = new ImageStore(work.resolve("lib"));
        Image img = images.importRootfs(tar, "storage-bench:latest", Progress.NONE);
        System.out.println("lower " + img.layerDirs().getFirst());
        try (ContainerRuntime rt = new ContainerRuntime(Syscalls.linux(), work.resolve("lib"), work.resolve("run"), images,
                "glassbox-bench", "gbbench0")) {
            ContainerConfig cfg = ContainerConfig.builder("storage-bench").cmd(List.of("/bin/true")).networkMode("none").build();
            for (int i = 0; i < reps + 5; i++) {
                long t0 = System.nanoTime();
                ContainerInfo c = rt.create(cfg);
                rt.start(c.id());
                int code = rt.await(c.id());
                rt.remove(c.id(), true);
                long t1 = System.nanoTime();
                if (code != 0) throw new IllegalStateException("exit " + code);
                if (i >= 5) System.out.println("start " + (t1 - t0) / 1000);
            }
        }
    }

    private static void delete(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
