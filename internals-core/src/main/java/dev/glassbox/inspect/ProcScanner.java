package dev.glassbox.inspect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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
 * The hot loop of a /proc scan, straight through FFM: readlinkat(2) of the namespace links
 * relative to one handle on /proc/PID/ns, and one open/read/close of a small file, into
 * buffers reused for the whole scan. A scan makes about ten such calls per process; java.nio's
 * per-call paths, channels and exceptions cost more than the system calls themselves. Not
 * thread-safe: one scanner per scan.
 */
final class ProcScanner implements AutoCloseable {
    /** readlink(2): ssize_t readlink(const char *pathname, char *buf, size_t bufsiz); */
    private static final MethodHandle READLINK =
            Native.errnoCall("readlink", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    /** readlinkat(2): ssize_t readlinkat(int dirfd, const char *pathname, char *buf, size_t bufsiz); */
    private static final MethodHandle READLINKAT =
            Native.errnoCall("readlinkat", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    /** open(2) flag: a handle on the directory for *at(2) calls, without opening it for reading. */
    private static final int O_PATH = 010000000;
    private static final int PATH_BYTES = 4096, BUF_BYTES = 4096;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = Native.callState(arena);
    private final MemorySegment path = arena.allocate(PATH_BYTES);
    private final MemorySegment buf = arena.allocate(BUF_BYTES);
    private final byte[] bytes = new byte[BUF_BYTES];
    private final String root;

    /** The names of the eight links in /proc/PID/ns as C strings, in {@link NsType} order. */
    private final MemorySegment[] nsNames;
    /** The same as paths under /proc/PID: {@code ns/net}. */
    private final String[] nsLinks;

    ProcScanner(ProcFs proc) {
        this.root = proc.root().toString();
        NsType[] types = NsType.values();
        nsNames = new MemorySegment[types.length];
        nsLinks = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            nsNames[i] = arena.allocateFrom(types[i].fileName());
            nsLinks[i] = "ns/" + types[i].fileName();
        }
    }

    /**
     * The inode of each namespace of {@code pid}, in {@link NsType} order, into {@code inodes}
     * (-1 for a link that cannot be read: an older kernel without the type, or no access).
     * One open of /proc/PID/ns and a readlinkat(2) per link: the kernel walks /proc/PID/ns
     * once, not eight times. The link text ({@code net:[4026531840]}) is parsed in place.
     *
     * @return how many links were read; 0 when the process is gone or none could be read
     */
    int namespaceInodes(int pid, long[] inodes) {
        return namespaceInodes(pid, null, inodes);
    }

    /**
     * As {@link #namespaceInodes(int, long[])} for the types with {@code wanted[i]} only (all
     * when null); the others are -1. One or two links are read with readlink(2) each, which
     * costs less than opening the directory.
     */
    int namespaceInodes(int pid, boolean[] wanted, long[] inodes) {
        java.util.Arrays.fill(inodes, -1);
        int count = 0;
        if (wanted != null) for (boolean w : wanted) if (w) count++;
        int read = 0;
        try {
            if (wanted != null && count <= 2) {
                for (int i = 0; i < inodes.length; i++) {
                    if (!wanted[i]) continue;
                    setPath(pid, nsLinks[i]);
                    long n = (long) READLINK.invokeExact(state, path, buf, (long) BUF_BYTES);
                    inodes[i] = n <= 0 ? -1 : inodeOfLink(buf, (int) n);
                    if (inodes[i] >= 0) read++;
                }
                return read;
            }
            setPath(pid, "ns");
            int dir = (int) Libc.OPEN().invokeExact(state, path, O_PATH | Kernel.O_DIRECTORY | Kernel.O_CLOEXEC, 0);
            if (dir < 0) return 0;
            try {
                for (int i = 0; i < inodes.length; i++) {
                    if (wanted != null && !wanted[i]) continue;
                    long n = (long) READLINKAT.invokeExact(state, dir, nsNames[i], buf, (long) BUF_BYTES);
                    inodes[i] = n <= 0 ? -1 : inodeOfLink(buf, (int) n);
                    if (inodes[i] >= 0) read++;
                }
            } finally {
                int ignored = (int) Libc.CLOSE().invokeExact(state, dir);
            }
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return read;
    }

    /** The number between {@code [} and {@code ]} of {@code type:[inode]}, or -1 when the text is not such a link. */
    static long inodeOfLink(MemorySegment text, int length) {
        int i = 0;
        while (i < length && text.get(JAVA_BYTE, i) != '[') i++;
        if (++i >= length) return -1;
        long v = 0;
        int digits = 0;
        for (; i < length; i++) {
            byte b = text.get(JAVA_BYTE, i);
            if (b == ']') return digits == 0 || i != length - 1 ? -1 : v;
            if (b < '0' || b > '9' || ++digits > 19) return -1;
            v = v * 10 + (b - '0');
        }
        return -1;
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
