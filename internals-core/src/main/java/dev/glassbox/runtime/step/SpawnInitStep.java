package dev.glassbox.runtime.step;

import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.init.InitPool;
import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.SysException;
import java.util.List;

/** Host side: start glassbox-init, the shim that will be the container's parent. */
public final class SpawnInitStep implements Step {
    private final InitPool pool;

    /** @param pool glassbox-inits started ahead of time, for straight runs; null: always start one */
    public SpawnInitStep(InitPool pool) {
        this.pool = pool;
    }

    @Override public String id() { return "init"; }

    @Override public String title() { return "Start glassbox-init, the container's parent"; }

    @Override public String explanation() {
        return "A process can only be given new namespaces when it is created (clone) or by unsharing its own. "
                + "The engine starts glassbox-init, a small C program, in a session of its own. It stays as the "
                + "container's parent (a shim): when the container's PID 1 exits, it records the exit status, "
                + "so the status is never lost even if the engine restarts. Without --step, the engine takes one it "
                + "started ahead of time, waiting, and hands it the container's exit file and stdio (SCM_RIGHTS).";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        return List.of("setsid glassbox-init " + ctx.spec().exitFile() + " 3<>control-socket &");
    }

    @Override public List<String> apply(StepContext ctx) {
        ContainerSpec s = ctx.spec();
        InitStage waiting = pool == null || ctx.observe() ? null : pool.take();
        if (waiting != null) {
            ctx.init(waiting); // from here on, a failure ends it (undo)
            waiting.adopt(s.exitFile(), s.stdio());
            return List.of("glassbox-init started ahead of time: host PID " + waiting.shimPid() + " (its own session)");
        }
        InitStage init = InitStage.spawn(ctx.sys(), s.initBinary(), s.exitFile(), s.stdio(), "glassbox-init");
        ctx.init(init);
        return List.of("glassbox-init started: host PID " + init.shimPid() + " (its own session)");
    }

    @Override public void undo(StepContext ctx) {
        if (!ctx.hasInit()) return;
        InitStage init = ctx.init();
        // the container's init first (its namespaces go with it), then the shim, which we reap
        if (init.initPid() > 0) killQuietly(ctx, init.initPid());
        killQuietly(ctx, init.shimPid());
        try {
            ctx.sys().waitpid(init.shimPid(), 0);
        } catch (SysException e) {
            if (e.errno() != dev.glassbox.sys.Errno.ECHILD) throw e;
        }
        init.close();
        ctx.init(null);
    }

    private static void killQuietly(StepContext ctx, int pid) {
        try {
            ctx.sys().kill(pid, Kernel.SIGKILL);
        } catch (SysException e) {
            if (e.errno() != dev.glassbox.sys.Errno.ESRCH) throw e;
        }
    }
}
