package dev.glassbox.runtime;

import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Drains a {@code -t} container's terminal into its log while no client is attached, so a
 * detached container never blocks on a full terminal and {@code logs} shows its output.
 * Paused while a client reads the terminal itself: two readers would split the output.
 *
 * <p>A start for a client that attaches next ({@code run -t}) begins paused: the output waits
 * in the pty for that client, for at most {@link #HOLD_NANOS}, then goes to the log as usual.
 * When the container ends, what no client read is drained into the log (after a moment for an
 * attached client to read it), so a command that finished before its client attached, or before
 * it could take the terminal, still has all its output there.
 */
final class TtyPump implements AutoCloseable {
    /** How long output waits for the client that said it would attach (one that crashed never comes). */
    static final long HOLD_NANOS = 5_000_000_000L;
    /** How long an attached client has, at the end, to read the terminal before the rest goes to the log. */
    static final long CLIENT_GRACE_MILLIS = 50;

    private final Syscalls sys;
    private final int master;
    private final FileChannel log;
    private final Thread thread;
    /** Guards paused and each read, so that once pause() returns no read of ours is under way. */
    private final Object lock = new Object();
    private boolean paused;
    private boolean clientAttached;
    private long holdUntil;
    private volatile boolean closed;

    private TtyPump(Syscalls sys, int master, FileChannel log, boolean clientComing) {
        this.sys = sys;
        this.master = master;
        this.log = log;
        this.paused = clientComing;
        this.holdUntil = clientComing ? System.nanoTime() + HOLD_NANOS : 0;
        this.thread = Thread.ofPlatform().daemon().name("tty-pump").unstarted(this::run);
    }

    static TtyPump start(Syscalls sys, int master, Path logFile, boolean clientComing) {
        try {
            FileChannel log = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            TtyPump p = new TtyPump(sys, master, log, clientComing);
            p.thread.start();
            return p;
        } catch (IOException e) {
            sys.close(master);
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A client reads the terminal now; returns once no read of ours is under way. */
    void pause() {
        synchronized (lock) {
            paused = true;
            clientAttached = true;
            holdUntil = 0;
        }
    }

    /** The client has gone: drain into the log again. */
    void resume() {
        synchronized (lock) {
            paused = false;
            clientAttached = false;
            holdUntil = 0;
            lock.notifyAll();
        }
    }

    private void run() {
        byte[] buf = new byte[8192];
        try {
            while (!closed) {
                if (!waitUnpaused()) continue;
                if (!sys.pollIn(master, 200)) continue;
                synchronized (lock) {
                    if (paused) continue;
                    if (!copyOnce(buf)) {
                        // the container's side of the terminal is closed: wait to be closed ourselves
                        lock.wait(100);
                    }
                }
            }
        } catch (IOException | SysException | InterruptedException e) {
            // the pump ends with the container
        }
    }

    /** Sleeps while paused (a client reads, or the hold for one lasts); true when we may read. */
    private boolean waitUnpaused() throws InterruptedException {
        synchronized (lock) {
            if (holdUntil != 0 && System.nanoTime() - holdUntil >= 0) {
                paused = false; // the client that was to attach did not come
                holdUntil = 0;
            }
            if (!paused) return true;
            lock.wait(100);
            return false;
        }
    }

    /** One read from the terminal into the log; false when there was nothing (the other side closed). */
    private boolean copyOnce(byte[] buf) throws IOException {
        int n = sys.read(master, buf, buf.length);
        if (n <= 0) return false;
        log.write(ByteBuffer.wrap(buf, 0, n));
        return true;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            boolean client;
            synchronized (lock) {
                client = clientAttached;
            }
            // A client that said it attaches reads what the command wrote last, if it took the terminal;
            // it may not have: the shim it takes it from ended first (a short command). So it gets a
            // moment to read, and what is still there then goes to the log, where its client looks next.
            if (client) Thread.sleep(CLIENT_GRACE_MILLIS);
            synchronized (lock) {
                byte[] buf = new byte[8192];
                while (sys.pollIn(master, 0) && copyOnce(buf)) {
                    // until the terminal is empty
                }
            }
        } catch (IOException | SysException e) {
            // EIO: the terminal is empty and its other side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sys.close(master);
            log.close();
        } catch (IOException | SysException ignored) {
            // already closed
        }
    }
}
