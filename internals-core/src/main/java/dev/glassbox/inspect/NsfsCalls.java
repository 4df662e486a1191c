package dev.glassbox.inspect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Libc;
import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The relations between namespaces that only the nsfs ioctls tell (ioctl_nsfs(2)): the parent
 * of a PID or user namespace ({@code NS_GET_PARENT}) and the user namespace that owns any
 * namespace ({@code NS_GET_USERNS}). Each ioctl returns a new descriptor on the related
 * namespace; fstat(2) of it gives its inode, the number in {@code net:[4026531840]}.
 */
public final class NsfsCalls implements NsRelations {
    public static final NsfsCalls INSTANCE = new NsfsCalls();

    /** fstat(2): int fstat(int fd, struct stat *statbuf); exported by glibc since 2.33. */
    private static final MethodHandle FSTAT =
            Native.errnoCall("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    /** struct stat: st_dev then st_ino, both 64-bit, on x86_64 and aarch64 alike; the whole is at most 144 bytes. */
    private static final long ST_INO_OFFSET = 8, STAT_BYTES = 256;
    /** Deeper chains than this are not made by any runtime; the bound stops a loop on a broken kernel. */
    private static final int MAX_DEPTH = 64;

    private NsfsCalls() {
        Native.requireNativeAccess();
    }

    @Override
    public List<Long> parentChain(String nsFile) {
        List<Long> chain = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment stat = a.allocate(STAT_BYTES, 8);
            int fd = open(a, st, nsFile);
            if (fd < 0) return List.of();
            try {
                chain.add(inode(st, stat, fd, nsFile));
                while (chain.size() < MAX_DEPTH) {
                    int parent = (int) Libc.IOCTL().invokeExact(st, fd, Kernel.NS_GET_PARENT, 0L);
                    if (parent < 0) {
                        int errno = Native.errno(st);
                        // EPERM: the parent is outside our own namespace, or this is the initial one
                        // EINVAL: not a hierarchical namespace (only pid and user have parents)
                        if (errno == Errno.EPERM || errno == Errno.EINVAL) break;
                        throw new SysException("ioctl", errno, nsFile, "NS_GET_PARENT");
                    }
                    close(st, fd);
                    fd = parent;
                    chain.add(inode(st, stat, fd, nsFile));
                }
            } finally {
                close(st, fd);
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return chain;
    }

    @Override
    public OptionalLong ownerUserNs(String nsFile) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment stat = a.allocate(STAT_BYTES, 8);
            int fd = open(a, st, nsFile);
            if (fd < 0) return OptionalLong.empty();
            try {
                int owner = (int) Libc.IOCTL().invokeExact(st, fd, Kernel.NS_GET_USERNS, 0L);
                if (owner < 0) return OptionalLong.empty(); // EPERM: owned by a user namespace above ours
                try {
                    return OptionalLong.of(inode(st, stat, owner, nsFile));
                } finally {
                    close(st, owner);
                }
            } finally {
                close(st, fd);
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** open(2) read-only; -1 when the process exited or the file is not there. */
    private static int open(Arena a, MemorySegment st, String path) throws Throwable {
        return (int) Libc.OPEN().invokeExact(st, a.allocateFrom(path), Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
    }

    private static long inode(MemorySegment st, MemorySegment stat, int fd, String what) throws Throwable {
        int rc = (int) FSTAT.invokeExact(st, fd, stat);
        if (rc < 0) throw new SysException("fstat", Native.errno(st), fd, what);
        return stat.get(JAVA_LONG, ST_INO_OFFSET);
    }

    private static void close(MemorySegment st, int fd) throws Throwable {
        int ignored = (int) Libc.CLOSE().invokeExact(st, fd);
    }
}
