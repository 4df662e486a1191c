package dev.glassbox.runtime.step;

import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.init.InitStage;
import java.util.List;

/** Init stage: replace glassbox-init in the container with the container's command. */
public final class ExecStep implements Step {
    @Override public String id() { return "exec"; }

    @Override public String title() { return "Run the command (execve)"; }

    @Override public String explanation() {
        return "Everything is in place: execve(2) replaces the program of the container's first process with the "
                + "container's command, which keeps the namespaces, cgroup, root and capabilities set up so far. "
                + "It is PID 1 in its PID namespace; when it exits, the container stops.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        return List.of("cd " + ctx.spec().workingDir() + " && exec " + String.join(" ", ctx.spec().argv()));
    }

    @Override public List<String> apply(StepContext ctx) {
        ContainerSpec s = ctx.spec();
        InitStage init = ctx.init();
        InitStage.Batch b = init.batch();
        if (s.consolePath() != null) {
            // a new session whose controlling terminal is the pty on fds 0-2: job control, ^C, `top` work
            b.call("setsid");
            b.call("ctty");
        }
        b.call("chdir", s.workingDir());
        init.exec(b, s.argv().get(0), s.argv(), s.env());
        return List.of("PID " + (s.namespaces().pid() ? "1" : String.valueOf(init.initPid())) + " is now: "
                + String.join(" ", s.argv()));
    }
}
