package dev.glassbox.runtime.init;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One glassbox-init started ahead of time, waiting for the next container ({@code glassbox-init -}).
 * Starting a program costs the engine a posix_spawn, and the program its start-up (the C library
 * looks the CPU up, which in a virtual machine is slow); done while no container waits for it,
 * that is half a millisecond less in each start. The one taken is replaced in the background.
 *
 * <p>None is started before the first {@link #prepare}: an engine that runs no container has no
 * glassbox-init waiting. A waiting glassbox-init has no container: when the engine closes its end of the control
 * socket (here in {@link #close}, or because the engine died), it reads the end and exits.
 */
public final class InitPool implements AutoCloseable {
    private final Syscalls sys;
    private final Path binary;
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "init-pool");
        t.setDaemon(true);
        return t;
    });
    private InitStage waiting;
    private boolean starting;
    private boolean closed;

    public InitPool(Syscalls sys, Path binary) {
        this.sys = sys;
        this.binary = binary;
    }

    /**
     * The waiting glassbox-init, for {@link InitStage#adopt}; null when none is ready (start one
     * then). Its replacement comes with the next {@link #prepare}.
     */
    public synchronized InitStage take() {
        InitStage ready = waiting;
        waiting = null;
        return ready;
    }

    /**
     * Starts the next one in the background, unless one is waiting or starting. The engine asks once
     * a container runs: started while a container's own steps ran, it slowed them by a millisecond
     * (two cores here).
     */
    public synchronized void prepare() {
        if (closed || waiting != null || starting) return;
        starting = true;
        spawner.execute(() -> {
            InitStage fresh;
            try {
                fresh = InitStage.spawnWaiting(sys, binary, "glassbox-init");
            } catch (RuntimeException e) {
                synchronized (this) {
                    starting = false;
                }
                return; // the next start spawns its own, and reports why if it fails too
            }
            synchronized (this) {
                starting = false;
                if (!closed && waiting == null) {
                    waiting = fresh;
                    return;
                }
            }
            discard(fresh);
        });
    }

    /** Closes our end: it reads the end of the stream and exits; then it is reaped. */
    private void discard(InitStage stage) {
        stage.close();
        try {
            sys.waitpid(stage.shimPid(), 0);
        } catch (SysException e) {
            if (e.errno() != Errno.ECHILD) throw e;
        }
    }

    @Override
    public void close() {
        InitStage left;
        synchronized (this) {
            closed = true;
            left = waiting;
            waiting = null;
        }
        spawner.shutdown();
        try {
            spawner.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS); // one being started is discarded there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (left != null) discard(left);
    }
}
