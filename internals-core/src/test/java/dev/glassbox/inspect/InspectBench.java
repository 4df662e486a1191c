package dev.glassbox.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Speed of the inspectors, run by bench/inspect/run.sh as root (not a unit test): starts N
 * namespace sets with {@code unshare --fork --pid --mount --uts --ipc --net --mount-proc sleep},
 * times full snapshots of one and of all of them, and {@code lsns -J} on the same machine in
 * the same run, then kills what it started.
 */
public final class InspectBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<Process> started = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Process p = new ProcessBuilder("unshare", "--fork", "--pid", "--mount", "--uts", "--ipc", "--net",
                        "--mount-proc", "sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                started.add(p);
            }
            for (Process p : started) pids.add(UnshareInspectionTest.waitForChildRunning(p.toHandle(), "sleep"));
            run(n, pids);
        } finally {
            for (int pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            for (Process p : started) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(int n, List<Integer> pids) throws Exception {
        Inspector inspector = new Inspector();
        int one = pids.getFirst();
        System.out.printf("machine: %d cores, %s, %d processes in /proc, %d namespace sets (unshare + sleep each)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                inspector.proc().pids().size(), n);

        // warm-up: let the JIT compile the parsers
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < warmEnd) {
            inspector.snapshot(one);
            inspector.snapshots(pids);
        }

        report("snapshot(pid), one container, warm", time(200, () -> inspector.snapshot(one)));
        report("  of which: the /proc scan", time(200, inspector::scan));
        // where the rest goes: each view on a table already scanned
        ProcessTable table = inspector.scan();
        report("  namespace view (ioctls, sharers), table given", time(200, () -> inspector.namespaces(one, table)));
        report("  capability view", time(200, () -> inspector.capabilities(one)));
        report("  mount view", time(200, () -> inspector.mounts(one)));
        report("  process tree, table given", time(200, () -> inspector.processes(one, table)));
        report("processes(pid): tree with a scan of pid links only", time(200, () -> inspector.processes(one)));
        report("snapshots(" + n + " pids), one shared scan", time(20, () -> inspector.snapshots(pids)));
        report("lsns -J -p PID, one container", time(20, () -> lsns("-J", "-p", Integer.toString(one))));
        report("lsns -J, whole machine (namespaces only)", time(10, () -> lsns("-J")));
        report("lsns -J -p PID for each of the " + n, time(3, () -> {
            for (int pid : pids) lsns("-J", "-p", Integer.toString(pid));
        }));
        System.out.println("load average: " + uptime());
    }

    /** lsns, its output discarded; it exits 1 now and then when a process vanishes under its scan, which we ignore. */
    static void lsns(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("lsns"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
    }

    interface Work { void run() throws Exception; }

    static double[] time(int rounds, Work w) throws Exception {
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            w.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static void report(String what, double[] ms) {
        System.out.printf("%-48s median %8.2f ms   p90 %8.2f ms   min %8.2f ms   (%d runs)%n", what,
                ms[ms.length / 2], ms[(int) Math.min(ms.length - 1, Math.floor(ms.length * 0.9))], ms[0], ms.length);
    }

    static String uptime() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
