package dev.glassbox.sys;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A system call failed. Carries the call, its arguments and the errno the kernel returned,
 * so a message reads like {@code mount("overlay", "/x", "overlay", 0, "lowerdir=..."): ENOENT (No such file or directory)}.
 */
public final class SysException extends RuntimeException {
    private final String call;
    private final int errno;

    public SysException(String call, int errno, Object... args) {
        super(call + "(" + Arrays.stream(args).map(SysException::show).collect(Collectors.joining(", ")) + "): "
                + Errno.name(errno) + " (" + Errno.strerror(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The libc function or system call that failed, e.g. {@code "mount"}. */
    public String call() { return call; }

    /** The errno value, compare with {@link Errno} constants. */
    public int errno() { return errno; }

    private static String show(Object arg) {
        if (arg instanceof String s) return '"' + s + '"';
        if (arg instanceof Long l && (l > 0xffff || l < 0)) return "0x" + Long.toHexString(l);
        return String.valueOf(arg);
    }
}
