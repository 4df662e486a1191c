package dev.glassbox.inspect;

import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Opens sockets inside other network namespaces on one long-lived thread that moves itself
 * with {@code setns(fd, CLONE_NEWNET)} (setns(2)) into each namespace in turn. A socket keeps
 * the namespace it was created in, so the sockets work from any thread afterwards; the thread
 * itself never runs anything but these openings, each of which starts with its own setns, so
 * where the previous one left it does not matter. One thread instead of one per namespace:
 * starting a thread costs more than the setns on a busy machine.
 */
final class NetnsHopper {
    private static ExecutorService thread;

    private NetnsHopper() {}

    private static synchronized ExecutorService thread() {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("netns-hopper").daemon(true).unstarted(r));
        }
        return thread;
    }

    /** Runs {@code open} inside the network namespace {@code nsFile} and returns what it made. */
    static <T> T open(Path nsFile, Supplier<T> open) {
        Future<T> f = thread().submit(() -> {
            Syscalls sys = Syscalls.linux();
            int fd = sys.open(nsFile.toString(), Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
            try {
                sys.setns(fd, Kernel.CLONE_NEWNET);
            } finally {
                sys.close(fd);
            }
            return open.get();
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening sockets in " + nsFile, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("opening sockets in " + nsFile + ": " + e.getCause(), e.getCause());
        }
    }
}
