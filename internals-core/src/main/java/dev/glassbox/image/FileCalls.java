package dev.glassbox.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file calls layer unpacking needs and {@code java.nio} does not offer: device nodes and
 * overlay whiteouts (mknod), owner of a symlink itself (lchown), setuid/setgid/sticky bits
 * (chmod), extended attributes such as {@code trusted.overlay.opaque} (lsetxattr) and the
 * times of a symlink itself (utimensat). Failures are {@link SysException}s.
 */
final class FileCalls {
    private FileCalls() {}

    static final int S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFBLK = 0060000;
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;

    /** mknod(2): int mknod(const char *pathname, mode_t mode, dev_t dev) */
    private static final MethodHandle MKNOD =
            Native.errnoCall("mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    /** lchown(2): int lchown(const char *pathname, uid_t owner, gid_t group) */
    private static final MethodHandle LCHOWN =
            Native.errnoCall("lchown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** chmod(2): int chmod(const char *pathname, mode_t mode) */
    private static final MethodHandle CHMOD =
            Native.errnoCall("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** lsetxattr(2): int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags) */
    private static final MethodHandle LSETXATTR = Native.errnoCall("lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    /** lgetxattr(2): ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size) */
    private static final MethodHandle LGETXATTR = Native.errnoCall("lgetxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    /** utimensat(2): int utimensat(int dirfd, const char *pathname, const struct timespec times[2], int flags) */
    private static final MethodHandle UTIMENSAT = Native.errnoCall("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    /** makedev(3) as glibc encodes a dev_t. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** mknod(2) */
    static void mknod(Path path, int mode, long dev) {
        String p = path.toString();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) MKNOD.invokeExact(st, a.allocateFrom(p), mode, dev);
            if (rc < 0) throw new SysException("mknod", Native.errno(st), p, "0" + Integer.toOctalString(mode), dev);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** lchown(2) */
    static void lchown(Path path, int uid, int gid) {
        String p = path.toString();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) LCHOWN.invokeExact(st, a.allocateFrom(p), uid, gid);
            if (rc < 0) throw new SysException("lchown", Native.errno(st), p, uid, gid);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** chmod(2); never call it on a symlink (it follows). */
    static void chmod(Path path, int mode) {
        String p = path.toString();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) CHMOD.invokeExact(st, a.allocateFrom(p), mode);
            if (rc < 0) throw new SysException("chmod", Native.errno(st), p, "0" + Integer.toOctalString(mode));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** lsetxattr(2) */
    static void lsetxattr(Path path, String name, byte[] value) {
        String p = path.toString();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment v = a.allocate(Math.max(1, value.length));
            v.copyFrom(MemorySegment.ofArray(value));
            int rc = (int) LSETXATTR.invokeExact(st, a.allocateFrom(p), a.allocateFrom(name), v, (long) value.length, 0);
            if (rc < 0) throw new SysException("lsetxattr", Native.errno(st), p, name, new String(value, StandardCharsets.UTF_8));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** lgetxattr(2); empty when the attribute is not set (ENODATA). */
    static Optional<byte[]> lgetxattr(Path path, String name) {
        final int ENODATA = 61;
        String p = path.toString();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment buf = a.allocate(65536);
            long rc = (long) LGETXATTR.invokeExact(st, a.allocateFrom(p), a.allocateFrom(name), buf, buf.byteSize());
            if (rc < 0) {
                int errno = Native.errno(st);
                if (errno == ENODATA || errno == Errno.EOPNOTSUPP) return Optional.empty();
                throw new SysException("lgetxattr", errno, p, name);
            }
            return Optional.of(buf.asSlice(0, rc).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** utimensat(2) with AT_SYMLINK_NOFOLLOW: sets atime and mtime of the path itself. */
    static void lutimes(Path path, long epochSecond, int nanos) {
        String p = path.toString();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment times = a.allocate(JAVA_LONG, 4); // struct timespec[2] {tv_sec, tv_nsec}
            times.setAtIndex(JAVA_LONG, 0, epochSecond);
            times.setAtIndex(JAVA_LONG, 1, nanos);
            times.setAtIndex(JAVA_LONG, 2, epochSecond);
            times.setAtIndex(JAVA_LONG, 3, nanos);
            int rc = (int) UTIMENSAT.invokeExact(st, AT_FDCWD, a.allocateFrom(p), times, AT_SYMLINK_NOFOLLOW);
            if (rc < 0) throw new SysException("utimensat", Native.errno(st), p, epochSecond);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** True when this process is root (may chown, mknod devices and set trusted.* xattrs). */
    static boolean isRoot() {
        return dev.glassbox.sys.Syscalls.linux().geteuid() == 0;
    }
}
