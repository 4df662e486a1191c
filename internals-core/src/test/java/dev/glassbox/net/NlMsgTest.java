package dev.glassbox.net;

import static dev.glassbox.net.Rtnetlink.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoding and decoding of netlink messages as bytes, without any system call (little-endian hosts). */
class NlMsgTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void bridgeCreationEncodesAsTheKernelExpects() {
        byte[] wire = NlMsg.builder(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL)
                .struct(IfInfoMsg.ofIndex(0))
                .string(IFLA_IFNAME, "gb0")
                .nest(IFLA_LINKINFO, li -> li.string(IFLA_INFO_KIND, "bridge"))
                .build().with(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 7, 0).encode();
        byte[] expected = hex(
                "38000000 1000 0506 07000000 00000000" // nlmsghdr: len 56, RTM_NEWLINK, flags 0x605, seq 7, pid 0
                        + "00000000 00000000 00000000 00000000" // ifinfomsg
                        + "0800 0300 67623000" // IFLA_IFNAME "gb0\0"
                        + "1000 1200" // IFLA_LINKINFO, 16 bytes
                        + "0b00 0100 627269646765 00 00"); // IFLA_INFO_KIND "bridge\0", padded to 12
        assertArrayEquals(expected, wire);
    }

    @Test
    void vethPeerNestsAnIfinfomsgBeforeItsAttributes() {
        NlMsg msg = NlMsg.builder(RTM_NEWLINK, NLM_F_CREATE)
                .struct(IfInfoMsg.ofIndex(0))
                .string(IFLA_IFNAME, "gbabc")
                .nest(IFLA_LINKINFO, li -> li.string(IFLA_INFO_KIND, "veth")
                        .nest(IFLA_INFO_DATA, d -> d.nest(VETH_INFO_PEER, p -> p.struct(IfInfoMsg.ofIndex(0))
                                .string(IFLA_IFNAME, "eth0").u32(IFLA_NET_NS_FD, 42))))
                .build();
        Attrs top = msg.attrs();
        assertEquals("gbabc", top.string(IFLA_IFNAME));
        Attrs info = top.nested(IFLA_LINKINFO);
        assertEquals("veth", info.string(IFLA_INFO_KIND));
        byte[] peer = info.nested(IFLA_INFO_DATA).bytes(VETH_INFO_PEER);
        assertEquals(IfInfoMsg.ofIndex(0), IfInfoMsg.read(ByteBuffer.wrap(peer).order(ByteOrder.nativeOrder())));
        Attrs peerAttrs = Attrs.parse(peer, IfInfoMsg.SIZE, peer.length - IfInfoMsg.SIZE);
        assertEquals("eth0", peerAttrs.string(IFLA_IFNAME));
        assertEquals(42, peerAttrs.u32(IFLA_NET_NS_FD, -1));
        // every attribute length is a multiple of 4 once padded, and the total is aligned
        assertEquals(0, msg.encode().length % 4);
    }

    @Test
    void messagesRoundTripThroughParseAll() {
        NlMsg a = NlMsg.builder(RTM_NEWADDR, 0).struct(new IfAddrMsg(AF_INET, 16, 0, RT_SCOPE_UNIVERSE, 5))
                .bytes(IFA_LOCAL, new byte[] {(byte) 172, 17, 0, 2}).build().with(2, 10, 99);
        NlMsg r = NlMsg.builder(RTM_NEWROUTE, 0)
                .struct(new RtMsg(AF_INET, 0, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST, 0))
                .bytes(RTA_GATEWAY, new byte[] {(byte) 172, 17, 0, 1}).u32(RTA_OIF, 5).build().with(2, 10, 99);
        byte[] ea = a.encode(), er = r.encode();
        byte[] both = new byte[ea.length + er.length];
        System.arraycopy(ea, 0, both, 0, ea.length);
        System.arraycopy(er, 0, both, ea.length, er.length);

        List<NlMsg> parsed = NlMsg.parseAll(both, 0, both.length);
        assertEquals(2, parsed.size());
        Address addr = Address.from(parsed.get(0));
        assertEquals("172.17.0.2/16", addr.cidr());
        assertEquals(5, addr.index());
        Route route = Route.from(parsed.get(1));
        assertEquals("default", route.destination());
        assertEquals("172.17.0.1", route.gateway().getHostAddress());
        assertEquals(5, route.oif());
        assertEquals(RT_TABLE_MAIN, route.table());
        assertEquals(10, parsed.get(1).nlmsg_seq());
        assertEquals(99, parsed.get(1).nlmsg_pid());
    }

    @Test
    void linkIsReadFromAnRtmNewlinkAsIpShowsIt() {
        NlMsg m = NlMsg.builder(RTM_NEWLINK, 0)
                .struct(new IfInfoMsg(AF_UNSPEC, ARPHRD_ETHER, 7, IFF_UP | IFF_BROADCAST | IFF_MULTICAST, 0))
                .string(IFLA_IFNAME, "gb1234")
                .bytes(IFLA_ADDRESS, hex("0242ac110002"))
                .u32(IFLA_MTU, 1500)
                .u8(IFLA_OPERSTATE, IF_OPER_LOWERLAYERDOWN)
                .u32(IFLA_MASTER, 3).u32(IFLA_LINK, 2).u32(IFLA_LINK_NETNSID, 0)
                .nest(IFLA_LINKINFO, li -> li.string(IFLA_INFO_KIND, "veth").string(IFLA_INFO_SLAVE_KIND, "bridge"))
                .build();
        Link l = Link.from(m);
        assertEquals(new Link(7, "gb1234", "02:42:ac:11:00:02", 1500, IFF_UP | IFF_BROADCAST | IFF_MULTICAST,
                "LOWERLAYERDOWN", "veth", "bridge", 3, 2, 0, ARPHRD_ETHER), l);
        assertEquals(List.of("NO-CARRIER", "BROADCAST", "MULTICAST", "UP"), l.flagNames());
    }

    @Test
    void ipv6AddressWithoutLocalUsesIfaAddress() throws Exception {
        NlMsg m = NlMsg.builder(RTM_NEWADDR, 0).struct(new IfAddrMsg(AF_INET6, 64, IFA_F_PERMANENT, RT_SCOPE_LINK, 4))
                .bytes(IFA_ADDRESS, InetAddress.getByName("fe80::1").getAddress()).build();
        Address a = Address.from(m);
        assertEquals(InetAddress.getByName("fe80::1"), a.local());
        assertEquals(64, a.prefixLength());
        assertNull(a.label());
    }

    @Test
    void errorAckCarriesErrnoAndTheKernelsExplanation() {
        // struct nlmsgerr { int error = -EEXIST; struct nlmsghdr msg (capped) } + NLMSGERR_ATTR_MSG
        NlMsg request = NlMsg.builder(RTM_NEWLINK, 0).struct(IfInfoMsg.ofIndex(0)).build().with(0x605, 3, 77);
        ByteBuffer p = ByteBuffer.allocate(4 + 16 + 12).order(ByteOrder.nativeOrder());
        p.putInt(-17).put(request.encode(), 0, 16);
        p.putShort((short) 10).putShort((short) NLMSGERR_ATTR_MSG).put("boom!".getBytes()).put(new byte[3]);
        NlMsg err = new NlMsg(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 3, 77, p.array());
        assertEquals(-17, err.error());
        assertEquals("boom!", err.extAckMessage());
    }

    @Test
    void truncatedMessagesAreRejected() {
        byte[] wire = NlMsg.builder(RTM_GETLINK, 0).struct(IfInfoMsg.ofIndex(1)).build().encode();
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length);
        cut[0] = (byte) (wire.length + 8); // nlmsg_len past the end
        assertThrows(IllegalArgumentException.class, () -> NlMsg.parseAll(cut, 0, cut.length));
        byte[] attr = hex("0c00 0300 6162");
        assertThrows(IllegalArgumentException.class, () -> Attrs.parse(attr, 0, attr.length));
    }

    @Test
    void ipv6IsWrittenInTheShortFormIpUses() throws Exception {
        assertEquals("fd00:99::1", IpText.format(InetAddress.getByName("fd00:99:0:0:0:0:0:1")));
        assertEquals("fe80::42:acff:fe11:2", IpText.format(InetAddress.getByName("fe80::42:acff:fe11:2")));
        assertEquals("::", IpText.format(InetAddress.getByName("::")));
        assertEquals("1:0:2::3", IpText.format(InetAddress.getByName("1:0:2:0:0:0:0:3")));
        assertEquals("10.0.0.1", IpText.format(InetAddress.getByName("10.0.0.1")));
    }
}
