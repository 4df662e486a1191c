package dev.glassbox.app.dashboard;

import dev.glassbox.app.core.Containers;
import dev.glassbox.app.core.Target;
import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.slides.figures.CgroupTree;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** All containers with their state, limits and usage; the CLI's actions on them. Calls run off the FX thread. */
public final class DashboardViewModel {
    private final Supplier<EngineClient> engine;
    private final CgroupReader cgroups;

    public DashboardViewModel(Supplier<EngineClient> engine, CgroupReader cgroups) {
        this.engine = engine;
        this.cgroups = cgroups;
    }

    /** A row of the table. {@code memoryUsed} -1 when unknown. */
    public record Row(Containers.Row c, long memoryUsed, long tasks) {
        public String limits() {
            List<String> l = new ArrayList<>();
            if (c.memory() > 0) l.add("mem " + CgroupTree.bytes(c.memory()));
            if (c.nanoCpus() > 0) l.add("cpus " + c.nanoCpus() / 1e9);
            if (c.pidsLimit() > 0) l.add("pids " + c.pidsLimit());
            return String.join(", ", l);
        }

        public String usage() {
            if (!c.running()) return "";
            return (memoryUsed >= 0 ? CgroupTree.bytes(memoryUsed) : "?") + (tasks >= 0 ? ", tasks " + tasks : "");
        }
    }

    public List<Row> read(Target ignored) {
        List<Row> rows = new ArrayList<>();
        for (Containers.Row c : Containers.list(engine.get(), true)) {
            long mem = -1, tasks = -1;
            if (c.running() && c.pid() > 0 && cgroups != null) {
                try {
                    CgroupNode n = cgroups.of(c.pid()).node();
                    if (n != null) {
                        var u = n.usage();
                        mem = u.memoryBytes() == null ? -1 : u.memoryBytes();
                        tasks = u.pids() == null ? -1 : u.pids();
                    }
                } catch (RuntimeException e) {
                    // exited meanwhile
                }
            }
            rows.add(new Row(c, mem, tasks));
        }
        return List.copyOf(rows);
    }

    /** The actions of the CLI, by name: start, stop, kill, rm, pause, unpause. */
    public void act(String action, String id) {
        EngineClient c = engine.get();
        switch (action) {
            case "start" -> c.start(id);
            case "stop" -> c.stop(id, 3);
            case "kill" -> c.kill(id, null);
            case "rm" -> c.remove(id, true);
            case "pause" -> c.pause(id);
            case "unpause" -> c.unpause(id);
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
    }

    /** {@code docker exec -it ID sh}: where to take the new shell's pty from. */
    public Attach execShell(String id) {
        EngineClient c = engine.get();
        String exec = c.execCreate(id, new ExecRequest(List.of("/bin/sh"), true, true, List.of("TERM=xterm"), null, null, false));
        return c.execStart(exec, false, null);
    }
}
