package dev.glassbox.net;

import java.util.Map;

/**
 * Netlink and rtnetlink constants, named as in the kernel's UAPI headers so a student can look
 * them up: {@code <linux/netlink.h>}, {@code <linux/rtnetlink.h>}, {@code <linux/if_link.h>},
 * {@code <linux/if_addr.h>}, {@code <linux/veth.h>}, {@code <linux/if.h>}. See netlink(7) and
 * rtnetlink(7).
 */
public final class Rtnetlink {
    private Rtnetlink() {}

    // <linux/netlink.h>: protocols
    public static final int NETLINK_ROUTE = 0, NETLINK_NETFILTER = 12;

    // <linux/netlink.h>: nlmsg_flags
    public static final int NLM_F_REQUEST = 0x01, NLM_F_MULTI = 0x02, NLM_F_ACK = 0x04, NLM_F_ECHO = 0x08,
            NLM_F_DUMP_INTR = 0x10, NLM_F_DUMP_FILTERED = 0x20;
    /** Modifiers of GET requests. */
    public static final int NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_ATOMIC = 0x400,
            NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    /** Modifiers of NEW requests. */
    public static final int NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800;
    /** Flags of an acknowledgement (NLMSG_ERROR). */
    public static final int NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;

    // <linux/netlink.h>: control message types
    public static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;
    public static final int NLMSG_HDRLEN = 16, NLA_HDRLEN = 4, NLMSG_ALIGNTO = 4;
    public static final int NLA_F_NESTED = 0x8000, NLA_F_NET_BYTEORDER = 0x4000,
            NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    // <linux/netlink.h>: socket options at level SOL_NETLINK
    public static final int SOL_NETLINK = 270, NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11,
            NETLINK_GET_STRICT_CHK = 12;
    /** Extended acknowledgement attributes (struct nlmsgerr TLVs). */
    public static final int NLMSGERR_ATTR_MSG = 1, NLMSGERR_ATTR_OFFS = 2;

    // <linux/rtnetlink.h>: message types
    public static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19,
            RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22,
            RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26,
            RTM_NEWRULE = 32, RTM_DELRULE = 33, RTM_GETRULE = 34,
            RTM_NEWNSID = 88, RTM_DELNSID = 89, RTM_GETNSID = 90;
    // <linux/net_namespace.h>: attributes of RTM_*NSID
    public static final int NETNSA_NONE = 0, NETNSA_NSID = 1, NETNSA_PID = 2, NETNSA_FD = 3;
    /** NETNSA_NSID_NOT_ASSIGNED: the namespace has no id as seen from here. */
    public static final int NETNSA_NSID_NOT_ASSIGNED = -1;

    // <linux/rtnetlink.h>: enum rtattr_type_t (route attributes)
    public static final int RTA_UNSPEC = 0, RTA_DST = 1, RTA_SRC = 2, RTA_IIF = 3, RTA_OIF = 4, RTA_GATEWAY = 5,
            RTA_PRIORITY = 6, RTA_PREFSRC = 7, RTA_METRICS = 8, RTA_MULTIPATH = 9, RTA_FLOW = 11,
            RTA_CACHEINFO = 12, RTA_TABLE = 15, RTA_MARK = 16, RTA_VIA = 18, RTA_PREF = 20;
    // <linux/rtnetlink.h>: rtm_table, rtm_protocol, rtm_scope, rtm_type
    public static final int RT_TABLE_UNSPEC = 0, RT_TABLE_DEFAULT = 253, RT_TABLE_MAIN = 254, RT_TABLE_LOCAL = 255;
    public static final int RTPROT_UNSPEC = 0, RTPROT_REDIRECT = 1, RTPROT_KERNEL = 2, RTPROT_BOOT = 3,
            RTPROT_STATIC = 4, RTPROT_RA = 9, RTPROT_DHCP = 16;
    public static final int RT_SCOPE_UNIVERSE = 0, RT_SCOPE_SITE = 200, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254,
            RT_SCOPE_NOWHERE = 255;
    public static final int RTN_UNSPEC = 0, RTN_UNICAST = 1, RTN_LOCAL = 2, RTN_BROADCAST = 3, RTN_ANYCAST = 4,
            RTN_MULTICAST = 5, RTN_BLACKHOLE = 6, RTN_UNREACHABLE = 7, RTN_PROHIBIT = 8, RTN_THROW = 9;
    public static final int RTM_F_CLONED = 0x200;

    // <linux/if_link.h>: link attributes
    public static final int IFLA_UNSPEC = 0, IFLA_ADDRESS = 1, IFLA_BROADCAST = 2, IFLA_IFNAME = 3, IFLA_MTU = 4,
            IFLA_LINK = 5, IFLA_QDISC = 6, IFLA_STATS = 7, IFLA_MASTER = 10, IFLA_TXQLEN = 13, IFLA_OPERSTATE = 16,
            IFLA_LINKMODE = 17, IFLA_LINKINFO = 18, IFLA_NET_NS_PID = 19, IFLA_IFALIAS = 20, IFLA_GROUP = 27,
            IFLA_NET_NS_FD = 28, IFLA_EXT_MASK = 29, IFLA_PROMISCUITY = 30, IFLA_CARRIER = 33,
            IFLA_LINK_NETNSID = 37, IFLA_MIN_MTU = 50, IFLA_MAX_MTU = 51, IFLA_ALT_IFNAME = 53,
            IFLA_PERM_ADDRESS = 54;
    // <linux/if_link.h>: nested in IFLA_LINKINFO
    public static final int IFLA_INFO_UNSPEC = 0, IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, IFLA_INFO_XSTATS = 3,
            IFLA_INFO_SLAVE_KIND = 4, IFLA_INFO_SLAVE_DATA = 5;
    // <linux/veth.h>: nested in IFLA_INFO_DATA of a veth
    public static final int VETH_INFO_UNSPEC = 0, VETH_INFO_PEER = 1;
    // <linux/if.h>: IFLA_OPERSTATE values (RFC 2863)
    public static final int IF_OPER_UNKNOWN = 0, IF_OPER_NOTPRESENT = 1, IF_OPER_DOWN = 2,
            IF_OPER_LOWERLAYERDOWN = 3, IF_OPER_TESTING = 4, IF_OPER_DORMANT = 5, IF_OPER_UP = 6;
    // <linux/if.h>: ifi_flags
    public static final int IFF_UP = 0x1, IFF_BROADCAST = 0x2, IFF_DEBUG = 0x4, IFF_LOOPBACK = 0x8,
            IFF_POINTOPOINT = 0x10, IFF_NOTRAILERS = 0x20, IFF_RUNNING = 0x40, IFF_NOARP = 0x80,
            IFF_PROMISC = 0x100, IFF_ALLMULTI = 0x200, IFF_MASTER = 0x400, IFF_SLAVE = 0x800,
            IFF_MULTICAST = 0x1000, IFF_PORTSEL = 0x2000, IFF_AUTOMEDIA = 0x4000, IFF_DYNAMIC = 0x8000,
            IFF_LOWER_UP = 0x10000, IFF_DORMANT = 0x20000, IFF_ECHO = 0x40000;
    /** IFNAMSIZ: interface names are at most 15 bytes plus the NUL. */
    public static final int IFNAMSIZ = 16;
    // <linux/if_arp.h>: ifi_type
    public static final int ARPHRD_ETHER = 1, ARPHRD_LOOPBACK = 772, ARPHRD_NONE = 0xfffe;

    // <linux/if_addr.h>: address attributes and ifa_flags
    public static final int IFA_UNSPEC = 0, IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_BROADCAST = 4,
            IFA_ANYCAST = 5, IFA_CACHEINFO = 6, IFA_MULTICAST = 7, IFA_FLAGS = 8;
    public static final int IFA_F_SECONDARY = 0x01, IFA_F_NODAD = 0x02, IFA_F_DADFAILED = 0x08,
            IFA_F_DEPRECATED = 0x20, IFA_F_TENTATIVE = 0x40, IFA_F_PERMANENT = 0x80;

    // <sys/socket.h>
    public static final int AF_UNSPEC = 0, AF_INET = 2, AF_BRIDGE = 7, AF_INET6 = 10, AF_NETLINK = 16;

    private static final Map<Integer, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(NLMSG_NOOP, "NLMSG_NOOP"), Map.entry(NLMSG_ERROR, "NLMSG_ERROR"),
            Map.entry(NLMSG_DONE, "NLMSG_DONE"), Map.entry(NLMSG_OVERRUN, "NLMSG_OVERRUN"),
            Map.entry(RTM_NEWLINK, "RTM_NEWLINK"), Map.entry(RTM_DELLINK, "RTM_DELLINK"),
            Map.entry(RTM_GETLINK, "RTM_GETLINK"), Map.entry(RTM_SETLINK, "RTM_SETLINK"),
            Map.entry(RTM_NEWADDR, "RTM_NEWADDR"), Map.entry(RTM_DELADDR, "RTM_DELADDR"),
            Map.entry(RTM_GETADDR, "RTM_GETADDR"), Map.entry(RTM_NEWROUTE, "RTM_NEWROUTE"),
            Map.entry(RTM_DELROUTE, "RTM_DELROUTE"), Map.entry(RTM_GETROUTE, "RTM_GETROUTE"),
            Map.entry(RTM_NEWRULE, "RTM_NEWRULE"), Map.entry(RTM_DELRULE, "RTM_DELRULE"),
            Map.entry(RTM_GETRULE, "RTM_GETRULE"),
            Map.entry(RTM_NEWNSID, "RTM_NEWNSID"), Map.entry(RTM_DELNSID, "RTM_DELNSID"),
            Map.entry(RTM_GETNSID, "RTM_GETNSID"));

    /**
     * The C name of a message type, e.g. {@code RTM_NEWLINK}, or {@code nlmsg_type N}. Types above
     * 255 are nfnetlink's ({@code subsystem << 8 | message}), e.g. {@code NFT_MSG_NEWRULE}.
     */
    public static String messageTypeName(int type) {
        if (type > 0xff) return Nfnetlink.messageTypeName(type);
        return TYPE_NAMES.getOrDefault(type, "nlmsg_type " + type);
    }

    /** The name {@code ip link} prints for an IFLA_OPERSTATE value. */
    public static String operStateName(int state) {
        return switch (state) {
            case IF_OPER_NOTPRESENT -> "NOTPRESENT";
            case IF_OPER_DOWN -> "DOWN";
            case IF_OPER_LOWERLAYERDOWN -> "LOWERLAYERDOWN";
            case IF_OPER_TESTING -> "TESTING";
            case IF_OPER_DORMANT -> "DORMANT";
            case IF_OPER_UP -> "UP";
            default -> "UNKNOWN";
        };
    }

    /** NLMSG_ALIGN / RTA_ALIGN: netlink pads every message and attribute to 4 bytes. */
    public static int align(int len) {
        return (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }
}
