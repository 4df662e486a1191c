package dev.glassbox.engine;

import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Libc;
import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Taking a descriptor out of another process: how a root client gets a container's terminal
 * (or stdin pipe) from the shim that keeps it, without the engine passing it over a socket.
 */
public final class Fds {
    private Fds() {}

    /**
     * pidfd_getfd(2): a duplicate, in this process, of descriptor {@code targetfd} of the process
     * {@code pidfd} refers to; close-on-exec. Needs ptrace rights over it (root has them).
     * https://man7.org/linux/man-pages/man2/pidfd_getfd.2.html
     */
    public static int pidfdGetfd(int pidfd, int targetfd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            long rc = (long) Libc.SYSCALL3().invokeExact(st, Kernel.Nr.PIDFD_GETFD, (long) pidfd, (long) targetfd, 0L);
            if (rc < 0) throw new SysException("pidfd_getfd", Native.errno(st), pidfd, targetfd, 0);
            return (int) rc;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** pidfd_open(shimPid) then pidfd_getfd(fd): our own copy of the descriptor the attach names. */
    public static int take(Syscalls sys, Attach attach) {
        int pidfd = sys.pidfdOpen(attach.shimPid());
        try {
            return pidfdGetfd(pidfd, attach.fd());
        } finally {
            sys.close(pidfd);
        }
    }
}
