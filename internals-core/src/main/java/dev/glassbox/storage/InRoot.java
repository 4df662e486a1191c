package dev.glassbox.storage;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * A container's root held open, and files opened inside it by the kernel's own scoped lookup:
 * {@code openat2(2)} with {@code RESOLVE_IN_ROOT} resolves every symbolic link and {@code ..}
 * as if the directory were {@code /} (as {@code chroot} would), in one call. Where
 * {@link SecureJoin} only computes a path, which a running container can change between the
 * check and the use (swap a directory for a link to {@code /}), a descriptor from here is bound
 * to the file the lookup found; Java then reaches it through {@code /proc/self/fd/N}, a magic
 * link to that very file, never a path looked up again.
 */
final class InRoot implements AutoCloseable {
    static final int O_RDONLY = 0, O_WRONLY = 01, O_CREAT = 0100, O_EXCL = 0200, O_DIRECTORY = 0200000,
            O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000, O_PATH = 010000000;
    static final long RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_IN_ROOT = 0x10;
    private static final int AT_FDCWD = -100;
    private static final long SYS_openat2 = 437; // the same number on x86_64 and arm64

    /** syscall(2) for openat2: long syscall(SYS_openat2, int dirfd, const char *path, struct open_how *how, size_t size) */
    private static final MethodHandle SYSCALL = Native.errnoCall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    /** mkdirat(2): int mkdirat(int dirfd, const char *pathname, mode_t mode) */
    private static final MethodHandle MKDIRAT =
            Native.errnoCall("mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** close(2) */
    private static final MethodHandle CLOSE = Native.errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final Path root;
    private final Fd rootFd;

    private InRoot(Path root, Fd rootFd) {
        this.root = root;
        this.rootFd = rootFd;
    }

    /** Opens {@code root} (a directory) to resolve paths in. */
    static InRoot open(Path root) throws IOException {
        return new InRoot(root, new Fd(openat2(AT_FDCWD, root.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0, root.toString())));
    }

    /** A descriptor open on one file, seen by Java as {@link #path()}. */
    static final class Fd implements AutoCloseable {
        final int fd;

        Fd(int fd) {
            this.fd = fd;
        }

        /** {@code /proc/self/fd/N}: the opened file itself. */
        Path path() {
            return Path.of("/proc/self/fd/" + fd);
        }

        /** {@code name} inside this directory, the directory not looked up again. */
        Path child(String name) {
            return path().resolve(name);
        }

        @Override
        public void close() {
            try (Arena a = Arena.ofConfined()) {
                int rc = (int) CLOSE.invokeExact(Native.callState(a), fd);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
    }

    /**
     * Opens {@code rel} (relative to the root, as the container sees it) with {@code flags};
     * O_NOFOLLOW refuses a final symbolic link (ELOOP) instead of following it.
     */
    Fd open(String rel, int flags) throws IOException {
        return new Fd(openat2(rootFd.fd, rel.isEmpty() ? "." : rel, flags | O_CLOEXEC, 0,
                RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, "/" + rel));
    }

    /** Creates {@code rel} exclusively (never through a final link) with {@code mode}, open for writing. */
    Fd create(String rel, int mode) throws IOException {
        return new Fd(openat2(rootFd.fd, rel, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode,
                RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, "/" + rel));
    }

    /** The directory {@code rel}, made with its missing parents (mode 0755) inside the root: {@code mkdir -p}. */
    Fd mkdirs(String rel) throws IOException {
        try {
            return open(rel, O_PATH | O_DIRECTORY);
        } catch (java.nio.file.NoSuchFileException e) {
            int slash = rel.lastIndexOf('/');
            String name = rel.substring(slash + 1);
            try (Fd parent = mkdirs(slash < 0 ? "" : rel.substring(0, slash))) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment st = Native.callState(a);
                    int rc = (int) MKDIRAT.invokeExact(st, parent.fd, a.allocateFrom(name), 0755);
                    if (rc < 0 && Native.errno(st) != Errno.EEXIST) throw failure(new SysException("mkdirat", Native.errno(st), name), "/" + rel);
                } catch (IOException io) {
                    throw io;
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
            }
            return open(rel, O_PATH | O_DIRECTORY);
        }
    }

    @Override
    public void close() {
        rootFd.close();
    }

    private static int openat2(int dirfd, String path, int flags, int mode, long resolve, String shown) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment how = a.allocate(24, 8); // struct open_how { u64 flags; u64 mode; u64 resolve; }
            how.set(JAVA_LONG, 0, flags & 0xffffffffL);
            how.set(JAVA_LONG, 8, mode);
            how.set(JAVA_LONG, 16, resolve);
            MemorySegment st = Native.callState(a);
            MemorySegment p = a.allocateFrom(path);
            for (int attempt = 0; ; attempt++) {
                long rc = (long) SYSCALL.invokeExact(st, SYS_openat2, dirfd, p, how, 24L);
                if (rc >= 0) return (int) rc;
                // EAGAIN: a rename somewhere raced a ".." of the lookup; the kernel asks to try again
                if (Native.errno(st) == Errno.EAGAIN && attempt < 64) continue;
                throw failure(new SysException("openat2", Native.errno(st), path, "0" + Integer.toOctalString(flags), resolve), shown);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static IOException failure(SysException e, String path) {
        IOException io = switch (e.errno()) {
            case Errno.ENOENT -> new java.nio.file.NoSuchFileException(path);
            case Errno.EEXIST -> new java.nio.file.FileAlreadyExistsException(path);
            case Errno.ENOTDIR -> new java.nio.file.NotDirectoryException(path);
            case Errno.ELOOP -> new java.nio.file.FileSystemException(path, null, "is a symbolic link where a file or directory "
                    + "was expected (or it changed while being copied)");
            case Errno.ENOSYS -> new java.nio.file.FileSystemException(path, null, "this kernel has no openat2 (Linux 5.6 or later "
                    + "is needed to copy files in and out of containers safely)");
            default -> new java.nio.file.FileSystemException(path, null, e.getMessage());
        };
        io.initCause(e);
        return io;
    }

    Path root() {
        return root;
    }
}
