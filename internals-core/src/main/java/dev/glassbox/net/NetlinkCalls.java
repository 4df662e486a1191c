package dev.glassbox.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.glassbox.sys.Libc;
import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The socket calls a netlink socket needs, through FFM: C-shaped handles for the two that
 * {@link Libc} does not bind (setsockopt, getsockname), and Java-shaped methods that check
 * results and throw {@link SysException}. See socket(2), bind(2), sendto(2), recvfrom(2),
 * setsockopt(2), getsockname(2) and netlink(7).
 */
final class NetlinkCalls {
    private NetlinkCalls() {}

    /** setsockopt(2): int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen) */
    static final MethodHandle SETSOCKOPT = Native.errnoCall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** getsockname(2): int getsockname(int fd, struct sockaddr *addr, socklen_t *addrlen) */
    static final MethodHandle GETSOCKNAME = Native.errnoCall("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** sizeof(struct sockaddr_nl): u16 nl_family, u16 nl_pad, u32 nl_pid, u32 nl_groups. */
    static final int SOCKADDR_NL_SIZE = 12;
    static final int SOL_SOCKET = 1, SO_RCVTIMEO = 20, MSG_TRUNC = 0x20, EINTR = 4;

    static int socket(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int fd = (int) Libc.SOCKET().invokeExact(st, domain, type, protocol);
            if (fd < 0) throw new SysException("socket", Native.errno(st), "AF_NETLINK", type, protocol);
            return fd;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** bind(2) to a sockaddr_nl with nl_pid 0: the kernel picks a unique port id. */
    static void bind(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment addr = sockaddrNl(a);
            int rc = (int) Libc.BIND().invokeExact(st, fd, addr, SOCKADDR_NL_SIZE);
            if (rc < 0) throw new SysException("bind", Native.errno(st), fd, "sockaddr_nl{nl_pid=0}");
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** getsockname(2): the port id (nl_pid) the kernel gave this socket. */
    static int portId(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment addr = a.allocate(SOCKADDR_NL_SIZE, 4);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SOCKADDR_NL_SIZE);
            int rc = (int) GETSOCKNAME.invokeExact(st, fd, addr, len);
            if (rc < 0) throw new SysException("getsockname", Native.errno(st), fd);
            return addr.get(JAVA_INT, 4);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** setsockopt(2) with an int value. */
    static void setsockopt(int fd, int level, int option, int value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment v = a.allocateFrom(JAVA_INT, value);
            int rc = (int) SETSOCKOPT.invokeExact(st, fd, level, option, v, 4);
            if (rc < 0) throw new SysException("setsockopt", Native.errno(st), fd, level, option, value);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** setsockopt(SO_RCVTIMEO): a recv that waits longer fails with EAGAIN instead of hanging. */
    static void setReceiveTimeout(int fd, int seconds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment tv = a.allocate(16, 8); // struct timeval { time_t tv_sec; suseconds_t tv_usec; }
            tv.set(JAVA_LONG, 0, seconds);
            int rc = (int) SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
            if (rc < 0) throw new SysException("setsockopt", Native.errno(st), fd, "SO_RCVTIMEO", seconds);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** sendto(2) of one datagram to the kernel (nl_pid 0). */
    static void sendToKernel(int fd, byte[] data, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            MemorySegment buf = a.allocate(data.length);
            MemorySegment.copy(data, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment addr = sockaddrNl(a);
            while (true) {
                long n = (long) Libc.SENDTO().invokeExact(st, fd, buf, (long) data.length, 0, addr, SOCKADDR_NL_SIZE);
                if (n >= 0) return;
                int errno = Native.errno(st);
                if (errno != EINTR) throw new SysException("sendto", errno, fd, what);
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** recvfrom(2) of one datagram into {@code buf}; returns its real length (MSG_TRUNC). */
    static int receive(int fd, MemorySegment buf, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            while (true) {
                long n = (long) Libc.RECVFROM().invokeExact(st, fd, buf, buf.byteSize(), MSG_TRUNC,
                        MemorySegment.NULL, MemorySegment.NULL);
                if (n >= 0) return (int) n;
                int errno = Native.errno(st);
                if (errno != EINTR) throw new SysException("recvfrom", errno, fd, what);
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Native.callState(a);
            int rc = (int) Libc.CLOSE().invokeExact(st, fd);
            if (rc < 0) throw new SysException("close", Native.errno(st), fd);
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static MemorySegment sockaddrNl(Arena a) {
        MemorySegment addr = a.allocate(SOCKADDR_NL_SIZE, 4);
        addr.set(JAVA_SHORT, 0, (short) Rtnetlink.AF_NETLINK); // nl_pid 0 = the kernel, nl_groups 0 = no multicast
        return addr;
    }
}
