package dev.glassbox.cgroup;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link Syscalls} double that answers statfs(2) from a map and refuses every other call. */
final class StatfsOnlySyscalls implements Syscalls {
    private final Map<Path, Long> types = new HashMap<>();

    StatfsOnlySyscalls type(Path path, long fType) {
        types.put(path.toAbsolutePath().normalize(), fType);
        return this;
    }

    @Override
    public long statfsType(Path path) {
        Long t = types.get(path.toAbsolutePath().normalize());
        if (t == null) throw new SysException("statfs", Errno.ENOENT, path.toString());
        return t;
    }

    private static UnsupportedOperationException no(String call) {
        return new UnsupportedOperationException(call + " is not part of this test double");
    }

    @Override public void mount(String source, String target, String fstype, long flags, String data) { throw no("mount"); }
    @Override public void umount2(String target, int flags) { throw no("umount2"); }
    @Override public void unshare(int flags) { throw no("unshare"); }
    @Override public void setns(int fd, int nstype) { throw no("setns"); }
    @Override public void sethostname(String name) { throw no("sethostname"); }
    @Override public String gethostname() { throw no("gethostname"); }
    @Override public int open(String path, int flags, int mode) { throw no("open"); }
    @Override public void close(int fd) { throw no("close"); }
    @Override public int read(int fd, byte[] buf, int len) { throw no("read"); }
    @Override public void writeFully(int fd, byte[] data, int len) { throw no("writeFully"); }
    @Override public void kill(int pid, int signal) { throw no("kill"); }
    @Override public int pidfdOpen(int pid) { throw no("pidfdOpen"); }
    @Override public void pidfdSendSignal(int pidfd, int signal) { throw no("pidfdSendSignal"); }
    @Override
    public int pidfdGetfd(int pidfd, int targetFd) {
        throw new UnsupportedOperationException("pidfd_getfd");
    }

    @Override public int[] waitpid(int pid, int options) { throw no("waitpid"); }
    @Override public int[] socketpair(int domain, int type) { throw no("socketpair"); }
    @Override public void shutdownWrite(int fd) { throw no("shutdown"); }
    @Override public void send(int fd, byte[] data, int len) { throw no("send"); }
    @Override public void sendWithFds(int fd, byte[] data, int len, int[] fds) { throw no("sendWithFds"); }
    @Override public int recv(int fd, byte[] buf) { throw no("recv"); }
    @Override public boolean pollIn(int fd, int timeoutMillis) { throw no("pollIn"); }
    @Override public int spawn(String path, List<String> argv, Map<String, String> env, Map<Integer, Integer> fds) { throw no("spawn"); }
    @Override public Pty openpt() { throw no("openpt"); }
    @Override public int[] windowSize(int fd) { throw no("windowSize"); }
    @Override public void setWindowSize(int fd, int rows, int cols) { throw no("setWindowSize"); }
    @Override public boolean isatty(int fd) { throw no("isatty"); }
    @Override public byte[] makeRaw(int fd) { throw no("makeRaw"); }
    @Override public void restoreTerminal(int fd, byte[] saved) { throw no("restoreTerminal"); }
    @Override public int setsid() { throw no("setsid"); }
    @Override public int prctl(int option, long a2, long a3, long a4, long a5) { throw no("prctl"); }
    @Override public int geteuid() { throw no("geteuid"); }
    @Override public int getpid() { throw no("getpid"); }
}
