package dev.glassbox.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * C-shaped bindings of the libc functions Glassbox calls: same names, same argument order and
 * types as the man pages, results as C returns them. Each handle is made on first use (a holder
 * class per function): linking all of them up front cost the command line 0.4 s at start-up. Handles made by {@link Native#errnoCall}
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
    public static MethodHandle STRERROR() { return STRERROR_.H; }

    private static final class STRERROR_ { static final MethodHandle H = Native.call("strerror", fd(ADDRESS, JAVA_INT)); }


    /** mount(2): int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data) */
    public static MethodHandle MOUNT() { return MOUNT_.H; }

    private static final class MOUNT_ { static final MethodHandle H = Native.errnoCall("mount", fd(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS)); }

    /** umount2(2) */
    public static MethodHandle UMOUNT2() { return UMOUNT2_.H; }

    private static final class UMOUNT2_ { static final MethodHandle H = Native.errnoCall("umount2", fd(JAVA_INT, ADDRESS, JAVA_INT)); }

    /** unshare(2) */
    public static MethodHandle UNSHARE() { return UNSHARE_.H; }

    private static final class UNSHARE_ { static final MethodHandle H = Native.errnoCall("unshare", fd(JAVA_INT, JAVA_INT)); }

    /** setns(2) */
    public static MethodHandle SETNS() { return SETNS_.H; }

    private static final class SETNS_ { static final MethodHandle H = Native.errnoCall("setns", fd(JAVA_INT, JAVA_INT, JAVA_INT)); }

    /** sethostname(2) */
    public static MethodHandle SETHOSTNAME() { return SETHOSTNAME_.H; }

    private static final class SETHOSTNAME_ { static final MethodHandle H = Native.errnoCall("sethostname", fd(JAVA_INT, ADDRESS, JAVA_LONG)); }

    /** gethostname(2) */
    public static MethodHandle GETHOSTNAME() { return GETHOSTNAME_.H; }

    private static final class GETHOSTNAME_ { static final MethodHandle H = Native.errnoCall("gethostname", fd(JAVA_INT, ADDRESS, JAVA_LONG)); }

    /** statfs(2): struct statfs is 120 bytes on 64-bit Linux, f_type its first long. */
    public static MethodHandle STATFS() { return STATFS_.H; }

    private static final class STATFS_ { static final MethodHandle H = Native.errnoCall("statfs", fd(JAVA_INT, ADDRESS, ADDRESS)); }

    /** open(2), variadic mode */
    public static MethodHandle OPEN() { return OPEN_.H; }

    private static final class OPEN_ { static final MethodHandle H = Native.errnoCall("open", fd(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), variadicFrom(2)); }

    /** close(2) */
    public static MethodHandle CLOSE() { return CLOSE_.H; }

    private static final class CLOSE_ { static final MethodHandle H = Native.errnoCall("close", fd(JAVA_INT, JAVA_INT)); }

    /** read(2) */
    public static MethodHandle READ() { return READ_.H; }

    private static final class READ_ { static final MethodHandle H = Native.errnoCall("read", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG)); }

    /** write(2) */
    public static MethodHandle WRITE() { return WRITE_.H; }

    private static final class WRITE_ { static final MethodHandle H = Native.errnoCall("write", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG)); }

    /** ioctl(2) with one pointer argument */
    public static MethodHandle IOCTL_PTR() { return IOCTL_PTR_.H; }

    private static final class IOCTL_PTR_ { static final MethodHandle H = Native.errnoCall("ioctl", fd(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), variadicFrom(2)); }

    /** ioctl(2) with no argument */
    public static MethodHandle IOCTL() { return IOCTL_.H; }

    private static final class IOCTL_ { static final MethodHandle H = Native.errnoCall("ioctl", fd(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), variadicFrom(2)); }

    /** kill(2) */
    public static MethodHandle KILL() { return KILL_.H; }

    private static final class KILL_ { static final MethodHandle H = Native.errnoCall("kill", fd(JAVA_INT, JAVA_INT, JAVA_INT)); }

    /** waitpid(2) */
    public static MethodHandle WAITPID() { return WAITPID_.H; }

    private static final class WAITPID_ { static final MethodHandle H = Native.errnoCall("waitpid", fd(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)); }

    /** syscall(2), for calls glibc does not wrap (pivot_root, pidfd_open, pidfd_send_signal, pidfd_getfd) */
    public static MethodHandle SYSCALL3() { return SYSCALL3_.H; }

    private static final class SYSCALL3_ { static final MethodHandle H = Native.errnoCall("syscall", fd(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), variadicFrom(1)); }

    /** prctl(2) */
    public static MethodHandle PRCTL() { return PRCTL_.H; }

    private static final class PRCTL_ { static final MethodHandle H = Native.errnoCall("prctl", fd(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), variadicFrom(1)); }

    /** socket(2) */
    public static MethodHandle SOCKET() { return SOCKET_.H; }

    private static final class SOCKET_ { static final MethodHandle H = Native.errnoCall("socket", fd(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)); }

    /** socketpair(2) */
    public static MethodHandle SOCKETPAIR() { return SOCKETPAIR_.H; }

    private static final class SOCKETPAIR_ { static final MethodHandle H = Native.errnoCall("socketpair", fd(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)); }

    /** shutdown(2) */
    public static MethodHandle SHUTDOWN() { return SHUTDOWN_.H; }

    private static final class SHUTDOWN_ { static final MethodHandle H = Native.errnoCall("shutdown", fd(JAVA_INT, JAVA_INT, JAVA_INT)); }

    /** bind(2) */
    public static MethodHandle BIND() { return BIND_.H; }

    private static final class BIND_ { static final MethodHandle H = Native.errnoCall("bind", fd(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)); }

    /** send(2) */
    public static MethodHandle SEND() { return SEND_.H; }

    private static final class SEND_ { static final MethodHandle H = Native.errnoCall("send", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)); }

    /** recv(2) */
    public static MethodHandle RECV() { return RECV_.H; }

    private static final class RECV_ { static final MethodHandle H = Native.errnoCall("recv", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)); }

    /** sendto(2) */
    public static MethodHandle SENDTO() { return SENDTO_.H; }

    private static final class SENDTO_ { static final MethodHandle H = Native.errnoCall("sendto", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)); }

    /** recvfrom(2) */
    public static MethodHandle RECVFROM() { return RECVFROM_.H; }

    private static final class RECVFROM_ { static final MethodHandle H = Native.errnoCall("recvfrom", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS)); }

    /** sendmsg(2) */
    public static MethodHandle SENDMSG() { return SENDMSG_.H; }

    private static final class SENDMSG_ { static final MethodHandle H = Native.errnoCall("sendmsg", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)); }

    /** recvmsg(2) */
    public static MethodHandle RECVMSG() { return RECVMSG_.H; }

    private static final class RECVMSG_ { static final MethodHandle H = Native.errnoCall("recvmsg", fd(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)); }

    /** poll(2) */
    public static MethodHandle POLL() { return POLL_.H; }

    private static final class POLL_ { static final MethodHandle H = Native.errnoCall("poll", fd(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)); }

    /** setsid(2) */
    public static MethodHandle SETSID() { return SETSID_.H; }

    private static final class SETSID_ { static final MethodHandle H = Native.errnoCall("setsid", fd(JAVA_INT)); }

    /** geteuid(2) */
    public static MethodHandle GETEUID() { return GETEUID_.H; }

    private static final class GETEUID_ { static final MethodHandle H = Native.call("geteuid", fd(JAVA_INT)); }

    /** getpid(2) */
    public static MethodHandle GETPID() { return GETPID_.H; }

    private static final class GETPID_ { static final MethodHandle H = Native.call("getpid", fd(JAVA_INT)); }

    /** posix_openpt(3) */
    public static MethodHandle POSIX_OPENPT() { return POSIX_OPENPT_.H; }

    private static final class POSIX_OPENPT_ { static final MethodHandle H = Native.errnoCall("posix_openpt", fd(JAVA_INT, JAVA_INT)); }

    /** grantpt(3) */
    public static MethodHandle GRANTPT() { return GRANTPT_.H; }

    private static final class GRANTPT_ { static final MethodHandle H = Native.errnoCall("grantpt", fd(JAVA_INT, JAVA_INT)); }

    /** unlockpt(3) */
    public static MethodHandle UNLOCKPT() { return UNLOCKPT_.H; }

    private static final class UNLOCKPT_ { static final MethodHandle H = Native.errnoCall("unlockpt", fd(JAVA_INT, JAVA_INT)); }

    /** ptsname_r(3): returns an error number, not -1 */
    public static MethodHandle PTSNAME_R() { return PTSNAME_R_.H; }

    private static final class PTSNAME_R_ { static final MethodHandle H = Native.call("ptsname_r", fd(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG)); }

    /** tcgetattr(3) */
    public static MethodHandle TCGETATTR() { return TCGETATTR_.H; }

    private static final class TCGETATTR_ { static final MethodHandle H = Native.errnoCall("tcgetattr", fd(JAVA_INT, JAVA_INT, ADDRESS)); }

    /** tcsetattr(3) */
    public static MethodHandle TCSETATTR() { return TCSETATTR_.H; }

    private static final class TCSETATTR_ { static final MethodHandle H = Native.errnoCall("tcsetattr", fd(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)); }

    /** cfmakeraw(3) */
    public static MethodHandle CFMAKERAW() { return CFMAKERAW_.H; }

    private static final class CFMAKERAW_ { static final MethodHandle H = Native.call("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS)); }

    /** isatty(3) */
    public static MethodHandle ISATTY() { return ISATTY_.H; }

    private static final class ISATTY_ { static final MethodHandle H = Native.call("isatty", fd(JAVA_INT, JAVA_INT)); }

    /** posix_spawn(3) */
    public static MethodHandle POSIX_SPAWN() { return POSIX_SPAWN_.H; }

    private static final class POSIX_SPAWN_ { static final MethodHandle H = Native.call("posix_spawn", fd(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS)); }

    /** posix_spawn_file_actions_init(3) */
    public static MethodHandle POSIX_SPAWN_FILE_ACTIONS_INIT() { return POSIX_SPAWN_FILE_ACTIONS_INIT_.H; }

    private static final class POSIX_SPAWN_FILE_ACTIONS_INIT_ { static final MethodHandle H = Native.call("posix_spawn_file_actions_init", fd(JAVA_INT, ADDRESS)); }

    /** posix_spawn_file_actions_adddup2(3) */
    public static MethodHandle POSIX_SPAWN_FILE_ACTIONS_ADDDUP2() { return POSIX_SPAWN_FILE_ACTIONS_ADDDUP2_.H; }

    private static final class POSIX_SPAWN_FILE_ACTIONS_ADDDUP2_ { static final MethodHandle H = Native.call("posix_spawn_file_actions_adddup2", fd(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)); }

    /** posix_spawn_file_actions_destroy(3) */
    public static MethodHandle POSIX_SPAWN_FILE_ACTIONS_DESTROY() { return POSIX_SPAWN_FILE_ACTIONS_DESTROY_.H; }

    private static final class POSIX_SPAWN_FILE_ACTIONS_DESTROY_ { static final MethodHandle H = Native.call("posix_spawn_file_actions_destroy", fd(JAVA_INT, ADDRESS)); }

    /** posix_spawnattr_init(3) */
    public static MethodHandle POSIX_SPAWNATTR_INIT() { return POSIX_SPAWNATTR_INIT_.H; }

    private static final class POSIX_SPAWNATTR_INIT_ { static final MethodHandle H = Native.call("posix_spawnattr_init", fd(JAVA_INT, ADDRESS)); }

    /** posix_spawnattr_setflags(3) */
    public static MethodHandle POSIX_SPAWNATTR_SETFLAGS() { return POSIX_SPAWNATTR_SETFLAGS_.H; }

    private static final class POSIX_SPAWNATTR_SETFLAGS_ { static final MethodHandle H = Native.call("posix_spawnattr_setflags", fd(JAVA_INT, ADDRESS, java.lang.foreign.ValueLayout.JAVA_SHORT)); }

    /** posix_spawnattr_setsigmask(3) */
    public static MethodHandle POSIX_SPAWNATTR_SETSIGMASK() { return POSIX_SPAWNATTR_SETSIGMASK_.H; }

    private static final class POSIX_SPAWNATTR_SETSIGMASK_ { static final MethodHandle H = Native.call("posix_spawnattr_setsigmask", fd(JAVA_INT, ADDRESS, ADDRESS)); }

    /** posix_spawnattr_setsigdefault(3) */
    public static MethodHandle POSIX_SPAWNATTR_SETSIGDEFAULT() { return POSIX_SPAWNATTR_SETSIGDEFAULT_.H; }

    private static final class POSIX_SPAWNATTR_SETSIGDEFAULT_ { static final MethodHandle H = Native.call("posix_spawnattr_setsigdefault", fd(JAVA_INT, ADDRESS, ADDRESS)); }

    /** posix_spawnattr_destroy(3) */
    public static MethodHandle POSIX_SPAWNATTR_DESTROY() { return POSIX_SPAWNATTR_DESTROY_.H; }

    private static final class POSIX_SPAWNATTR_DESTROY_ { static final MethodHandle H = Native.call("posix_spawnattr_destroy", fd(JAVA_INT, ADDRESS)); }

    /** sigemptyset(3) */
    public static MethodHandle SIGEMPTYSET() { return SIGEMPTYSET_.H; }

    private static final class SIGEMPTYSET_ { static final MethodHandle H = Native.call("sigemptyset", fd(JAVA_INT, ADDRESS)); }

    /** sigfillset(3) */
    public static MethodHandle SIGFILLSET() { return SIGFILLSET_.H; }

    private static final class SIGFILLSET_ { static final MethodHandle H = Native.call("sigfillset", fd(JAVA_INT, ADDRESS)); }

}
