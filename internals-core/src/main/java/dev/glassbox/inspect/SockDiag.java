package dev.glassbox.inspect;

import dev.glassbox.net.IpText;
import dev.glassbox.net.NetlinkSocket;
import dev.glassbox.net.NlMsg;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Listening sockets through NETLINK_SOCK_DIAG (sock_diag(7)), what {@code ss -ltnu} asks: one
 * SOCK_DIAG_BY_FAMILY dump per family and protocol, filtered by state in the kernel. Reading
 * /proc/PID/net/tcp instead walks every bucket of the kernel's TCP hash in text, tens of
 * milliseconds on a machine with a large table; asking for TCP_LISTEN only walks the listeners.
 * The socket must be opened inside the namespace whose sockets it lists.
 */
final class SockDiag {
    /** NETLINK_SOCK_DIAG of {@code <linux/netlink.h>}. */
    static final int NETLINK_SOCK_DIAG = 4;
    /** SOCK_DIAG_BY_FAMILY of {@code <linux/sock_diag.h>}. */
    static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int AF_INET = 2, AF_INET6 = 10, IPPROTO_TCP = 6, IPPROTO_UDP = 17;
    /** TCP states of {@code <net/tcp_states.h>}: a bound, unconnected UDP socket is TCP_CLOSE. */
    private static final int TCP_LISTEN = 10, TCP_CLOSE = 7;
    /** sizeof(struct inet_diag_req_v2): family, protocol, ext, pad, states, inet_diag_sockid (48). */
    static final int INET_DIAG_REQ_V2_SIZE = 56;
    /** Offsets in struct inet_diag_msg. */
    private static final int IDIAG_SPORT = 4, IDIAG_SRC = 8, IDIAG_UID = 64, IDIAG_INODE = 68, INET_DIAG_MSG_SIZE = 72;

    private SockDiag() {}

    /** TCP listeners and bound UDP sockets of the socket's namespace, IPv4 then IPv6. */
    static List<Listeners.Listener> listeners(NetlinkSocket diag) {
        List<Listeners.Listener> out = new ArrayList<>();
        out.addAll(dump(diag, AF_INET, IPPROTO_TCP, TCP_LISTEN, "tcp"));
        out.addAll(dump(diag, AF_INET6, IPPROTO_TCP, TCP_LISTEN, "tcp6"));
        out.addAll(dump(diag, AF_INET, IPPROTO_UDP, TCP_CLOSE, "udp"));
        out.addAll(dump(diag, AF_INET6, IPPROTO_UDP, TCP_CLOSE, "udp6"));
        return out;
    }

    private static List<Listeners.Listener> dump(NetlinkSocket diag, int family, int protocol, int state, String name) {
        List<Listeners.Listener> out = new ArrayList<>();
        for (NlMsg m : diag.dump(new NlMsg(SOCK_DIAG_BY_FAMILY, 0, 0, 0, request(family, protocol, 1 << state)), name + " sockets")) {
            if (m.nlmsg_type() != SOCK_DIAG_BY_FAMILY) continue;
            parse(name, family, m.payload()).ifPresent(out::add);
        }
        return out;
    }

    /** struct inet_diag_req_v2 asking for every socket of {@code family}/{@code protocol} in the states {@code states}. */
    static byte[] request(int family, int protocol, int states) {
        ByteBuffer b = ByteBuffer.allocate(INET_DIAG_REQ_V2_SIZE).order(ByteOrder.nativeOrder());
        b.put((byte) family).put((byte) protocol).put((byte) 0).put((byte) 0).putInt(states);
        return b.array(); // inet_diag_sockid all zero: no filter on addresses or ports
    }

    /** One struct inet_diag_msg; empty for a UDP socket that is not bound to a port. */
    static java.util.Optional<Listeners.Listener> parse(String name, int family, byte[] msg) {
        if (msg.length < INET_DIAG_MSG_SIZE) return java.util.Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder());
        int port = ((msg[IDIAG_SPORT] & 0xff) << 8) | (msg[IDIAG_SPORT + 1] & 0xff); // __be16
        if (port == 0) return java.util.Optional.empty();
        byte[] src = Arrays.copyOfRange(msg, IDIAG_SRC, IDIAG_SRC + (family == AF_INET ? 4 : 16)); // __be32[4]
        String address;
        try {
            address = IpText.format(InetAddress.getByAddress(src));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("inet_diag_msg with an address of " + src.length + " bytes", e);
        }
        return java.util.Optional.of(new Listeners.Listener(name, address, port, b.getInt(IDIAG_UID),
                Integer.toUnsignedLong(b.getInt(IDIAG_INODE)), List.of()));
    }
}
