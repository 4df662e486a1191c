package dev.glassbox.cli;

import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", sortOptions = false,
        description = {"Create a container from an image and start it.",
                "Attached (the default), its output is shown and glassbox exits with the container's exit code. "
                        + "With --step, it is started one step at a time, each explained."},
        footerHeading = "%nExamples:%n",
        footer = {"  glassbox run --rm base echo hello",
                "  glassbox run -it --name box -h box base sh",
                "  glassbox run --step -it base sh              see each step the kernel takes",
                "  glassbox run -d --name web -m 64m --cpus 0.5 --pids-limit 50 base sleep 1000",
                "  glassbox run --rm --network none --cap-drop ALL base id"})
final class RunCommand extends Verb {
    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container's id.")
    boolean detach;

    @Option(names = "--step", description = "Start the container one step at a time, explaining each (Glassbox's own).")
    boolean step;

    @Mixin ContainerOptions opts;

    @Override
    public Integer call() throws Exception {
        // --rm is the engine's AutoRemove, as Docker's CLI sends it. Started for an attached client, a
        // container is kept after its exit until our wait has its code (Docker's wait?condition=removed),
        // so its output is all read first; the engine removes it as it answers the wait.
        CreateBody body = opts.toBody(main().environment);
        EngineClient c = client();
        String id = c.create(body, opts.name);
        boolean removeAtEnd = opts.rm && !detach; // until the engine has it: not started, or a failure on our side
        try {
            try {
                if (!startIt(this, c, id, step, !detach)) return 0;
            } catch (EngineException e) {
                // the command could not be executed (126) or found (127): Docker says why and exits with that code
                int code = c.inspect(id).path("State").path("ExitCode").asInt();
                if (code != 126 && code != 127) throw e;
                err().println("glassbox: " + e.getMessage());
                return code;
            }
            if (detach) {
                out().println(id);
                return 0;
            }
            int code = attachAndWait(main(), c, id, opts.tty, opts.interactive);
            removeAtEnd = false; // the engine removed it as our wait returned
            return code;
        } catch (RuntimeException e) {
            if (opts.rm) removeAtEnd = true;
            throw e;
        } finally {
            if (removeAtEnd) removeQuietly(c, id);
        }
    }

    /**
     * Starts straight through, or step by step; false when the user aborted the steps.
     * {@code attachNext}: we attach next (its terminal, its stdin or its log), so its output waits
     * for us, and a --rm container for our wait.
     */
    static boolean startIt(Verb v, EngineClient c, String id, boolean step, boolean attachNext) {
        if (!step) {
            if (attachNext) c.startForAttach(id);
            else c.start(id);
            return true;
        }
        Main m = v.main();
        boolean terminal = m.in == System.in && m.sys().isatty(0);
        return StepMode.run(c, id, m.out, StepMode.LineSource.of(m.in, terminal), attachNext);
    }

    /**
     * Connects to a started container until it exits; its exit code. A terminal or stdin is
     * taken from the shim; output without a terminal is the followed log. A container that
     * ended before we could attach (a short command) has all its output in its log: shown.
     */
    static int attachAndWait(Main main, EngineClient c, String id, boolean tty, boolean interactive) throws InterruptedException {
        if (!tty && !interactive) {
            c.logs(id, true, null, main.out);
            return c.await(id);
        }
        TerminalSession session = new TerminalSession(main.sys(), main.in, main.out, main.in == System.in && main.sys().isatty(0));
        try {
            return session.run(c.attach(id), interactive, false, () -> {
                if (!tty) c.logs(id, true, null, main.out);
                return c.await(id);
            });
        } catch (EngineException e) {
            if (e.status() != 409) throw e; // 409: not running any more
        } catch (TerminalSession.Gone e) {
            // its shim ended between the engine's answer and our taking the terminal
        }
        // followed: what no client read is in its log once it has stopped; before the wait, which removes a --rm container
        c.logs(id, true, null, main.out);
        return c.await(id);
    }

    /** As Docker's --rm: the container and its anonymous volumes. */
    static void removeQuietly(EngineClient c, String id) {
        try {
            c.remove(id, true, true);
        } catch (EngineException e) {
            if (e.status() != 404) throw e; // already gone (the engine's auto-remove) is fine
        }
    }
}
