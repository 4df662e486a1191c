package dev.glassbox.sys;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one door from Java to the kernel. Java-shaped: results are checked and a failure is a
 * {@link SysException} naming the call, its arguments and errno. {@link LinuxSyscalls} is the
 * real implementation (FFM); tests pass a recording double to see what a step would do.
 * Each method links its man page.
 */
public interface Syscalls {

    /** The real kernel, through FFM. */
    static Syscalls linux() { return LinuxSyscalls.INSTANCE; }

    /** mount(2) */
    void mount(String source, String target, String fstype, long flags, String data);

    /** umount2(2) */
    void umount2(String target, int flags);

    /** statfs(2), returning {@code f_type} (compare with {@code Kernel.*_MAGIC}). */
    long statfsType(Path path);

    /** unshare(2), for the calling thread only when it is a namespace a thread can hold. */
    void unshare(int flags);

    /** setns(2) on an open namespace file descriptor. */
    void setns(int fd, int nstype);

    /** sethostname(2) */
    void sethostname(String name);

    /** gethostname(2) */
    String gethostname();

    /** open(2) */
    int open(String path, int flags, int mode);

    /** close(2) */
    void close(int fd);

    /** close(2) where a failure changes nothing (cleaning up; the descriptor may be closed already). */
    default void closeQuietly(int fd) {
        if (fd < 0) return;
        try {
            close(fd);
        } catch (SysException ignored) {
            // already closed
        }
    }

    /** read(2) into {@code buf}, returning the count read (0 at end of file). */
    int read(int fd, byte[] buf, int len);

    /** write(2) of all of {@code data}. */
    void writeFully(int fd, byte[] data, int len);

    /** kill(2) */
    void kill(int pid, int signal);

    /** pidfd_open(2): a descriptor that stays bound to this very process, never to a recycled PID. */
    int pidfdOpen(int pid);

    /** pidfd_send_signal(2) */
    void pidfdSendSignal(int pidfd, int signal);

    /** pidfd_getfd(2): a duplicate of another process's descriptor {@code targetFd} (needs ptrace rights: root). */
    int pidfdGetfd(int pidfd, int targetFd);

    /** pidfd_open(pid) then pidfd_getfd: our own copy of descriptor {@code fd} of process {@code pid}. */
    default int takeFd(int pid, int fd) {
        int pidfd = pidfdOpen(pid);
        try {
            return pidfdGetfd(pidfd, fd);
        } finally {
            close(pidfd);
        }
    }

    /** waitpid(2): returns {pid, raw wait status}, pid 0 with WNOHANG when nothing changed. */
    int[] waitpid(int pid, int options);

    /**
     * shutdown(2) with SHUT_WR: end of file for the reader of a stream socket, whoever else
     * holds a descriptor of it (a container's stdin socket, which its shim keeps open too).
     */
    void shutdownWrite(int fd);

    /** socketpair(2), both ends close-on-exec. */
    int[] socketpair(int domain, int type);

    /** send(2) of one message (one datagram on SOCK_SEQPACKET). */
    void send(int fd, byte[] data, int len);

    /** sendmsg(2) of one message with descriptors of ours (SCM_RIGHTS): the receiver gets copies. */
    void sendWithFds(int fd, byte[] data, int len, int[] fds);

    /** recv(2) of one message; returns its length, 0 at end of stream. */
    int recv(int fd, byte[] buf);

    /** poll(2) for readability on one fd; true when readable (or hung up) within the timeout. */
    boolean pollIn(int fd, int timeoutMillis);

    /**
     * posix_spawn(3): start {@code path} with {@code argv} and {@code env}; {@code fds} maps
     * child descriptor numbers to our descriptors (dup2). The child gets its own session and
     * an empty signal mask with default dispositions, whatever the JVM had.
     */
    int spawn(String path, List<String> argv, Map<String, String> env, Map<Integer, Integer> fds);

    /** posix_openpt(3) + grantpt + unlockpt: a new pty master, and the path of its slave. */
    Pty openpt();

    /** ioctl(TIOCGWINSZ): {rows, cols}, or null when fd is no terminal. */
    int[] windowSize(int fd);

    /** ioctl(TIOCSWINSZ) */
    void setWindowSize(int fd, int rows, int cols);

    /** isatty(3) */
    boolean isatty(int fd);

    /** tcgetattr(3) and cfmakeraw(3) then tcsetattr(3); returns the saved attributes to restore. */
    byte[] makeRaw(int fd);

    /** tcsetattr(3) with attributes saved by {@link #makeRaw}. */
    void restoreTerminal(int fd, byte[] saved);

    /** setsid(2) */
    int setsid();

    /** prctl(2) with up to four arguments. */
    int prctl(int option, long a2, long a3, long a4, long a5);

    /** geteuid(2) */
    int geteuid();

    /** getpid(2) */
    int getpid();

    /** A pty pair: master descriptor and slave path. */
    record Pty(int master, String slave) {}
}
