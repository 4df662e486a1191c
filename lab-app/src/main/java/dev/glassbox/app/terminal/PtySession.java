package dev.glassbox.app.terminal;

import dev.glassbox.engine.Fds;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.nio.charset.StandardCharsets;

/**
 * A container's terminal in the app: our own copy of the pty master, taken from the shim with
 * pidfd_getfd(2) as the CLI does; a reader thread feeds the {@link VtScreen}; keys are written
 * back. Closing closes only our copy: the container keeps its terminal.
 */
public final class PtySession implements AutoCloseable {
    private final Syscalls sys;
    private final int fd;
    private final VtScreen screen;
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean ended;

    private final Runnable onOutput;

    private PtySession(Syscalls sys, int fd, VtScreen screen, Runnable onOutput) {
        this.sys = sys;
        this.fd = fd;
        this.screen = screen;
        this.onOutput = onOutput;
        this.reader = Thread.ofPlatform().daemon().name("pty-reader").start(this::readLoop);
    }

    /** Takes the pty named by {@code attach}; must not run on the FX thread (a syscall or two). */
    /** @param onOutput called (on the reader thread) after each chunk of output reaches the screen */
    public static PtySession open(Syscalls sys, Attach attach, VtScreen screen, Runnable onOutput) {
        if (!attach.tty()) {
            throw new IllegalStateException("the container has no terminal: create it with -it (the tty option)");
        }
        int fd = Fds.take(sys, attach);
        PtySession s = new PtySession(sys, fd, screen, onOutput);
        s.resize(screen.rows(), screen.cols());
        return s;
    }

    private void readLoop() {
        byte[] buf = new byte[16384];
        try {
            while (!closed) {
                if (!sys.pollIn(fd, 100)) continue;
                int n = sys.read(fd, buf, buf.length);
                if (n <= 0) break;
                screen.feed(buf, 0, n);
                onOutput.run();
            }
        } catch (SysException e) {
            // EIO: the container's side is gone (its process exited)
        }
        ended = true;
        if (!closed) {
            screen.feed("\r\n[the process has exited]\r\n");
            onOutput.run();
        }
    }

    /** Whether the container's side has gone away. */
    public boolean ended() {
        return ended;
    }

    public void send(String s) {
        if (closed || ended || s == null || s.isEmpty()) return;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        try {
            sys.writeFully(fd, b, b.length);
        } catch (SysException e) {
            ended = true;
        }
    }

    /** TIOCSWINSZ: tells the container's programs the new size (they get SIGWINCH). */
    public void resize(int rows, int cols) {
        if (closed || ended) return;
        try {
            sys.setWindowSize(fd, rows, cols);
        } catch (SysException e) {
            // the other side is gone: nothing to resize
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            reader.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sys.close(fd);
    }
}
