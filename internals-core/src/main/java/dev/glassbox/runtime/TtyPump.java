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
 */
final class TtyPump implements AutoCloseable {
    private final Syscalls sys;
    private final int master;
    private final FileChannel log;
    private volatile boolean paused;
    private volatile boolean closed;
    private final Thread thread;

    private TtyPump(Syscalls sys, int master, FileChannel log) {
        this.sys = sys;
        this.master = master;
        this.log = log;
        this.thread = Thread.ofPlatform().daemon().name("tty-pump").unstarted(this::run);
    }

    static TtyPump start(Syscalls sys, int master, Path logFile) {
        try {
            FileChannel log = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            TtyPump p = new TtyPump(sys, master, log);
            p.thread.start();
            return p;
        } catch (IOException e) {
            sys.close(master);
            throw new java.io.UncheckedIOException(e);
        }
    }

    void pause() { paused = true; }

    void resume() { paused = false; }

    private void run() {
        byte[] buf = new byte[8192];
        try {
            while (!closed) {
                if (paused || !sys.pollIn(master, 200)) continue;
                if (paused) continue;
                int n = sys.read(master, buf, buf.length);
                if (n <= 0) {
                    // the container's side of the terminal is closed: wait to be closed ourselves
                    if (!closed) Thread.sleep(100);
                    continue;
                }
                log.write(ByteBuffer.wrap(buf, 0, n));
            }
        } catch (IOException | SysException | InterruptedException e) {
            // the pump ends with the container
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(1000);
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
