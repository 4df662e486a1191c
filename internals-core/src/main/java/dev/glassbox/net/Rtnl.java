package dev.glassbox.net;

import static dev.glassbox.net.Rtnetlink.*;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Links, addresses and routes of one network namespace through rtnetlink: the operations
 * {@code ip link}, {@code ip addr} and {@code ip route} perform, each one netlink request.
 * Links are named by name; each operation looks the index up first, so a missing link fails
 * with {@code RTM_GETLINK(link "x"): ENODEV}.
 */
public final class Rtnl implements AutoCloseable {
    /** RTEXT_FILTER_SKIP_STATS of {@code <linux/rtnetlink.h>}: dumps without the counters. */
    private static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    private final NetlinkSocket socket;
    private final Syscalls sys;

    private Rtnl(NetlinkSocket socket) {
        this.socket = socket;
        this.sys = Syscalls.linux();
    }

    /** rtnetlink in the calling thread's network namespace. */
    public static Rtnl open() {
        return new Rtnl(NetlinkSocket.openRoute());
    }

    /** rtnetlink in the network namespace {@code nsFile}: the socket is opened there and stays there. */
    public static Rtnl open(Path nsFile) {
        return new Rtnl(NetNs.run(nsFile, NetlinkSocket::openRoute));
    }

    /** The socket, for requests this class does not make. */
    public NetlinkSocket socket() { return socket; }

    // ---- dumps ----

    /** All links ({@code ip -d link}). */
    public List<Link> links() {
        NlMsg req = NlMsg.builder(RTM_GETLINK, 0).struct(IfInfoMsg.ofIndex(0))
                .u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS).build();
        List<Link> out = new ArrayList<>();
        for (NlMsg m : socket.dump(req, "all links")) if (m.nlmsg_type() == RTM_NEWLINK) out.add(Link.from(m));
        return out;
    }

    /** The link called {@code name}, if there is one. */
    public Optional<Link> link(String name) {
        NlMsg req = NlMsg.builder(RTM_GETLINK, 0).struct(IfInfoMsg.ofIndex(0)).string(IFLA_IFNAME, name)
                .u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS).build();
        return getLink(req, "link \"" + name + "\"");
    }

    /** The link with index {@code index}, if there is one. */
    public Optional<Link> link(int index) {
        NlMsg req = NlMsg.builder(RTM_GETLINK, 0).struct(IfInfoMsg.ofIndex(index))
                .u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS).build();
        return getLink(req, "link index " + index);
    }

    private Optional<Link> getLink(NlMsg req, String what) {
        try {
            for (NlMsg m : socket.request(req, what)) if (m.nlmsg_type() == RTM_NEWLINK) return Optional.of(Link.from(m));
            return Optional.empty();
        } catch (SysException e) {
            if (e.errno() == Errno.ENODEV) return Optional.empty();
            throw e;
        }
    }

    /** The ifindex of {@code name}; fails with ENODEV, naming the link, when there is none. */
    public int index(String name) {
        NlMsg req = NlMsg.builder(RTM_GETLINK, 0).struct(IfInfoMsg.ofIndex(0)).string(IFLA_IFNAME, name)
                .u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS).build();
        for (NlMsg m : socket.request(req, "link \"" + name + "\"")) {
            if (m.nlmsg_type() == RTM_NEWLINK) return m.ifinfomsg().ifi_index();
        }
        throw new SysException("RTM_GETLINK", Errno.ENODEV, name);
    }

    /** All IPv4 and IPv6 addresses ({@code ip addr}). */
    public List<Address> addresses() {
        NlMsg req = NlMsg.builder(RTM_GETADDR, 0).struct(new IfAddrMsg(AF_UNSPEC, 0, 0, 0, 0)).build();
        List<Address> out = new ArrayList<>();
        for (NlMsg m : socket.dump(req, "all addresses")) {
            if (m.nlmsg_type() != RTM_NEWADDR) continue;
            Address a = Address.from(m);
            if (a.family() == AF_INET || a.family() == AF_INET6) out.add(a);
        }
        return out;
    }

    /** The addresses on link {@code index}. */
    public List<Address> addresses(int index) {
        return addresses().stream().filter(a -> a.index() == index).toList();
    }

    /** The IPv4 and IPv6 routes of the main table ({@code ip route} and {@code ip -6 route}). */
    public List<Route> routes() {
        NlMsg req = NlMsg.builder(RTM_GETROUTE, 0)
                .struct(new RtMsg(AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0, 0)).build();
        List<Route> out = new ArrayList<>();
        for (NlMsg m : socket.dump(req, "all routes")) {
            if (m.nlmsg_type() != RTM_NEWROUTE) continue;
            Route r = Route.from(m);
            if ((m.rtmsg().rtm_flags() & RTM_F_CLONED) != 0 || r.table() != RT_TABLE_MAIN) continue;
            if (r.family() == AF_INET || r.family() == AF_INET6) out.add(r);
        }
        return out;
    }

    /**
     * The id this namespace gives the namespace {@code nsFile} ({@code ip netns list-id}): what
     * {@link Link#linkNetnsId} holds for a veth whose peer lives there. {@link Rtnetlink#NETNSA_NSID_NOT_ASSIGNED}
     * when none is assigned.
     */
    public int netnsId(Path nsFile) {
        int fd = sys.open(nsFile.toString(), Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
        try {
            NlMsg req = NlMsg.builder(RTM_GETNSID, 0).struct(new RtGenMsg(AF_UNSPEC)).u32(NETNSA_FD, fd).build();
            for (NlMsg m : socket.request(req, "netns " + nsFile)) {
                if (m.nlmsg_type() == RTM_NEWNSID) return m.attrs().u32(NETNSA_NSID, NETNSA_NSID_NOT_ASSIGNED);
            }
            return NETNSA_NSID_NOT_ASSIGNED;
        } finally {
            sys.close(fd);
        }
    }

    // ---- links ----

    /** {@code ip link add NAME type bridge}; returns the new link. */
    public Link createBridge(String name) {
        checkName(name);
        NlMsg req = NlMsg.builder(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL).struct(IfInfoMsg.ofIndex(0))
                .string(IFLA_IFNAME, name)
                .nest(IFLA_LINKINFO, li -> li.string(IFLA_INFO_KIND, "bridge"))
                .build();
        socket.request(req, "bridge \"" + name + "\"");
        return requireLink(name);
    }

    /** {@code ip link add NAME type veth peer name PEER}, both ends here; returns the NAME end. */
    public Link createVeth(String name, String peerName) {
        return createVeth(name, peerName, null, null);
    }

    /**
     * {@code ip link add NAME type veth peer name PEER netns NS [address MAC]}: the peer is born
     * inside {@code peerNs} under its final name (null: here), with MAC {@code peerMac} (null: random).
     * Returns the NAME end, which stays in this namespace.
     */
    public Link createVeth(String name, String peerName, NsRef peerNs, String peerMac) {
        checkName(name);
        checkName(peerName);
        String what = "veth \"" + name + "\" peer \"" + peerName + "\"" + (peerNs == null ? "" : " in " + peerNs);
        withNs(peerNs, nsAttr -> {
            NlMsg req = NlMsg.builder(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL).struct(IfInfoMsg.ofIndex(0))
                    .string(IFLA_IFNAME, name)
                    .nest(IFLA_LINKINFO, li -> li.string(IFLA_INFO_KIND, "veth")
                            .nest(IFLA_INFO_DATA, data -> data.nest(VETH_INFO_PEER, peer -> {
                                // the peer's value is an ifinfomsg followed by the peer's own attributes
                                peer.struct(IfInfoMsg.ofIndex(0)).string(IFLA_IFNAME, peerName);
                                if (peerMac != null) peer.bytes(IFLA_ADDRESS, Link.parseMac(peerMac));
                                if (nsAttr != null) nsAttr.accept(peer);
                            })))
                    .build();
            socket.request(req, what);
        });
        return requireLink(name);
    }

    /** {@code ip link set LINK master BRIDGE}. */
    public void setMaster(String link, String master) {
        int m = index(master);
        setLink(link, "master \"" + master + "\"", b -> b.u32(IFLA_MASTER, m));
    }

    /** {@code ip link set LINK nomaster}. */
    public void setNoMaster(String link) {
        setLink(link, "nomaster", b -> b.u32(IFLA_MASTER, 0));
    }

    /** {@code ip link set LINK up}. */
    public void setUp(String link) {
        int i = index(link);
        request(RTM_SETLINK, 0, new IfInfoMsg(AF_UNSPEC, 0, i, IFF_UP, IFF_UP), "link \"" + link + "\" up", b -> {});
    }

    /** {@code ip link set LINK down}. */
    public void setDown(String link) {
        int i = index(link);
        request(RTM_SETLINK, 0, new IfInfoMsg(AF_UNSPEC, 0, i, 0, IFF_UP), "link \"" + link + "\" down", b -> {});
    }

    /** {@code ip link set LINK name NEW}; the kernel refuses (EBUSY) while the link is up. */
    public void rename(String link, String newName) {
        checkName(newName);
        setLink(link, "name \"" + newName + "\"", b -> b.string(IFLA_IFNAME, newName));
    }

    /** {@code ip link set LINK mtu MTU}. */
    public void setMtu(String link, int mtu) {
        setLink(link, "mtu " + mtu, b -> b.u32(IFLA_MTU, mtu));
    }

    /** {@code ip link set LINK address MAC}. */
    public void setMac(String link, String mac) {
        byte[] raw = Link.parseMac(mac);
        setLink(link, "address " + mac, b -> b.bytes(IFLA_ADDRESS, raw));
    }

    /** {@code ip link set LINK netns NS}: the link leaves this namespace (keeping its name). */
    public void moveToNetns(String link, NsRef ns) {
        int i = index(link);
        withNs(ns, nsAttr -> request(RTM_SETLINK, 0, IfInfoMsg.ofIndex(i), "link \"" + link + "\" to " + ns, nsAttr));
    }

    /** {@code ip link del LINK} (for a veth, the peer goes too). */
    public void deleteLink(String link) {
        int i = index(link);
        request(RTM_DELLINK, 0, IfInfoMsg.ofIndex(i), "link \"" + link + "\"", b -> {});
    }

    /** Deletes {@code link} if it exists; returns whether it did. */
    public boolean deleteLinkIfExists(String link) {
        Optional<Link> l = link(link);
        if (l.isEmpty()) return false;
        try {
            request(RTM_DELLINK, 0, IfInfoMsg.ofIndex(l.get().index()), "link \"" + link + "\"", b -> {});
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ENODEV) return false; // went away meanwhile (its veth peer's netns died)
            throw e;
        }
    }

    // ---- addresses ----

    /** {@code ip addr add ADDRESS/PREFIX dev LINK}. */
    public void addAddress(String link, InetAddress address, int prefixLength) {
        address(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, link, address, prefixLength);
    }

    /** {@code ip addr del ADDRESS/PREFIX dev LINK}. */
    public void deleteAddress(String link, InetAddress address, int prefixLength) {
        address(RTM_DELADDR, 0, link, address, prefixLength);
    }

    private void address(int type, int flags, String link, InetAddress address, int prefixLength) {
        int i = index(link);
        int family = family(address);
        byte[] raw = address.getAddress();
        NlMsg req = NlMsg.builder(type, flags)
                .struct(new IfAddrMsg(family, prefixLength, 0, RT_SCOPE_UNIVERSE, i))
                .bytes(IFA_LOCAL, raw).bytes(IFA_ADDRESS, raw).build();
        socket.request(req, address.getHostAddress() + "/" + prefixLength + " dev \"" + link + "\"");
    }

    // ---- routes ----

    /** {@code ip route add default via GATEWAY}. */
    public void addDefaultRoute(InetAddress gateway) {
        addRoute(null, 0, gateway, null);
    }

    /**
     * {@code ip route add DST/PREFIX [via GATEWAY] [dev LINK]} in the main table; {@code dst} null
     * is the default route; without a gateway the route is on the link (scope link) and needs {@code dev}.
     */
    public void addRoute(InetAddress dst, int prefixLength, InetAddress gateway, String dev) {
        route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, dst, prefixLength, gateway, dev);
    }

    /** {@code ip route del DST/PREFIX [via GATEWAY] [dev LINK]}. */
    public void deleteRoute(InetAddress dst, int prefixLength, InetAddress gateway, String dev) {
        route(RTM_DELROUTE, 0, dst, prefixLength, gateway, dev);
    }

    private void route(int type, int flags, InetAddress dst, int prefixLength, InetAddress gateway, String dev) {
        InetAddress any = dst != null ? dst : gateway;
        if (any == null) throw new IllegalArgumentException("a route needs a destination or a gateway");
        int family = family(any);
        int oif = dev == null ? 0 : index(dev);
        boolean add = type == RTM_NEWROUTE;
        int scope = !add ? RT_SCOPE_NOWHERE : gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        int dstLen = dst == null ? 0 : prefixLength;
        NlMsg.Builder b = NlMsg.builder(type, flags).struct(new RtMsg(family, dstLen, 0, 0, RT_TABLE_MAIN,
                add ? RTPROT_BOOT : RTPROT_UNSPEC, scope, add ? RTN_UNICAST : RTN_UNSPEC, 0));
        if (dst != null) b.bytes(RTA_DST, dst.getAddress());
        if (gateway != null) b.bytes(RTA_GATEWAY, gateway.getAddress());
        if (oif != 0) b.u32(RTA_OIF, oif);
        String what = (dst == null ? "default" : dst.getHostAddress() + "/" + dstLen)
                + (gateway == null ? "" : " via " + gateway.getHostAddress()) + (dev == null ? "" : " dev \"" + dev + "\"");
        socket.request(b.build(), what);
    }

    // ---- helpers ----

    private Link requireLink(String name) {
        return link(name).orElseThrow(() -> new SysException("RTM_GETLINK", Errno.ENODEV, name));
    }

    private void setLink(String link, String what, Consumer<NlMsg.Builder> attrs) {
        int i = index(link);
        request(RTM_SETLINK, 0, IfInfoMsg.ofIndex(i), "link \"" + link + "\" " + what, attrs);
    }

    private void request(int type, int flags, IfInfoMsg ifi, String what, Consumer<NlMsg.Builder> attrs) {
        NlMsg.Builder b = NlMsg.builder(type, flags).struct(ifi);
        attrs.accept(b);
        socket.request(b.build(), what);
    }

    /** Gives {@code body} the attribute that names {@code ns} (null: none), opening and closing its fd around. */
    private void withNs(NsRef ns, Consumer<Consumer<NlMsg.Builder>> body) {
        switch (ns) {
            case null -> body.accept(null);
            case NsRef.Pid p -> body.accept(b -> b.u32(IFLA_NET_NS_PID, p.pid()));
            case NsRef.File f -> {
                int fd = sys.open(f.path().toString(), Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
                try {
                    body.accept(b -> b.u32(IFLA_NET_NS_FD, fd));
                } finally {
                    sys.close(fd);
                }
            }
        }
    }

    private static int family(InetAddress a) {
        return a instanceof Inet4Address ? AF_INET : AF_INET6;
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= IFNAMSIZ
                || name.contains("/") || name.contains(" ") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid interface name \"" + name
                    + "\": use 1 to 15 characters without '/' or spaces");
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
