package dev.glassbox.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link Syscalls} on the real kernel through FFM. Each call uses a confined arena of its own. */
final class LinuxSyscalls implements Syscalls {
    static final LinuxSyscalls INSTANCE = new LinuxSyscalls();

    private static final int POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    private static final int SIGSET_BYTES = 128, SPAWN_ATTR_BYTES = 512, SPAWN_ACTIONS_BYTES = 512;
    private static final int TERMIOS_BYTES = 60, STATFS_BYTES = 120;
    private static final int TCSANOW = 0, WNOHANG = 1;

    private LinuxSyscalls() {
        Native.requireNativeAccess();
    }

    private static MemorySegment str(Arena a, String s) {
        return s == null ? MemorySegment.NULL : a.allocateFrom(s);
    }

    /** Throws unless rc is 0 or positive; returns rc. */
    private static long check(long rc, MemorySegment state, String call, Object... args) {
        if (rc < 0) throw new SysException(call, Native.errno(state), args);
        return rc;
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.MOUNT().invokeExact(st, str(a, source), str(a, target), str(a, fstype), flags, str(a, data));
            check(rc, st, "mount", source, target, fstype, flags, data);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.UMOUNT2().invokeExact(st, str(a, target), flags);
            check(rc, st, "umount2", target, flags);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public long statfsType(Path path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment buf = a.allocate(STATFS_BYTES, 8);
            int rc = (int) Libc.STATFS().invokeExact(st, str(a, path.toString()), buf);
            check(rc, st, "statfs", path.toString());
            return buf.get(JAVA_LONG, 0); // f_type is the first field
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void unshare(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.UNSHARE().invokeExact(st, flags);
            check(rc, st, "unshare", (long) flags);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void setns(int fd, int nstype) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.SETNS().invokeExact(st, fd, nstype);
            check(rc, st, "setns", fd, (long) nstype);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void sethostname(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment s = a.allocateFrom(name);
            int rc = (int) Libc.SETHOSTNAME().invokeExact(st, s, s.byteSize() - 1);
            check(rc, st, "sethostname", name);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public String gethostname() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment buf = a.allocate(256);
            int rc = (int) Libc.GETHOSTNAME().invokeExact(st, buf, 255L);
            check(rc, st, "gethostname");
            return buf.getString(0);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.OPEN().invokeExact(st, str(a, path), flags, mode);
            return (int) check(rc, st, "open", path, (long) flags);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.CLOSE().invokeExact(st, fd);
            check(rc, st, "close", fd);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int read(int fd, byte[] buf, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment seg = a.allocate(Math.max(1, len));
            while (true) {
                long n = (long) Libc.READ().invokeExact(st, fd, seg, (long) len);
                if (n < 0 && Native.errno(st) == Errno.EINTR) continue;
                if (n < 0 && Native.errno(st) == Errno.EIO) return 0; // a pty master whose slave side is gone
                check(n, st, "read", fd, len);
                MemorySegment.copy(seg, JAVA_BYTE_LAYOUT, 0, buf, 0, (int) n);
                return (int) n;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    @Override
    public void writeFully(int fd, byte[] data, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment seg = a.allocate(Math.max(1, len));
            MemorySegment.copy(data, 0, seg, JAVA_BYTE_LAYOUT, 0, len);
            long off = 0;
            while (off < len) {
                long n = (long) Libc.WRITE().invokeExact(st, fd, seg.asSlice(off), len - off);
                if (n < 0 && Native.errno(st) == Errno.EINTR) continue;
                check(n, st, "write", fd, len);
                off += n;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void kill(int pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.KILL().invokeExact(st, pid, signal);
            check(rc, st, "kill", pid, signal);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static long syscall(String name, long nr, long a1, long a2, long a3) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            long rc = (long) Libc.SYSCALL3().invokeExact(st, nr, a1, a2, a3);
            return check(rc, st, name, a1, a2);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int pidfdOpen(int pid) {
        return (int) syscall("pidfd_open", Kernel.Nr.PIDFD_OPEN, pid, 0, 0);
    }

    @Override
    public void pidfdSendSignal(int pidfd, int signal) {
        syscall("pidfd_send_signal", Kernel.Nr.PIDFD_SEND_SIGNAL, pidfd, signal, 0);
    }

    @Override
    public int pidfdGetfd(int pidfd, int targetFd) {
        return (int) syscall("pidfd_getfd", Kernel.Nr.PIDFD_GETFD, pidfd, targetFd, 0);
    }

    @Override
    public int[] waitpid(int pid, int options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment status = a.allocate(JAVA_INT);
            while (true) {
                int rc = (int) Libc.WAITPID().invokeExact(st, pid, status, options);
                if (rc < 0 && Native.errno(st) == Errno.EINTR) continue;
                check(rc, st, "waitpid", pid, options);
                return new int[] {rc, rc == 0 ? 0 : status.get(JAVA_INT, 0)};
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void shutdownWrite(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.SHUTDOWN().invokeExact(st, fd, Kernel.SHUT_WR);
            check(rc, st, "shutdown", fd, "SHUT_WR");
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int[] socketpair(int domain, int type) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment sv = a.allocate(JAVA_INT, 2);
            int rc = (int) Libc.SOCKETPAIR().invokeExact(st, domain, type | Kernel.SOCK_CLOEXEC, 0, sv);
            check(rc, st, "socketpair", domain, type);
            return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void send(int fd, byte[] data, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment seg = a.allocate(Math.max(1, len));
            MemorySegment.copy(data, 0, seg, JAVA_BYTE_LAYOUT, 0, len);
            while (true) {
                long n = (long) Libc.SEND().invokeExact(st, fd, seg, (long) len, 0);
                if (n < 0 && Native.errno(st) == Errno.EINTR) continue;
                check(n, st, "send", fd, len);
                return;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void sendWithFds(int fd, byte[] data, int len, int[] fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment seg = a.allocate(Math.max(1, len));
            MemorySegment.copy(data, 0, seg, JAVA_BYTE_LAYOUT, 0, len);
            // struct iovec { void *iov_base; size_t iov_len; }
            MemorySegment iov = a.allocate(16, 8);
            iov.set(ADDRESS, 0, seg);
            iov.set(JAVA_LONG, 8, len);
            // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then the descriptors
            long cmsgLen = 16 + 4L * fds.length, space = 16 + ((4L * fds.length + 7) & ~7L);
            MemorySegment ctl = a.allocate(space, 8);
            ctl.set(JAVA_LONG, 0, cmsgLen);
            ctl.set(JAVA_INT, 8, 1);  // SOL_SOCKET
            ctl.set(JAVA_INT, 12, 1); // SCM_RIGHTS
            for (int i = 0; i < fds.length; i++) ctl.set(JAVA_INT, 16 + 4L * i, fds[i]);
            // struct msghdr { name, namelen (+pad), iov, iovlen, control, controllen, flags (+pad) }
            MemorySegment mh = a.allocate(56, 8);
            mh.set(ADDRESS, 16, iov);
            mh.set(JAVA_LONG, 24, 1);
            mh.set(ADDRESS, 32, ctl);
            mh.set(JAVA_LONG, 40, space);
            while (true) {
                long n = (long) Libc.SENDMSG().invokeExact(st, fd, mh, 0x4000 /* MSG_NOSIGNAL */);
                if (n < 0 && Native.errno(st) == Errno.EINTR) continue;
                check(n, st, "sendmsg", fd, len);
                return;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int recv(int fd, byte[] buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment seg = a.allocate(buf.length);
            while (true) {
                long n = (long) Libc.RECV().invokeExact(st, fd, seg, (long) buf.length, 0);
                if (n < 0 && Native.errno(st) == Errno.EINTR) continue;
                if (n < 0 && Native.errno(st) == 104 /* ECONNRESET */) return 0;
                check(n, st, "recv", fd);
                MemorySegment.copy(seg, JAVA_BYTE_LAYOUT, 0, buf, 0, (int) n);
                return (int) n;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public boolean pollIn(int fd, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            // struct pollfd { int fd; short events; short revents; }
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, (short) 0x001); // POLLIN
            while (true) {
                int rc = (int) Libc.POLL().invokeExact(st, pfd, 1L, timeoutMillis);
                if (rc < 0 && Native.errno(st) == Errno.EINTR) continue;
                check(rc, st, "poll", fd, timeoutMillis);
                return rc > 0;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int spawn(String path, List<String> argv, Map<String, String> env, Map<Integer, Integer> fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(SPAWN_ACTIONS_BYTES, 16);
            MemorySegment attr = a.allocate(SPAWN_ATTR_BYTES, 16);
            MemorySegment mask = a.allocate(SIGSET_BYTES, 8);
            MemorySegment all = a.allocate(SIGSET_BYTES, 8);
            int unused = (int) Libc.POSIX_SPAWN_FILE_ACTIONS_INIT().invokeExact(actions);
            unused = (int) Libc.POSIX_SPAWNATTR_INIT().invokeExact(attr);
            try {
                for (var e : fds.entrySet()) {
                    int rc = (int) Libc.POSIX_SPAWN_FILE_ACTIONS_ADDDUP2().invokeExact(actions, (int) e.getValue(), (int) e.getKey());
                    if (rc != 0) throw new SysException("posix_spawn_file_actions_adddup2", rc, e.getValue(), e.getKey());
                }
                unused = (int) Libc.SIGEMPTYSET().invokeExact(mask);
                unused = (int) Libc.SIGFILLSET().invokeExact(all);
                unused = (int) Libc.POSIX_SPAWNATTR_SETSIGMASK().invokeExact(attr, mask);
                unused = (int) Libc.POSIX_SPAWNATTR_SETSIGDEFAULT().invokeExact(attr, all);
                unused = (int) Libc.POSIX_SPAWNATTR_SETFLAGS().invokeExact(attr,
                        (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
                MemorySegment pid = a.allocate(JAVA_INT);
                int rc = (int) Libc.POSIX_SPAWN().invokeExact(pid, str(a, path), actions, attr,
                        strings(a, argv), strings(a, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                if (rc != 0) throw new SysException("posix_spawn", rc, path);
                return pid.get(JAVA_INT, 0);
            } finally {
                unused = (int) Libc.POSIX_SPAWN_FILE_ACTIONS_DESTROY().invokeExact(actions);
                unused = (int) Libc.POSIX_SPAWNATTR_DESTROY().invokeExact(attr);
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A NULL-terminated char *[] */
    private static MemorySegment strings(Arena a, List<String> list) {
        MemorySegment arr = a.allocate(ADDRESS, list.size() + 1L);
        for (int i = 0; i < list.size(); i++) arr.setAtIndex(ADDRESS, i, a.allocateFrom(list.get(i)));
        arr.setAtIndex(ADDRESS, list.size(), MemorySegment.NULL);
        return arr;
    }

    @Override
    public Pty openpt() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int master = (int) Libc.POSIX_OPENPT().invokeExact(st, Kernel.O_RDWR | Kernel.O_NOCTTY | Kernel.O_CLOEXEC);
            check(master, st, "posix_openpt", "O_RDWR|O_NOCTTY|O_CLOEXEC");
            try {
                int rc = (int) Libc.GRANTPT().invokeExact(st, master);
                check(rc, st, "grantpt", master);
                rc = (int) Libc.UNLOCKPT().invokeExact(st, master);
                check(rc, st, "unlockpt", master);
                MemorySegment name = a.allocate(128);
                rc = (int) Libc.PTSNAME_R().invokeExact(master, name, 128L);
                if (rc != 0) throw new SysException("ptsname_r", rc, master);
                return new Pty(master, name.getString(0));
            } catch (Throwable t) {
                close(master);
                throw t;
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int[] windowSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment ws = a.allocate(8, 2); // struct winsize { ws_row, ws_col, ws_xpixel, ws_ypixel }
            int rc = (int) Libc.IOCTL_PTR().invokeExact(st, fd, Kernel.TIOCGWINSZ, ws);
            if (rc < 0) return null;
            return new int[] {Short.toUnsignedInt(ws.get(JAVA_SHORT, 0)), Short.toUnsignedInt(ws.get(JAVA_SHORT, 2))};
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void setWindowSize(int fd, int rows, int cols) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment ws = a.allocate(8, 2);
            ws.set(JAVA_SHORT, 0, (short) rows);
            ws.set(JAVA_SHORT, 2, (short) cols);
            int rc = (int) Libc.IOCTL_PTR().invokeExact(st, fd, Kernel.TIOCSWINSZ, ws);
            check(rc, st, "ioctl", fd, "TIOCSWINSZ", rows, cols);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public boolean isatty(int fd) {
        try {
            return (int) Libc.ISATTY().invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public byte[] makeRaw(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment t = a.allocate(TERMIOS_BYTES, 4);
            int rc = (int) Libc.TCGETATTR().invokeExact(st, fd, t);
            check(rc, st, "tcgetattr", fd);
            byte[] saved = t.toArray(JAVA_BYTE_LAYOUT);
            Libc.CFMAKERAW().invokeExact(t);
            rc = (int) Libc.TCSETATTR().invokeExact(st, fd, TCSANOW, t);
            check(rc, st, "tcsetattr", fd, "raw");
            return saved;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void restoreTerminal(int fd, byte[] saved) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment t = a.allocate(TERMIOS_BYTES, 4);
            MemorySegment.copy(saved, 0, t, JAVA_BYTE_LAYOUT, 0, Math.min(saved.length, TERMIOS_BYTES));
            int rc = (int) Libc.TCSETATTR().invokeExact(st, fd, TCSANOW, t);
            check(rc, st, "tcsetattr", fd, "restore");
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int setsid() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.SETSID().invokeExact(st);
            return (int) check(rc, st, "setsid");
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int prctl(int option, long a2, long a3, long a4, long a5) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.PRCTL().invokeExact(st, option, a2, a3, a4, a5);
            return (int) check(rc, st, "prctl", option, a2);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int geteuid() {
        try {
            return (int) Libc.GETEUID().invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int getpid() {
        try {
            return (int) Libc.GETPID().invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** For debugging argument lists in messages. */
    static List<String> describe(Map<Integer, Integer> fds) {
        List<String> out = new ArrayList<>();
        fds.forEach((k, v) -> out.add(v + "->" + k));
        return out;
    }
}
