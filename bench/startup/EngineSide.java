import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.sys.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine-side start-to-exit latency: the runtime already running (as the engine is), each
 * sample is what `glassbox run --rm` asks of it for a container running /bin/true: create
 * (AutoRemove), start for an attached client, wait, which answers once the container is removed.
 * The same work `runc run` and `crun run` do. Prints one line per sample in microseconds, then
 * "cpu MICROS" per sample (the JVM's own CPU time during it), then VmHWM.
 *
 * Usage: java -cp <glassbox class path> EngineSide.java ROOTFS_TAR WORKDIR WARMUP SAMPLES [CGROUP_PARENT [--peer SPAWN CMD...]]
 *
 * <p>With {@code --peer}, each sample of Glassbox's is paired with one run of CMD ({i} in it becomes
 * the sample's number) through the spawn helper, in turn (which goes first alternates), so that
 * both see the same machine: the figures of one run can drift by a third between its beginning and
 * its end. The peer's samples are printed as "peer MS".
 */
public class EngineSide {
    private static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    /**
     * This JVM's own CPU time, every thread (user + system), to the nanosecond:
     * clock_gettime(CLOCK_PROCESS_CPUTIME_ID). ProcessHandle's counts clock ticks (10 ms), longer
     * than a sample, so most samples read 0 and the rest 10 or 20 ms.
     */
    static long cpuNanos() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = a.allocate(16, 8);
            int rc = (int) CLOCK_GETTIME.invokeExact(2 /* CLOCK_PROCESS_CPUTIME_ID */, ts);
            if (rc != 0) throw new IllegalStateException("clock_gettime failed");
            return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** One run of the peer through the spawn helper (its first word), which prints "MS RSS CODE CPU". */
    static void runPeer(List<String> cmd, int i, List<Double> into) throws Exception {
        Process p = new ProcessBuilder(cmd.stream().map(a -> a.replace("{i}", String.valueOf(i))).toList())
                .redirectErrorStream(true).start();
        String[] out = new String(p.getInputStream().readAllBytes()).trim().split("\\s+");
        if (p.waitFor() != 0 || out.length < 3 || !out[2].equals("0")) {
            throw new IllegalStateException("peer " + String.join(" ", cmd) + " failed: " + String.join(" ", out));
        }
        if (into != null) into.add(Double.parseDouble(out[0]));
    }

    public static void main(String[] args) throws Exception {
        Path tar = Path.of(args[0]), work = Path.of(args[1]);
        int warmup = Integer.parseInt(args[2]), samples = Integer.parseInt(args[3]);
        String cgroupParent = args.length > 4 ? args[4] : "glassbox-bench";
        List<String> peer = args.length > 6 && args[5].equals("--peer") ? List.of(args).subList(6, args.length) : List.of();
        List<Double> peerMs = new ArrayList<>();
        ImageStore images = new ImageStore(work.resolve("lib"));
        images.importRootfs(tar, "bench:latest", Progress.NONE);
        try (ContainerRuntime rt = new ContainerRuntime(Syscalls.linux(), work.resolve("lib"), work.resolve("run"), images, cgroupParent, "gbbench0")) {
            ContainerConfig cfg = ContainerConfig.builder("bench").cmd(List.of("/bin/true")).networkMode("none").autoRemove(true).build();
            List<Long> micros = new ArrayList<>(), cpuMicros = new ArrayList<>();
            for (int i = 0; i < warmup + samples; i++) {
                boolean measured = i >= warmup;
                if (!peer.isEmpty() && i % 2 == 0) runPeer(peer, i, measured ? peerMs : null);
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                ContainerInfo c = rt.create(cfg);
                rt.start(c.id(), true);
                int code = rt.await(c.id());
                long t1 = System.nanoTime();
                if (rt.list(true).stream().anyMatch(x -> x.id().equals(c.id()))) throw new IllegalStateException("not removed");
                long cpu1 = cpuNanos();
                if (code != 0) throw new IllegalStateException("exit " + code);
                if (measured) {
                    micros.add((t1 - t0) / 1000);
                    cpuMicros.add((cpu1 - cpu0) / 1000);
                }
                if (!peer.isEmpty() && i % 2 == 1) runPeer(peer, i, measured ? peerMs : null);
            }
            micros.forEach(System.out::println);
            peerMs.forEach(ms -> System.out.println("peer " + ms));
            cpuMicros.forEach(c -> System.out.println("cpu " + c));
            Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).forEach(System.out::println);
        }
    }
}
