package dev.glassbox.net;

import static dev.glassbox.net.Rtnetlink.NLMSG_DONE;
import static dev.glassbox.net.Rtnetlink.NLMSG_ERROR;
import static dev.glassbox.net.Rtnetlink.NLMSG_NOOP;
import static dev.glassbox.net.Rtnetlink.NLM_F_ACK;
import static dev.glassbox.net.Rtnetlink.NLM_F_DUMP;
import static dev.glassbox.net.Rtnetlink.NLM_F_DUMP_INTR;
import static dev.glassbox.net.Rtnetlink.NLM_F_MULTI;
import static dev.glassbox.net.Rtnetlink.NLM_F_REQUEST;

import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A netlink socket talking to the kernel: {@code socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, protocol)}
 * bound to a port id the kernel chooses. A request carries a sequence number; the replies that
 * carry it back are its answers, anything else (a late answer to an earlier request) is skipped.
 *
 * <p>The socket belongs to the network namespace of the thread that opened it, for its whole
 * life, whichever thread uses it later: open it inside {@link NetNs#run} to talk to another
 * namespace's kernel tables. Requests are serialized (one at a time per socket).
 */
public final class NetlinkSocket implements AutoCloseable {
    /** Bigger than any datagram rtnetlink sends (dump skbs are at most 32 KiB). */
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int DUMP_RETRIES = 5;
    private static final int RECEIVE_TIMEOUT_SECONDS = 30;

    private final int fd;
    private final int portId;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
        this.portId = NetlinkCalls.portId(fd);
        this.buffer = arena.allocate(RECEIVE_BUFFER, 8);
    }

    /** A socket for {@code protocol} (e.g. {@link Rtnetlink#NETLINK_ROUTE}) in the calling thread's netns. */
    public static NetlinkSocket open(int protocol) {
        Native.requireNativeAccess();
        int fd = NetlinkCalls.socket(Rtnetlink.AF_NETLINK, Kernel.SOCK_RAW | Kernel.SOCK_CLOEXEC, protocol);
        try {
            NetlinkCalls.bind(fd);
            // Errors then carry the kernel's own explanation and only the header of our request.
            NetlinkCalls.setsockopt(fd, Rtnetlink.SOL_NETLINK, Rtnetlink.NETLINK_EXT_ACK, 1);
            NetlinkCalls.setsockopt(fd, Rtnetlink.SOL_NETLINK, Rtnetlink.NETLINK_CAP_ACK, 1);
            NetlinkCalls.setReceiveTimeout(fd, RECEIVE_TIMEOUT_SECONDS);
            return new NetlinkSocket(fd);
        } catch (RuntimeException e) {
            NetlinkCalls.close(fd);
            throw e;
        }
    }

    /** An rtnetlink socket in the calling thread's network namespace. */
    public static NetlinkSocket openRoute() {
        return open(Rtnetlink.NETLINK_ROUTE);
    }

    /** The port id (nl_pid) the kernel bound this socket to. */
    public int portId() { return portId; }

    /**
     * Sends {@code msg} with NLM_F_REQUEST|NLM_F_ACK and waits for the acknowledgement.
     * Returns the replies that came before it (e.g. the RTM_NEWLINK answering an RTM_GETLINK).
     * A negative acknowledgement throws a {@link SysException} whose call is the message type and
     * whose argument is {@code what}, e.g. {@code RTM_NEWLINK(veth "gb1a2b"): EEXIST (File exists)}.
     */
    public synchronized List<NlMsg> request(NlMsg msg, String what) {
        int s = send(msg, NLM_F_REQUEST | NLM_F_ACK, what);
        List<NlMsg> replies = new ArrayList<>();
        while (true) {
            for (NlMsg reply : receive(msg, what)) {
                if (reply.nlmsg_seq() != s || reply.nlmsg_pid() != portId) continue;
                if (reply.nlmsg_type() == NLMSG_ERROR) {
                    if (reply.error() != 0) throw failure(msg, reply, what);
                    return replies;
                }
                if (reply.nlmsg_type() != NLMSG_NOOP && reply.nlmsg_type() != NLMSG_DONE) replies.add(reply);
            }
        }
    }

    /**
     * Sends {@code msg} with NLM_F_REQUEST|NLM_F_DUMP and collects the multipart answer up to
     * NLMSG_DONE. A dump the kernel marks as interrupted (NLM_F_DUMP_INTR: the table changed
     * meanwhile) is asked again.
     */
    public synchronized List<NlMsg> dump(NlMsg msg, String what) {
        for (int attempt = 1; ; attempt++) {
            int s = send(msg, NLM_F_REQUEST | NLM_F_DUMP, what);
            List<NlMsg> parts = new ArrayList<>();
            boolean interrupted = false, done = false;
            while (!done) {
                for (NlMsg reply : receive(msg, what)) {
                    if (reply.nlmsg_seq() != s || reply.nlmsg_pid() != portId) continue;
                    interrupted |= (reply.nlmsg_flags() & NLM_F_DUMP_INTR) != 0;
                    switch (reply.nlmsg_type()) {
                        case NLMSG_DONE -> {
                            if (reply.error() < 0) throw failure(msg, reply, what);
                            done = true;
                        }
                        case NLMSG_ERROR -> {
                            if (reply.error() != 0) throw failure(msg, reply, what);
                            done = true;
                        }
                        case NLMSG_NOOP -> {}
                        default -> {
                            parts.add(reply);
                            if ((reply.nlmsg_flags() & NLM_F_MULTI) == 0) done = true;
                        }
                    }
                    if (done) break;
                }
            }
            if (!interrupted || attempt == DUMP_RETRIES) return parts;
        }
    }

    /**
     * Sends {@code msgs} together in one datagram, each with NLM_F_REQUEST and a sequence number
     * of its own, and waits for an acknowledgement of every message whose flags ask for one
     * (NLM_F_ACK). This is how a netfilter batch travels (NFNL_MSG_BATCH_BEGIN, the changes,
     * NFNL_MSG_BATCH_END): the kernel applies all changes or none, and acknowledges each change.
     * Returns the other replies (e.g. the echo of an NLM_F_ECHO request). An error for any message
     * throws a {@link SysException} named after that message's type; an error for a message that
     * asked no acknowledgement (the kernel refused the whole batch) ends the wait at once.
     */
    public synchronized List<NlMsg> batch(List<NlMsg> msgs, String what) {
        if (closed) throw new IllegalStateException("netlink socket is closed");
        if (msgs.isEmpty()) return List.of();
        java.util.Map<Integer, NlMsg> bySeq = new java.util.HashMap<>();
        java.util.Set<Integer> awaited = new java.util.HashSet<>();
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        for (NlMsg msg : msgs) {
            int s = seq.incrementAndGet();
            bySeq.put(s, msg);
            if ((msg.nlmsg_flags() & NLM_F_ACK) != 0) awaited.add(s);
            wire.writeBytes(msg.with(msg.nlmsg_flags() | NLM_F_REQUEST, s, portId).encode());
        }
        NlMsg first = msgs.getFirst();
        NetlinkCalls.sendToKernel(fd, wire.toByteArray(), Rtnetlink.messageTypeName(first.nlmsg_type()) + " " + what);
        List<NlMsg> replies = new ArrayList<>();
        SysException failed = null;
        while (!awaited.isEmpty()) {
            boolean refused = false;
            for (NlMsg reply : receive(first, what)) {
                NlMsg request = bySeq.get(reply.nlmsg_seq());
                if (request == null || reply.nlmsg_pid() != portId) continue;
                if (reply.nlmsg_type() != NLMSG_ERROR) {
                    if (reply.nlmsg_type() != NLMSG_NOOP && reply.nlmsg_type() != NLMSG_DONE) replies.add(reply);
                    continue;
                }
                boolean wasAwaited = awaited.remove(reply.nlmsg_seq());
                if (reply.error() == 0) continue;
                // No acknowledgement was asked for the batch's framing: its error refuses the whole batch.
                if (failed == null) {
                    failed = failure(wasAwaited ? Rtnetlink.messageTypeName(request.nlmsg_type()) : "netlink batch", reply, what);
                }
                if (!wasAwaited) refused = true;
            }
            if (refused) break;
        }
        if (failed != null) throw failed;
        return replies;
    }

    private int send(NlMsg msg, int extraFlags, String what) {
        if (closed) throw new IllegalStateException("netlink socket is closed");
        int s = seq.incrementAndGet();
        NlMsg out = msg.with(msg.nlmsg_flags() | extraFlags, s, portId);
        NetlinkCalls.sendToKernel(fd, out.encode(), Rtnetlink.messageTypeName(msg.nlmsg_type()) + " " + what);
        return s;
    }

    private List<NlMsg> receive(NlMsg msg, String what) {
        int n = NetlinkCalls.receive(fd, buffer, Rtnetlink.messageTypeName(msg.nlmsg_type()) + " " + what);
        if (n > RECEIVE_BUFFER) {
            throw new IllegalStateException("netlink reply of " + n + " bytes to " + Rtnetlink.messageTypeName(msg.nlmsg_type())
                    + " does not fit the " + RECEIVE_BUFFER + "-byte buffer");
        }
        byte[] bytes = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        return NlMsg.parseAll(bytes, 0, n);
    }

    private static SysException failure(NlMsg request, NlMsg reply, String what) {
        return failure(Rtnetlink.messageTypeName(request.nlmsg_type()), reply, what);
    }

    private static SysException failure(String call, NlMsg reply, String what) {
        int errno = -reply.error();
        String why = reply.extAckMessage();
        Object[] args = why == null ? new Object[] {new Plain(what)}
                : new Object[] {new Plain(what), new Plain("kernel: " + why)};
        return new SysException(call, errno, args);
    }

    /** An argument shown as is (SysException quotes plain strings). */
    private record Plain(String text) {
        @Override
        public String toString() { return text; }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            NetlinkCalls.close(fd);
        } finally {
            arena.close();
        }
    }
}
