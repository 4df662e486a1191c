package dev.glassbox.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * C-shaped bindings of the libc functions Glassbox calls: same names, same argument order and
 * types as the man pages, results as C returns them. Handles made by {@link Native#errnoCall}
 * take a call-state segment first. {@link LinuxSyscalls} is the Java-shaped layer above.
 */
public final class Libc {
    private Libc() {}

    private static FunctionDescriptor fd(java.lang.foreign.MemoryLayout ret, java.lang.foreign.MemoryLayout... args) {
        return FunctionDescriptor.of(ret, args);
    }

    private static Linker.Option variadicFrom(int index) {
        return Linker.Option.firstVariadicArg(index);
    }

    /** strerror(3) */
    public static final MethodHandle STRERROR = Native.call("strerror", fd(ADDRESS, JAVA_INT));

    /** mount(2): int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data) */
    public static final MethodHandle MOUNT =
            Native.errnoCall("mount", fd(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    /** umount2(2) */
    public static final MethodHandle UMOUNT2 = Native.errnoCall("umount2", fd(JAVA_INT, ADDRESS, JAVA_INT));
    /** unshare(2) */
    public static final MethodHandle UNSHARE = Native.errnoCall("unshare", fd(JAVA_INT, JAVA_INT));
    /** setns(2) */
    public static final MethodHandle SETNS = Native.errnoCall("setns", fd(JAVA_INT, JAVA_INT, JAVA_INT));
    /** sethostname(2) */
    public static final MethodHandle SETHOSTNAME = Native.errnoCall("sethostname", fd(JAVA_INT, ADDRESS, JAVA_LONG));
    /** gethostname(2) */
    public static final MethodHandle GETHOSTNAME = Native.errnoCall("gethostname", fd(JAVA_INT, ADDRESS, JAVA_LONG));
    /** statfs(2): struct statfs is 120 bytes on 64-bit Linux, f_type its first long. */
    public static final MethodHandle STATFS = Native.errnoCall("statfs", fd(JAVA_INT, ADDRESS, ADDRESS));
    /** open(2), variadic mode */
    public static final MethodHandle OPEN =
            Native.errnoCall("open", fd(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), variadicFrom(2));
    /** close(2) */
    public static final MethodHandle CLOSE = Native.errnoCall("close", fd(JAVA_INT, JAVA_INT));
    /** read(2) */
    public static final MethodHandle READ = Native.errnoCall("read", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** write(2) */
    public static final MethodHandle WRITE = Native.errnoCall("write", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** ioctl(2) with one pointer argument */
    public static final MethodHandle IOCTL_PTR =
            Native.errnoCall("ioctl", fd(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), variadicFrom(2));
    /** ioctl(2) with no argument */
    public static final MethodHandle IOCTL =
            Native.errnoCall("ioctl", fd(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), variadicFrom(2));
    /** kill(2) */
    public static final MethodHandle KILL = Native.errnoCall("kill", fd(JAVA_INT, JAVA_INT, JAVA_INT));
    /** waitpid(2) */
    public static final MethodHandle WAITPID = Native.errnoCall("waitpid", fd(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** syscall(2), for calls glibc does not wrap (pivot_root, pidfd_open, pidfd_send_signal, pidfd_getfd) */
    public static final MethodHandle SYSCALL3 =
            Native.errnoCall("syscall", fd(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), variadicFrom(1));
    /** prctl(2) */
    public static final MethodHandle PRCTL = Native.errnoCall("prctl",
            fd(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), variadicFrom(1));
    /** socket(2) */
    public static final MethodHandle SOCKET = Native.errnoCall("socket", fd(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** socketpair(2) */
    public static final MethodHandle SOCKETPAIR =
            Native.errnoCall("socketpair", fd(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    /** bind(2) */
    public static final MethodHandle BIND = Native.errnoCall("bind", fd(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** send(2) */
    public static final MethodHandle SEND = Native.errnoCall("send", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** recv(2) */
    public static final MethodHandle RECV = Native.errnoCall("recv", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** sendto(2) */
    public static final MethodHandle SENDTO = Native.errnoCall("sendto",
            fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** recvfrom(2) */
    public static final MethodHandle RECVFROM = Native.errnoCall("recvfrom",
            fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    /** sendmsg(2) */
    public static final MethodHandle SENDMSG = Native.errnoCall("sendmsg", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** recvmsg(2) */
    public static final MethodHandle RECVMSG = Native.errnoCall("recvmsg", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** poll(2) */
    public static final MethodHandle POLL = Native.errnoCall("poll", fd(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** setsid(2) */
    public static final MethodHandle SETSID = Native.errnoCall("setsid", fd(JAVA_INT));
    /** geteuid(2) */
    public static final MethodHandle GETEUID = Native.call("geteuid", fd(JAVA_INT));
    /** getpid(2) */
    public static final MethodHandle GETPID = Native.call("getpid", fd(JAVA_INT));
    /** posix_openpt(3) */
    public static final MethodHandle POSIX_OPENPT = Native.errnoCall("posix_openpt", fd(JAVA_INT, JAVA_INT));
    /** grantpt(3) */
    public static final MethodHandle GRANTPT = Native.errnoCall("grantpt", fd(JAVA_INT, JAVA_INT));
    /** unlockpt(3) */
    public static final MethodHandle UNLOCKPT = Native.errnoCall("unlockpt", fd(JAVA_INT, JAVA_INT));
    /** ptsname_r(3): returns an error number, not -1 */
    public static final MethodHandle PTSNAME_R = Native.call("ptsname_r", fd(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    /** tcgetattr(3) */
    public static final MethodHandle TCGETATTR = Native.errnoCall("tcgetattr", fd(JAVA_INT, JAVA_INT, ADDRESS));
    /** tcsetattr(3) */
    public static final MethodHandle TCSETATTR = Native.errnoCall("tcsetattr", fd(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    /** cfmakeraw(3) */
    public static final MethodHandle CFMAKERAW = Native.call("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));
    /** isatty(3) */
    public static final MethodHandle ISATTY = Native.call("isatty", fd(JAVA_INT, JAVA_INT));
    /** posix_spawn(3) */
    public static final MethodHandle POSIX_SPAWN = Native.call("posix_spawn",
            fd(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    /** posix_spawn_file_actions_init(3) */
    public static final MethodHandle POSIX_SPAWN_FILE_ACTIONS_INIT =
            Native.call("posix_spawn_file_actions_init", fd(JAVA_INT, ADDRESS));
    /** posix_spawn_file_actions_adddup2(3) */
    public static final MethodHandle POSIX_SPAWN_FILE_ACTIONS_ADDDUP2 =
            Native.call("posix_spawn_file_actions_adddup2", fd(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** posix_spawn_file_actions_destroy(3) */
    public static final MethodHandle POSIX_SPAWN_FILE_ACTIONS_DESTROY =
            Native.call("posix_spawn_file_actions_destroy", fd(JAVA_INT, ADDRESS));
    /** posix_spawnattr_init(3) */
    public static final MethodHandle POSIX_SPAWNATTR_INIT = Native.call("posix_spawnattr_init", fd(JAVA_INT, ADDRESS));
    /** posix_spawnattr_setflags(3) */
    public static final MethodHandle POSIX_SPAWNATTR_SETFLAGS =
            Native.call("posix_spawnattr_setflags", fd(JAVA_INT, ADDRESS, java.lang.foreign.ValueLayout.JAVA_SHORT));
    /** posix_spawnattr_setsigmask(3) */
    public static final MethodHandle POSIX_SPAWNATTR_SETSIGMASK =
            Native.call("posix_spawnattr_setsigmask", fd(JAVA_INT, ADDRESS, ADDRESS));
    /** posix_spawnattr_setsigdefault(3) */
    public static final MethodHandle POSIX_SPAWNATTR_SETSIGDEFAULT =
            Native.call("posix_spawnattr_setsigdefault", fd(JAVA_INT, ADDRESS, ADDRESS));
    /** posix_spawnattr_destroy(3) */
    public static final MethodHandle POSIX_SPAWNATTR_DESTROY = Native.call("posix_spawnattr_destroy", fd(JAVA_INT, ADDRESS));
    /** sigemptyset(3) */
    public static final MethodHandle SIGEMPTYSET = Native.call("sigemptyset", fd(JAVA_INT, ADDRESS));
    /** sigfillset(3) */
    public static final MethodHandle SIGFILLSET = Native.call("sigfillset", fd(JAVA_INT, ADDRESS));
}
