package dev.glassbox.inspect;

import static dev.glassbox.inspect.InspectBench.report;
import static dev.glassbox.inspect.InspectBench.time;

import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.UsageSampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Speed of the cgroup and network views, run by bench/inspect/views.sh as root (not a unit
 * test). Starts N namespace sets ({@code unshare --fork --pid --mount --uts --ipc --net
 * --mount-proc sleep}), gives each a veth to the host ({@code ip link add}) and its own v1
 * cgroup under {@code /glassbox-test-bench-X} in memory, cpu, cpuacct and pids, then times:
 * the cgroup view and the network view of one, a full snapshot (every view) of one and of all
 * N, {@code lsns -J} on one and on each of the N in the same run, and the usage sampler at 10 Hz
 * over 50 of the cgroups for 30 s (CPU time of its thread over wall time). Removes everything
 * it made.
 */
public final class InspectViewsBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int sampleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Process> started = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        List<String> veths = new ArrayList<>();
        try (TestCgroupV1 cgroups = new TestCgroupV1()) {
            for (int i = 0; i < n; i++) {
                started.add(new ProcessBuilder("unshare", "--fork", "--pid", "--mount", "--uts", "--ipc", "--net",
                        "--mount-proc", "sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (Process p : started) pids.add(UnshareInspectionTest.waitForChildRunning(p.toHandle(), "sleep"));
            for (int i = 0; i < n; i++) {
                String host = "gbbench" + i;
                Commands.run("ip", "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", Integer.toString(pids.get(i)));
                veths.add(host);
                Commands.run("ip", "link", "set", host, "up");
                cgroups.mkdirs("c" + i);
                cgroups.write("memory", "c" + i, "memory.limit_in_bytes", Long.toString(64L << 20));
                cgroups.write("cpu", "c" + i, "cpu.cfs_quota_us", "50000");
                cgroups.write("pids", "c" + i, "pids.max", "64");
                cgroups.join("c" + i, pids.get(i));
            }
            run(n, pids, sampleSeconds);
        } finally {
            for (int pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            for (Process p : started) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            for (String v : veths) {
                try {
                    Commands.run("ip", "link", "del", v);
                } catch (AssertionError goneWithItsNamespace) {
                    // the peer's namespace died first and took the pair with it
                }
            }
        }
    }

    private static void run(int n, List<Integer> pids, int sampleSeconds) throws Exception {
        Inspector plain = new Inspector();
        CgroupView.Reader cgroupReader = CgroupView.reader();
        Inspector full = plain.withExtraView(cgroupReader).withExtraView(NetworkView.reader());
        int one = pids.getFirst();
        System.out.printf("machine: %d cores, %s, %d processes in /proc, %d namespace sets with a veth and a v1 cgroup each%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), plain.proc().pids().size(), n);

        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < warmEnd) {
            full.snapshot(one);
            cgroupReader.read(one, plain.proc());
        }
        ProcessTable table = plain.scan();
        report("cgroup view, one container", time(200, () -> cgroupReader.read(one, plain.proc())));
        report("network view, one container (table given)", time(200, () -> NetworkView.read(one, table)));
        report("network view with a scan of net links only", time(200,
                () -> NetworkView.read(one, plain.scan(java.util.EnumSet.of(NsType.NET)))));
        report("snapshot(pid) without cgroup and net", time(100, () -> plain.snapshot(one)));
        report("snapshot(pid), every view, one container", time(100, () -> full.snapshot(one)));
        report("snapshots(" + n + " pids), every view", time(10, () -> full.snapshots(pids)));
        report("snapshots(" + n + " pids) without cgroup and net", time(10, () -> plain.snapshots(pids)));
        // beside them in the same run, the system's own tool (namespaces only)
        report("lsns -J -p PID, one container", time(20, () -> InspectBench.lsns("-J", "-p", Integer.toString(one))));
        report("lsns -J -p PID for each of the " + n, time(3, () -> {
            for (int pid : pids) InspectBench.lsns("-J", "-p", Integer.toString(pid));
        }));
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
        sampler(pids.subList(0, Math.min(50, pids.size())), cgroupReader, plain.proc(), sampleSeconds);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** The sampler at 10 Hz over these cgroups: CPU time of its thread over wall time. */
    private static void sampler(List<Integer> pids, CgroupView.Reader reader, ProcFs proc, int seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (UsageSampler sampler = new UsageSampler(600)) {
            List<CgroupNode> nodes = new ArrayList<>();
            for (int pid : pids) {
                CgroupNode node = reader.node(pid, proc).orElseThrow();
                nodes.add(node);
                sampler.watch(node);
            }
            sampler.start(Duration.ofMillis(100));
            Thread samplerThread = null;
            while (samplerThread == null) {
                samplerThread = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("cgroup-usage-sampler")).findFirst().orElse(null);
            }
            Thread.sleep(2000); // let it warm up before measuring
            long cpu0 = threads.getThreadCpuTime(samplerThread.threadId()), wall0 = System.nanoTime();
            int samples0 = sampler.samples(nodes.getFirst()).size();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long cpu = threads.getThreadCpuTime(samplerThread.threadId()) - cpu0, wall = System.nanoTime() - wall0;
            int rounds = sampler.samples(nodes.getFirst()).size() - samples0;
            System.out.printf("sampler, 10 Hz over %d cgroups for %d s: %d rounds, thread CPU %.1f ms = %.2f %% of one core"
                            + " (%.0f us per round, %.1f us per cgroup)%n",
                    nodes.size(), seconds, rounds, cpu / 1e6, cpu * 100.0 / wall, cpu / 1e3 / rounds, cpu / 1e3 / rounds / nodes.size());
        }
    }
}
