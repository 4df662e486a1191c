package dev.glassbox.runtime;

import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container's standard input, output and error, opened by the engine and handed to
 * glassbox-init at spawn:
 * <ul>
 *   <li>{@code -t}: a new pty; its slave is fds 0-2 (and /dev/console), the shim keeps the
 *       master as fd 4, so the terminal outlives an engine restart;</li>
 *   <li>otherwise fds 1 and 2 append to the container's log; fd 0 is /dev/null, or with
 *       {@code -i} one end of a socket pair whose other end the shim keeps as fd 4 (a client
 *       writes there and shuts it down for end of file);</li>
 *   <li>for {@code exec -i} without a terminal, fds 1 and 2 are that socket too: the client
 *       that feeds the process its input reads its output back from the same descriptor.</li>
 * </ul>
 */
final class Stdio implements AutoCloseable {
    /** The descriptor number, in the shim, of the pty master or the stdin socket. */
    static final int SHIM_FD = 4;

    private final Syscalls sys;
    private final Map<Integer, Integer> fds;
    private final List<Integer> toClose;
    private final String consolePath;
    private int master = -1;

    private Stdio(Syscalls sys, Map<Integer, Integer> fds, List<Integer> toClose, String consolePath, int master) {
        this.sys = sys;
        this.fds = fds;
        this.toClose = toClose;
        this.consolePath = consolePath;
        this.master = master;
    }

    static Stdio open(Syscalls sys, boolean tty, boolean openStdin, Path output) {
        return open(sys, tty, openStdin, output, false);
    }

    /** {@code outputToClient}: with {@code -i} and no terminal, output goes back through the stdin socket. */
    static Stdio open(Syscalls sys, boolean tty, boolean openStdin, Path output, boolean outputToClient) {
        Map<Integer, Integer> fds = new LinkedHashMap<>();
        List<Integer> opened = new ArrayList<>();
        try {
            if (tty) {
                Syscalls.Pty pty = sys.openpt();
                opened.add(pty.master());
                int slave = sys.open(pty.slave(), Kernel.O_RDWR | Kernel.O_NOCTTY | Kernel.O_CLOEXEC, 0);
                opened.add(slave);
                fds.put(0, slave);
                fds.put(1, slave);
                fds.put(2, slave);
                fds.put(SHIM_FD, pty.master());
                return new Stdio(sys, fds, opened, pty.slave(), pty.master());
            }
            if (openStdin && outputToClient) {
                int[] pair = sys.socketpair(Kernel.AF_UNIX, Kernel.SOCK_STREAM);
                opened.add(pair[0]);
                opened.add(pair[1]);
                fds.put(0, pair[0]);
                fds.put(1, pair[0]);
                fds.put(2, pair[0]);
                fds.put(SHIM_FD, pair[1]);
                return new Stdio(sys, fds, opened, null, -1);
            }
            int log = sys.open(output.toString(), Kernel.O_WRONLY | Kernel.O_CREAT | Kernel.O_APPEND | Kernel.O_CLOEXEC, 0640);
            opened.add(log);
            if (openStdin) {
                int[] pair = sys.socketpair(Kernel.AF_UNIX, Kernel.SOCK_STREAM);
                opened.add(pair[0]);
                opened.add(pair[1]);
                fds.put(0, pair[0]);
                fds.put(SHIM_FD, pair[1]);
            } else {
                int devnull = sys.open("/dev/null", Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
                opened.add(devnull);
                fds.put(0, devnull);
            }
            fds.put(1, log);
            fds.put(2, log);
            return new Stdio(sys, fds, opened, null, -1);
        } catch (RuntimeException e) {
            for (int fd : opened) sys.closeQuietly(fd);
            throw e;
        }
    }

    static Stdio open(Syscalls sys, ContainerConfig c, Path log) {
        return open(sys, c.tty(), c.openStdin(), log);
    }

    Map<Integer, Integer> fds() { return fds; }

    String consolePath() { return consolePath; }

    boolean tty() { return consolePath != null; }

    /** The engine keeps its own pty master (to drain output into the log); not closed by {@link #close}. */
    int takeMaster() {
        toClose.remove(Integer.valueOf(master));
        return master;
    }

    /**
     * The engine keeps its own copy of what the shim holds as fd 4 (pty master or stdin socket);
     * not closed by {@link #close}. A client can take it from the engine even after the shim ended.
     */
    int takeShimSide() {
        int fd = fds.get(SHIM_FD);
        toClose.remove(Integer.valueOf(fd));
        return fd;
    }

    /** Closes the engine's copies: the shim and the container have theirs. */
    @Override
    public void close() {
        for (int fd : toClose) sys.closeQuietly(fd);
        toClose.clear();
    }
}
