package dev.glassbox.mount;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Extended attributes through FFM. Java's UserDefinedFileAttributeView reaches only the
 * {@code user.} namespace; overlayfs marks opaque directories with {@code trusted.overlay.opaque}.
 */
public final class XattrCalls {
    /** getxattr(2): ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size); does not follow a final symlink. */
    private static final MethodHandle LGETXATTR =
            Native.errnoCall("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));

    // <errno.h>: the attribute is absent / the file system has no xattrs of this kind
    private static final int ENODATA = 61, EOPNOTSUPP = 95, ENOENT = 2;
    private static final int MAX_VALUE = 4096;

    private XattrCalls() {}

    /**
     * The value of attribute {@code name} of {@code path} (not following a final symlink), or
     * empty when the file has no such attribute, the file system keeps none, or the file is gone.
     */
    public static Optional<byte[]> lgetxattr(String path, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment buf = a.allocate(MAX_VALUE);
            long n = (long) LGETXATTR.invokeExact(st, a.allocateFrom(path), a.allocateFrom(name), buf, (long) MAX_VALUE);
            if (n < 0) {
                int errno = Native.errno(st);
                if (errno == ENODATA || errno == EOPNOTSUPP || errno == ENOENT) return Optional.empty();
                throw new SysException("lgetxattr", errno, path, name);
            }
            return Optional.of(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
