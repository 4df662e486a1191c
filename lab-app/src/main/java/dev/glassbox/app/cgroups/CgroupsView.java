package dev.glassbox.app.cgroups;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.LivePage;
import dev.glassbox.app.core.Palettes;
import dev.glassbox.app.core.Target;
import dev.glassbox.app.draw.Changes;
import dev.glassbox.app.draw.FigurePane;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.slides.figures.CgroupFigure;
import dev.glassbox.slides.figures.ChartFigure;
import java.time.Duration;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.VBox;

/** The cgroups page: the tree with the target's cgroup highlighted, its limits, and live charts. */
public final class CgroupsView extends LivePage<CgroupsViewModel.Snapshot> {
    private final CgroupsViewModel vm;
    private final FigurePane tree = new FigurePane("cg-tree", "cgroup-tree");
    private final FigurePane memory = new FigurePane("cg-memory-chart", "memory");
    private final FigurePane cpu = new FigurePane("cg-cpu-chart", "cpu");
    private final FigurePane pids = new FigurePane("cg-pids-chart", "pids");
    private final Label limits = new Label();
    private CgroupsViewModel.Snapshot last;

    public CgroupsView(AppContext ctx, CgroupsViewModel vm) {
        super(ctx, "cgroups", "The kernel counts and limits the resources of a group of processes: the limits are plain "
                + "files in the container's cgroup directory (memory.max, cpu.max, pids.max in v2; memory.limit_in_bytes, "
                + "cpu.cfs_quota_us, pids.max in v1's per-controller trees).", Duration.ofSeconds(1));
        this.vm = vm;
        limits.setId("cg-limits");
        limits.setWrapText(true);
        for (FigurePane f : new FigurePane[] {tree, memory, cpu, pids}) f.setStatus(message::setText);
        memory.setMinHeight(220);
        cpu.setMinHeight(220);
        pids.setMinHeight(220);
        VBox charts = new VBox(4, limits, memory, cpu, pids);
        javafx.scene.control.ScrollPane sc = new javafx.scene.control.ScrollPane(charts);
        sc.setFitToWidth(true);
        SplitPane split = new SplitPane(tree, sc);
        split.setDividerPositions(0.54); // the tree's title in full, the charts without scroll bars
        setCenter(split);
        ctx.presenterProperty().addListener((o, a, b) -> redraw());
        ctx.changed().addListener((javafx.collections.SetChangeListener<String>) c -> redraw());
    }

    @Override
    protected CgroupsViewModel.Snapshot read(Target target) {
        return vm.read(target);
    }

    @Override
    protected void show(CgroupsViewModel.Snapshot s) {
        last = s;
        var l = s.limits();
        // the files' own names: v2's, or v1's in the memory, cpu and pids controllers
        boolean v2 = "v2".equals(s.version());
        String mem = l.memoryBytes() == null ? (v2 ? "max" : "none") : CgroupsViewModel.bytes(l.memoryBytes());
        String quota = l.cpuQuotaMicros() == null ? (v2 ? "max" : "-1") : Long.toString(l.cpuQuotaMicros());
        limits.setText(s.path() + "\n" + (v2
                ? "memory.max " + mem + "   cpu.max " + quota + " " + l.cpuPeriodMicros()
                : "memory.limit_in_bytes " + mem + "   cpu.cfs_quota_us " + quota + " (period " + l.cpuPeriodMicros() + ")")
                + "   pids.max " + (l.pidsMax() == null ? "max" : l.pidsMax())
                + (s.usage().oomKillEvents() != null ? "   oom_kill " + s.usage().oomKillEvents() : ""));
        redraw();
    }

    private void redraw() {
        if (last == null) return;
        Palette p = Palettes.of(ctx);
        double w = 450, h = 200;
        java.util.Set<String> changed = java.util.Set.copyOf(ctx.changed());
        tree.show(Changes.mark(CgroupFigure.draw(last.tree(), p), tag -> Changes.cgroupChanged(tag, changed),
                "\u2190 changed by the last step", p));
        memory.show(ChartFigure.draw("memory", last.memory(), last.memoryLimit(), last.oomMarks(), CgroupsViewModel.WINDOW,
                w, h, CgroupsViewModel::bytes, p));
        cpu.show(ChartFigure.draw("CPU", last.cpu(), last.cpuLimitPercent(), java.util.List.of(), CgroupsViewModel.WINDOW,
                w, h, ChartFigure::percent, p));
        pids.show(ChartFigure.draw("pids", last.pids(), last.pidsLimit(), java.util.List.of(), CgroupsViewModel.WINDOW,
                w, h, v -> Long.toString(Math.round(v)), p));
    }

    public CgroupsViewModel.Snapshot snapshot() {
        return last;
    }

    public FigurePane tree() {
        return tree;
    }

    public FigurePane memoryChart() {
        return memory;
    }
}
