import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine-side start-to-exit latency: the runtime already running (as the engine is), each
 * sample is create + start + wait for exit + rm of a container running /bin/true, the same
 * work `runc run` and `crun run` do. Prints one line per sample in microseconds, then
 * "cpu MICROS" per sample (the JVM's own CPU time during it), then VmHWM.
 *
 * Usage: java -cp <glassbox class path> EngineSide.java ROOTFS_TAR WORKDIR WARMUP SAMPLES [CGROUP_PARENT]
 */
public class EngineSide {
    /** This JVM's own CPU time, every thread (user + system). */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    public static void main(String[] args) throws Exception {
        Path tar = Path.of(args[0]), work = Path.of(args[1]);
        int warmup = Integer.parseInt(args[2]), samples = Integer.parseInt(args[3]);
        String cgroupParent = args.length > 4 ? args[4] : "glassbox-bench";
        ImageStore images = new ImageStore(work.resolve("lib"));
        images.importRootfs(tar, "bench:latest", Progress.NONE);
        try (ContainerRuntime rt = new ContainerRuntime(Syscalls.linux(), work.resolve("lib"), work.resolve("run"), images, cgroupParent, "gbbench0")) {
            ContainerConfig cfg = ContainerConfig.builder("bench").cmd(List.of("/bin/true")).networkMode("none").build();
            List<Long> micros = new ArrayList<>(), cpuMicros = new ArrayList<>();
            for (int i = 0; i < warmup + samples; i++) {
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                ContainerInfo c = rt.create(cfg);
                rt.start(c.id());
                int code = rt.await(c.id());
                rt.remove(c.id(), true);
                long t1 = System.nanoTime();
                long cpu1 = cpuNanos();
                if (code != 0) throw new IllegalStateException("exit " + code);
                if (i >= warmup) {
                    micros.add((t1 - t0) / 1000);
                    cpuMicros.add((cpu1 - cpu0) / 1000);
                }
            }
            micros.forEach(System.out::println);
            cpuMicros.forEach(c -> System.out.println("cpu " + c));
            Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).forEach(System.out::println);
        }
    }
}
