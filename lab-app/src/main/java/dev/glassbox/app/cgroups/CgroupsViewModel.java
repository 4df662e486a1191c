package dev.glassbox.app.cgroups;

import dev.glassbox.app.core.Target;
import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.cgroup.Usage;
import dev.glassbox.cgroup.UsageSampler;
import dev.glassbox.slides.figures.ChartFigure;
import dev.glassbox.slides.figures.CgroupTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup of the target: where it sits in the tree, its limits, and its usage over the last
 * minute (memory, CPU, pids) from a {@link UsageSampler}; OOM kills are marked when the
 * kernel's oom_kill count goes up. {@link #read} runs off the FX thread, once a second.
 */
public final class CgroupsViewModel {
    static final int WINDOW = 60;

    private final CgroupReader reader;
    private final UsageSampler sampler = new UsageSampler(WINDOW + 1);
    private CgroupNode watched;
    private Long lastOomKills;
    private final List<Instant> oomKills = new ArrayList<>();
    private CgroupTree tree;
    private int readsSinceTree;

    public CgroupsViewModel(CgroupReader reader) {
        this.reader = reader;
    }

    /** What the page shows. Charts' points are seconds before now. */
    public record Snapshot(String version, String path, Limits limits, Usage usage, CgroupTree tree, List<ChartFigure.Point> memory,
                           List<ChartFigure.Point> cpu, List<ChartFigure.Point> pids, List<Double> oomMarks) {

        /** The memory limit the chart draws, in bytes, or null. */
        public Double memoryLimit() {
            return limits.memoryBytes() == null ? null : limits.memoryBytes().doubleValue();
        }

        /** The CPU limit as percent of one CPU (cpus 0.5 = 50 %), or null. */
        public Double cpuLimitPercent() {
            return limits.cpuQuotaMicros() == null ? null : 100.0 * limits.cpuQuotaMicros() / limits.cpuPeriodMicros();
        }

        public Double pidsLimit() {
            return limits.pidsMax() == null ? null : limits.pidsMax().doubleValue();
        }
    }

    public synchronized Snapshot read(Target target) {
        if (target.pid() <= 0) throw new IllegalStateException(target.name() + " is not running: start it, or pick a PID");
        CgroupNode node = reader.of(target.pid()).node();
        if (node == null) throw new IllegalStateException("PID " + target.pid() + " is in no mounted cgroup hierarchy");
        if (!node.equals(watched)) {
            if (watched != null) sampler.unwatch(watched);
            sampler.watch(node);
            watched = node;
            lastOomKills = null;
            oomKills.clear();
        }
        sampler.sampleNow();
        Usage usage = node.usage();
        Long kills = usage.oomKillEvents();
        Instant now = Instant.now();
        if (kills != null && lastOomKills != null && kills > lastOomKills) oomKills.add(now);
        if (kills != null) lastOomKills = kills;
        List<UsageSampler.Sample> samples = sampler.samples(node);
        List<ChartFigure.Point> mem = new ArrayList<>(), cpu = new ArrayList<>(), pids = new ArrayList<>();
        for (UsageSampler.Sample s : samples) {
            double t = WINDOW - (now.toEpochMilli() - s.at().toEpochMilli()) / 1000.0;
            if (s.memoryBytes() >= 0) mem.add(new ChartFigure.Point(t, s.memoryBytes()));
            cpu.add(new ChartFigure.Point(t, s.cpuPercent()));
            if (s.pids() >= 0) pids.add(new ChartFigure.Point(t, s.pids()));
        }
        List<Double> marks = oomKills.stream().map(i -> WINDOW - (now.toEpochMilli() - i.toEpochMilli()) / 1000.0).toList();
        // the tree changes when containers come and go, not every second: walk it every 5th read
        if (tree == null || readsSinceTree++ >= 5 || !tree.toString().contains(node.path())) {
            tree = CgroupTree.read(reader.root(), List.of(node.path()), 5);
            readsSinceTree = 0;
        }
        return new Snapshot(node.version(), node.path(), node.limits(), usage, tree, mem, cpu, pids, marks);
    }

    public static String bytes(double v) {
        return CgroupTree.bytes((long) v);
    }
}
