package dev.glassbox.cli;

import dev.glassbox.engine.Fds;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Connects the user's terminal to a container's: takes the container's pty master (or stdin
 * pipe) from the shim with pidfd_getfd(2), puts our terminal in raw mode so every key goes
 * through, copies stdin to it and its output to stdout on two threads, keeps the pty's size in
 * step with ours (SIGWINCH), and ends when the container's process exits. The terminal is
 * always restored.
 */
final class TerminalSession {
    private static final int POLL_MILLIS = 100;

    private final Syscalls sys;
    private final InputStream in;
    private final OutputStream out;
    private final boolean ourStdinIsTerminal;

    TerminalSession(Syscalls sys, InputStream in, OutputStream out, boolean ourStdinIsTerminal) {
        this.sys = sys;
        this.in = in;
        this.out = out;
        this.ourStdinIsTerminal = ourStdinIsTerminal;
    }

    /**
     * @param interactive   copy our stdin to the container
     * @param outputFromFd  copy the descriptor's output to ours (a pty always; exec's pipes too)
     * @param waitExit      blocks until the process ends; its exit code
     */
    int run(Attach attach, boolean interactive, boolean outputFromFd, IntSupplier waitExit) throws InterruptedException {
        int fd;
        try {
            fd = Fds.take(sys, attach);
        } catch (SysException e) {
            if (e.errno() == Errno.ESRCH || e.errno() == Errno.EBADF) throw new Gone(e);
            throw e;
        }
        byte[] saved = null;
        Object oldWinch = null;
        AtomicBoolean done = new AtomicBoolean();
        try {
            if (attach.tty()) {
                if (interactive && ourStdinIsTerminal) saved = sys.makeRaw(0);
                copyWindowSize(fd);
                oldWinch = Winch.install(() -> copyWindowSize(fd));
            }
            Thread output = null;
            if (attach.tty() || outputFromFd) {
                output = Thread.ofPlatform().daemon().name("tty-out").start(() -> copyOut(fd, done));
            }
            if (interactive) {
                Thread.ofPlatform().daemon().name("tty-in").start(() -> copyIn(fd, attach.tty(), done));
            }
            int code = waitExit.getAsInt();
            done.set(true);
            if (output != null) output.join(2_000); // what the process wrote last is still in the pty
            return code;
        } finally {
            done.set(true);
            if (oldWinch != null) Winch.restore(oldWinch);
            if (saved != null) sys.restoreTerminal(0, saved);
            sys.close(fd);
        }
    }

    /** The shim (and so the container) ended before we took its terminal. */
    static final class Gone extends RuntimeException {
        Gone(SysException cause) { super(cause.getMessage(), cause); }
    }

    private void copyWindowSize(int fd) {
        int[] size = sys.windowSize(1);
        if (size == null) size = sys.windowSize(0);
        if (size != null) {
            try {
                sys.setWindowSize(fd, size[0], size[1]);
            } catch (SysException e) {
                // the container's side went away: nothing to resize
            }
        }
    }

    private void copyOut(int fd, AtomicBoolean done) {
        byte[] buf = new byte[8192];
        try {
            while (true) {
                if (!sys.pollIn(fd, POLL_MILLIS)) {
                    if (done.get()) return;
                    continue;
                }
                int n = sys.read(fd, buf, buf.length);
                if (n <= 0) return;
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (SysException | IOException e) {
            // EIO: every holder of the pty's other side has gone, the container's output is over
        }
    }

    private void copyIn(int fd, boolean tty, AtomicBoolean done) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while (!done.get() && (n = in.read(buf)) > 0) {
                sys.writeFully(fd, copy(buf, n), n);
            }
            if (tty && !done.get()) {
                sys.writeFully(fd, new byte[]{4}, 1); // ^D: end of input, as the terminal would say it
            } else if (!tty && !done.get()) {
                endOfInput(fd);
            }
        } catch (SysException | IOException e) {
            // the container stopped reading
        }
    }

    /** End of file for the container's stdin socket: the shim holds it open too, so closing ours is not enough. */
    private void endOfInput(int fd) {
        try {
            sys.shutdownWrite(fd);
        } catch (SysException e) {
            // the container's side has gone already
        }
    }

    private static byte[] copy(byte[] buf, int n) {
        if (n == buf.length) return buf;
        byte[] b = new byte[n];
        System.arraycopy(buf, 0, b, 0, n);
        return b;
    }

    /** SIGWINCH through sun.misc.Signal (jdk.unsupported): the JDK's own handler class is not exported. */
    static final class Winch {
        private Winch() {}

        static Object install(Runnable onResize) {
            try {
                return sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> onResize.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                return null; // no SIGWINCH here: the size stays as it was at the start
            }
        }

        static void restore(Object old) {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), (sun.misc.SignalHandler) old);
        }
    }
}
