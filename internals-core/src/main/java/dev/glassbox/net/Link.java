package dev.glassbox.net;

import static dev.glassbox.net.Rtnetlink.*;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A network interface as RTM_NEWLINK describes it (what {@code ip -d link} prints).
 *
 * @param index ifi_index
 * @param name IFLA_IFNAME
 * @param mac IFLA_ADDRESS as {@code aa:bb:cc:dd:ee:ff}, null when the link has none
 * @param mtu IFLA_MTU
 * @param flags ifi_flags (IFF_UP, IFF_LOWER_UP...)
 * @param operState IFLA_OPERSTATE as {@code ip} names it: UP, DOWN, LOWERLAYERDOWN, UNKNOWN...
 * @param kind IFLA_INFO_KIND of IFLA_LINKINFO ("veth", "bridge"...), null for a physical or loopback device
 * @param slaveKind IFLA_INFO_SLAVE_KIND ("bridge" for a bridge port), null otherwise
 * @param masterIndex IFLA_MASTER: the bridge this link is a port of, 0 for none
 * @param linkIndex IFLA_LINK: for a veth, the peer's ifindex (in the peer's namespace), 0 for none
 * @param linkNetnsId IFLA_LINK_NETNSID: the namespace id of the peer as seen from here, -1 when same namespace
 * @param type ifi_type (ARPHRD_ETHER, ARPHRD_LOOPBACK...)
 */
public record Link(int index, String name, String mac, int mtu, int flags, String operState, String kind,
        String slaveKind, int masterIndex, int linkIndex, int linkNetnsId, int type) {

    /** IFF_UP: administratively up ({@code ip link set X up}). */
    public boolean up() { return (flags & IFF_UP) != 0; }

    /** IFF_LOWER_UP: the carrier is there (for a veth: its peer is up too). */
    public boolean lowerUp() { return (flags & IFF_LOWER_UP) != 0; }

    /** The flag names in the order {@code ip link} prints them between the angle brackets. */
    public List<String> flagNames() {
        List<String> out = new ArrayList<>();
        if ((flags & IFF_UP) != 0 && (flags & IFF_RUNNING) == 0) out.add("NO-CARRIER");
        int[] bits = {IFF_LOOPBACK, IFF_BROADCAST, IFF_POINTOPOINT, IFF_MULTICAST, IFF_NOARP, IFF_ALLMULTI,
                IFF_PROMISC, IFF_NOTRAILERS, IFF_DEBUG, IFF_DYNAMIC, IFF_AUTOMEDIA, IFF_PORTSEL, IFF_MASTER,
                IFF_SLAVE, IFF_UP, IFF_LOWER_UP, IFF_DORMANT, IFF_ECHO};
        String[] names = {"LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI", "PROMISC",
                "NOTRAILERS", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "MASTER", "SLAVE", "UP", "LOWER_UP",
                "DORMANT", "ECHO"};
        for (int i = 0; i < bits.length; i++) if ((flags & bits[i]) != 0) out.add(names[i]);
        return out;
    }

    /** Reads a link from an RTM_NEWLINK message. */
    public static Link from(NlMsg msg) {
        IfInfoMsg ifi = msg.ifinfomsg();
        Attrs a = msg.attrs();
        Attrs info = a.nested(IFLA_LINKINFO);
        return new Link(ifi.ifi_index(), a.string(IFLA_IFNAME), formatMac(a.bytes(IFLA_ADDRESS)), a.u32(IFLA_MTU, 0),
                ifi.ifi_flags(), operStateName(a.u8(IFLA_OPERSTATE, IF_OPER_UNKNOWN)), info.string(IFLA_INFO_KIND),
                info.string(IFLA_INFO_SLAVE_KIND), a.u32(IFLA_MASTER, 0), a.u32(IFLA_LINK, 0),
                a.u32(IFLA_LINK_NETNSID, -1), ifi.ifi_type());
    }

    /** {@code aa:bb:cc:dd:ee:ff}, or null for null. */
    public static String formatMac(byte[] mac) {
        return mac == null ? null : HexFormat.ofDelimiter(":").formatHex(mac);
    }

    /** The bytes of {@code aa:bb:cc:dd:ee:ff}. */
    public static byte[] parseMac(String mac) {
        byte[] b = HexFormat.ofDelimiter(":").parseHex(mac.toLowerCase(java.util.Locale.ROOT));
        if (b.length != 6) throw new IllegalArgumentException("not a MAC address (6 bytes as aa:bb:cc:dd:ee:ff): " + mac);
        return b;
    }
}
