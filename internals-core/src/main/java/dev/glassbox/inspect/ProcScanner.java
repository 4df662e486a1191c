package dev.glassbox.inspect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Libc;
import dev.glassbox.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The hot loop of a /proc scan, straight through FFM: readlink(2) of the namespace links and
 * one open/read/close of each stat file into buffers reused for the whole scan. A scan makes
 * about nine such calls per process; java.nio's per-call paths, channels and exceptions cost
 * more than the system calls themselves. Not thread-safe: one scanner per scan.
 */
final class ProcScanner implements AutoCloseable {
    /** readlink(2): ssize_t readlink(const char *pathname, char *buf, size_t bufsiz); */
    private static final MethodHandle READLINK =
            Native.errnoCall("readlink", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    private static final int PATH_BYTES = 4096, BUF_BYTES = 4096;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = Native.callState(arena);
    private final MemorySegment path = arena.allocate(PATH_BYTES);
    private final MemorySegment buf = arena.allocate(BUF_BYTES);
    private final byte[] bytes = new byte[BUF_BYTES];
    private final String root;

    ProcScanner(ProcFs proc) {
        this.root = proc.root().toString();
    }

    /** The target of {@code root/pid/link}, or empty when it cannot be read. */
    Optional<String> readLink(int pid, String link) {
        setPath(pid, link);
        try {
            long n = (long) READLINK.invokeExact(state, path, buf, (long) BUF_BYTES);
            if (n <= 0) return Optional.empty();
            MemorySegment.copy(buf, JAVA_BYTE, 0, bytes, 0, (int) n);
            return Optional.of(new String(bytes, 0, (int) n, StandardCharsets.UTF_8));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The start of {@code root/pid/file} (one read(2), at most 4 KiB), or empty when it cannot be read. */
    Optional<String> readSmall(int pid, String file) {
        setPath(pid, file);
        try {
            int fd = (int) Libc.OPEN().invokeExact(state, path, Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
            if (fd < 0) return Optional.empty();
            long n;
            try {
                n = (long) Libc.READ().invokeExact(state, fd, buf, (long) BUF_BYTES);
            } finally {
                int ignored = (int) Libc.CLOSE().invokeExact(state, fd);
            }
            if (n <= 0) return Optional.empty();
            MemorySegment.copy(buf, JAVA_BYTE, 0, bytes, 0, (int) n);
            return Optional.of(new String(bytes, 0, (int) n, StandardCharsets.UTF_8));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Whether {@code root/pid} is there (a process whose links we may not read still exists). */
    boolean exists(int pid) {
        return java.nio.file.Files.isDirectory(java.nio.file.Path.of(root, Integer.toString(pid)));
    }

    private void setPath(int pid, String rel) {
        path.setString(0, root + "/" + pid + "/" + rel);
    }

    @Override
    public void close() {
        arena.close();
    }
}
