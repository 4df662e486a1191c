package dev.glassbox.net;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * nfnetlink and nf_tables constants, named as in the kernel's UAPI headers
 * {@code <linux/netfilter/nfnetlink.h>}, {@code <linux/netfilter/nf_tables.h>},
 * {@code <linux/netfilter.h>} and {@code <linux/netfilter/nf_nat.h>}, plus the fixed header
 * {@code struct nfgenmsg}. Unlike rtnetlink, nf_tables attributes carry numbers in network byte
 * order (big-endian): use {@link #be32} and {@link #be64}.
 */
public final class Nfnetlink {
    private Nfnetlink() {}

    /** errno when the kernel has no such netlink protocol (no nfnetlink at all). */
    public static final int EPROTONOSUPPORT = 93;

    // <linux/netfilter/nfnetlink.h>
    public static final int NFNETLINK_V0 = 0, NFNL_SUBSYS_NFTABLES = 10;
    /** A batch opens and closes with these (NLMSG_MIN_TYPE and NLMSG_MIN_TYPE + 1). */
    public static final int NFNL_MSG_BATCH_BEGIN = 16, NFNL_MSG_BATCH_END = 17;
    /** sizeof(struct nfgenmsg): u8 nfgen_family, u8 version, __be16 res_id. */
    public static final int NFGENMSG_SIZE = 4;

    // <linux/netfilter/nf_tables.h>: enum nf_tables_msg_types (nlmsg_type = NFNL_SUBSYS_NFTABLES << 8 | msg)
    public static final int NFT_MSG_NEWTABLE = 0, NFT_MSG_GETTABLE = 1, NFT_MSG_DELTABLE = 2,
            NFT_MSG_NEWCHAIN = 3, NFT_MSG_GETCHAIN = 4, NFT_MSG_DELCHAIN = 5,
            NFT_MSG_NEWRULE = 6, NFT_MSG_GETRULE = 7, NFT_MSG_DELRULE = 8;

    // table, chain, hook and rule attributes
    public static final int NFTA_TABLE_NAME = 1, NFTA_TABLE_FLAGS = 2, NFTA_TABLE_HANDLE = 4;
    public static final int NFTA_CHAIN_TABLE = 1, NFTA_CHAIN_HANDLE = 2, NFTA_CHAIN_NAME = 3, NFTA_CHAIN_HOOK = 4,
            NFTA_CHAIN_POLICY = 5, NFTA_CHAIN_TYPE = 7;
    public static final int NFTA_HOOK_HOOKNUM = 1, NFTA_HOOK_PRIORITY = 2;
    public static final int NFTA_RULE_TABLE = 1, NFTA_RULE_CHAIN = 2, NFTA_RULE_HANDLE = 3,
            NFTA_RULE_EXPRESSIONS = 4, NFTA_RULE_POSITION = 6, NFTA_RULE_USERDATA = 7;
    /** An expression in NFTA_RULE_EXPRESSIONS: NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA }. */
    public static final int NFTA_LIST_ELEM = 1, NFTA_EXPR_NAME = 1, NFTA_EXPR_DATA = 2;

    // expression attributes
    public static final int NFTA_IMMEDIATE_DREG = 1, NFTA_IMMEDIATE_DATA = 2;
    public static final int NFTA_DATA_VALUE = 1, NFTA_DATA_VERDICT = 2, NFTA_VERDICT_CODE = 1;
    public static final int NFTA_CMP_SREG = 1, NFTA_CMP_OP = 2, NFTA_CMP_DATA = 3;
    public static final int NFT_CMP_EQ = 0, NFT_CMP_NEQ = 1;
    public static final int NFTA_PAYLOAD_DREG = 1, NFTA_PAYLOAD_BASE = 2, NFTA_PAYLOAD_OFFSET = 3, NFTA_PAYLOAD_LEN = 4;
    public static final int NFT_PAYLOAD_NETWORK_HEADER = 1, NFT_PAYLOAD_TRANSPORT_HEADER = 2;
    public static final int NFTA_META_DREG = 1, NFTA_META_KEY = 2;
    public static final int NFT_META_IIFNAME = 6, NFT_META_OIFNAME = 7, NFT_META_L4PROTO = 16;
    public static final int NFTA_BITWISE_SREG = 1, NFTA_BITWISE_DREG = 2, NFTA_BITWISE_LEN = 3,
            NFTA_BITWISE_MASK = 4, NFTA_BITWISE_XOR = 5;
    public static final int NFTA_FIB_DREG = 1, NFTA_FIB_RESULT = 2, NFTA_FIB_FLAGS = 3;
    public static final int NFT_FIB_RESULT_ADDRTYPE = 3, NFTA_FIB_F_DADDR = 2;
    public static final int NFTA_NAT_TYPE = 1, NFTA_NAT_FAMILY = 2, NFTA_NAT_REG_ADDR_MIN = 3,
            NFTA_NAT_REG_PROTO_MIN = 5, NFTA_NAT_FLAGS = 7;
    public static final int NFT_NAT_SNAT = 0, NFT_NAT_DNAT = 1;
    /** Registers: the verdict register, and the 16-byte data registers 1..4. */
    public static final int NFT_REG_VERDICT = 0, NFT_REG_1 = 1, NFT_REG_2 = 2;
    /** NFTNL_UDATA_RULE_COMMENT of libnftnl: the TLV in NFTA_RULE_USERDATA that {@code nft} shows as a comment. */
    public static final int NFTNL_UDATA_RULE_COMMENT = 0;

    // <linux/netfilter.h>
    public static final int NF_DROP = 0, NF_ACCEPT = 1;
    public static final int NFPROTO_UNSPEC = 0, NFPROTO_IPV4 = 2;
    public static final int NF_INET_PRE_ROUTING = 0, NF_INET_LOCAL_IN = 1, NF_INET_FORWARD = 2,
            NF_INET_LOCAL_OUT = 3, NF_INET_POST_ROUTING = 4;
    /** Hook priorities {@code nft} names dstnat, filter and srcnat. */
    public static final int NF_IP_PRI_NAT_DST = -100, NF_IP_PRI_FILTER = 0, NF_IP_PRI_NAT_SRC = 100;
    // <linux/netfilter/nf_nat.h>
    public static final int NF_NAT_RANGE_MAP_IPS = 1, NF_NAT_RANGE_PROTO_SPECIFIED = 2;
    // <linux/in.h>
    public static final int IPPROTO_TCP = 6, IPPROTO_UDP = 17;
    /** RTN_LOCAL of {@code <linux/rtnetlink.h>}: what {@code fib daddr type} yields for the host's own addresses. */
    public static final int RTN_LOCAL = 2;

    /** The nlmsg_type of an nf_tables message: {@code NFNL_SUBSYS_NFTABLES << 8 | msg}. */
    public static int nftType(int msg) {
        return NFNL_SUBSYS_NFTABLES << 8 | msg;
    }

    /** struct nfgenmsg for a message about {@code family} (NFPROTO_IPV4), version 0, res_id 0. */
    public static byte[] nfgenmsg(int family) {
        return new byte[] {(byte) family, NFNETLINK_V0, 0, 0};
    }

    /** struct nfgenmsg of a batch's begin and end: family unspecified, res_id the nf_tables subsystem (big-endian). */
    public static byte[] batchNfgenmsg() {
        return new byte[] {NFPROTO_UNSPEC, NFNETLINK_V0, 0, NFNL_SUBSYS_NFTABLES};
    }

    /** A 32-bit number in network byte order, as nf_tables attributes carry them. */
    public static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    /** A 64-bit number in network byte order (NFTA_RULE_HANDLE, NFTA_CHAIN_HANDLE). */
    public static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static final Map<Integer, String> NFT_NAMES = Map.of(
            NFT_MSG_NEWTABLE, "NFT_MSG_NEWTABLE", NFT_MSG_GETTABLE, "NFT_MSG_GETTABLE",
            NFT_MSG_DELTABLE, "NFT_MSG_DELTABLE", NFT_MSG_NEWCHAIN, "NFT_MSG_NEWCHAIN",
            NFT_MSG_GETCHAIN, "NFT_MSG_GETCHAIN", NFT_MSG_DELCHAIN, "NFT_MSG_DELCHAIN",
            NFT_MSG_NEWRULE, "NFT_MSG_NEWRULE", NFT_MSG_GETRULE, "NFT_MSG_GETRULE",
            NFT_MSG_DELRULE, "NFT_MSG_DELRULE");

    /** The C name of an nfnetlink message type, e.g. {@code NFT_MSG_NEWRULE}, or {@code nlmsg_type N}. */
    public static String messageTypeName(int type) {
        if (type >> 8 == NFNL_SUBSYS_NFTABLES && NFT_NAMES.containsKey(type & 0xff)) return NFT_NAMES.get(type & 0xff);
        return "nlmsg_type " + type;
    }
}
