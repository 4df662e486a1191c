package dev.glassbox.net;

import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Running code inside another network namespace from the JVM.
 *
 * <p>setns(2) with CLONE_NEWNET changes the namespace of the calling thread only, and a
 * multi-threaded process may do it (unlike a user or mount namespace). So {@link #run} starts a
 * fresh platform thread, moves it with {@code setns(fd, CLONE_NEWNET)}, runs the body there and
 * lets the thread end: it is never returned to a pool, because its namespace changed for good.
 * Sockets the body opens (netlink or TCP) stay in that namespace, whichever thread uses them later.
 */
public final class NetNs {
    private NetNs() {}

    /** The network namespace file of a process: {@code /proc/PID/ns/net}. */
    public static Path ofPid(int pid) {
        return Path.of("/proc", Integer.toString(pid), "ns", "net");
    }

    /**
     * Runs {@code body} on a new thread inside the network namespace {@code nsFile} (a
     * {@code /proc/PID/ns/net} or a {@code /run/netns/NAME} file) and returns its result.
     * Unchecked exceptions of the body are rethrown as they are; an IOException as
     * UncheckedIOException; another checked exception wrapped in an IllegalStateException.
     */
    public static <T> T run(Path nsFile, Callable<T> body) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().name("netns " + nsFile).daemon(true).unstarted(() -> {
            try {
                enter(nsFile);
                result.set(body.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                worker.interrupt();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable t = failure.get();
        if (t == null) return result.get();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t instanceof IOException io) throw new UncheckedIOException(io);
        throw new IllegalStateException("in network namespace " + nsFile + ": " + t.getMessage(), t);
    }

    /** Like {@link #run} for a body without a result. */
    public static void exec(Path nsFile, ThrowingRunnable body) {
        run(nsFile, () -> {
            body.run();
            return null;
        });
    }

    /** A body for {@link #exec}. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Moves the calling thread into {@code nsFile}'s network namespace. */
    private static void enter(Path nsFile) {
        Syscalls sys = Syscalls.linux();
        int fd = sys.open(nsFile.toString(), Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
        try {
            sys.setns(fd, Kernel.CLONE_NEWNET);
        } finally {
            sys.close(fd);
        }
    }

    /** {@code ip link set lo up} inside {@code netnsFile}: all a container on {@code --network none} gets. */
    public static void bringUpLoopback(Path netnsFile) {
        try (Rtnl r = Rtnl.open(netnsFile)) {
            r.setUp("lo");
        }
    }

    /** The command a student would type for {@link #bringUpLoopback} on the namespace of {@code pid}. */
    public static java.util.List<String> bringUpLoopbackShellEquivalent(int pid) {
        return java.util.List.of("nsenter -t " + pid + " -n ip link set lo up");
    }
}
