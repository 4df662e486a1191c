package dev.glassbox.net;

import static dev.glassbox.net.Nfnetlink.*;
import static dev.glassbox.net.Rtnetlink.NLA_F_NESTED;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An nf_tables rule being written twice at once: as the expressions the kernel runs (the
 * NFTA_RULE_EXPRESSIONS attribute) and as the {@code nft} words a student reads. nf_tables is a
 * tiny virtual machine: expressions load packet data into registers ({@code payload}, {@code meta},
 * {@code fib}, {@code immediate}), test registers ({@code cmp}, a failed test ends the rule), or act
 * ({@code nat}, {@code masq}, a verdict). {@code nft --debug=netlink} prints the same lists.
 */
final class NftRule {
    private record Expr(String name, Consumer<NlMsg.Builder> data) {}

    private final List<Expr> exprs = new ArrayList<>();
    private final List<String> words = new ArrayList<>();
    private String comment;

    /**
     * {@code ip saddr PREFIX} / {@code ip daddr PREFIX} ({@code !=} when not {@code equal}): load
     * the address bytes of the IPv4 header (offset 12 source, 16 destination) and compare. A prefix
     * on whole bytes loads only those bytes; another is masked first by a {@code bitwise} expression.
     */
    NftRule ipAddress(boolean source, Subnet prefix, boolean equal) {
        int offset = source ? 12 : 16, bits = prefix.prefixLength();
        byte[] network = prefix.network().getAddress();
        words.add("ip " + (source ? "saddr " : "daddr ") + (equal ? "" : "!= ")
                + (bits == 32 ? prefix.network().getHostAddress() : prefix.toString()));
        if (bits == 0) return this;
        int op = equal ? NFT_CMP_EQ : NFT_CMP_NEQ;
        if (bits % 8 == 0) {
            payload(NFT_PAYLOAD_NETWORK_HEADER, offset, bits / 8);
            return cmp(op, Arrays.copyOf(network, bits / 8));
        }
        payload(NFT_PAYLOAD_NETWORK_HEADER, offset, 4);
        byte[] mask = ByteBuffer.allocate(4).putInt((int) Subnet.mask(bits)).array();
        exprs.add(new Expr("bitwise", b -> {
            b.bytes(NFTA_BITWISE_SREG, be32(NFT_REG_1)).bytes(NFTA_BITWISE_DREG, be32(NFT_REG_1))
                    .bytes(NFTA_BITWISE_LEN, be32(4));
            value(b, NFTA_BITWISE_MASK, mask);
            value(b, NFTA_BITWISE_XOR, new byte[4]);
        }));
        return cmp(op, network);
    }

    /**
     * {@code iifname NAME} / {@code oifname NAME}: the {@code meta} expression loads the input or
     * output interface's name (IFNAMSIZ bytes, NUL-padded) and {@code cmp} compares all 16 bytes.
     */
    NftRule interfaceName(boolean output, String name, boolean equal) {
        words.add((output ? "oifname " : "iifname ") + (equal ? "" : "!= ") + '"' + name + '"');
        meta(output ? NFT_META_OIFNAME : NFT_META_IIFNAME);
        byte[] padded = Arrays.copyOf(name.getBytes(StandardCharsets.UTF_8), Rtnetlink.IFNAMSIZ);
        return cmp(equal ? NFT_CMP_EQ : NFT_CMP_NEQ, padded);
    }

    /**
     * {@code fib daddr type local}: the {@code fib} expression looks the destination address up in
     * the routing tables and loads its type; RTN_LOCAL means one of the host's own addresses (what
     * iptables calls {@code -m addrtype --dst-type LOCAL}).
     */
    NftRule destinationIsLocal() {
        words.add("fib daddr type local");
        exprs.add(new Expr("fib", b -> b.bytes(NFTA_FIB_DREG, be32(NFT_REG_1))
                .bytes(NFTA_FIB_RESULT, be32(NFT_FIB_RESULT_ADDRTYPE)).bytes(NFTA_FIB_FLAGS, be32(NFTA_FIB_F_DADDR))));
        // the address type is a u32 in the host's byte order
        return cmp(NFT_CMP_EQ, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(RTN_LOCAL).array());
    }

    /**
     * {@code tcp dport PORT} (or udp): {@code meta l4proto} checks the transport protocol, then the
     * destination port is the 2 bytes at offset 2 of the transport header, in network order.
     */
    NftRule destinationPort(PortSpec.Protocol protocol, int port) {
        words.add(protocol + " dport " + port);
        meta(NFT_META_L4PROTO);
        cmp(NFT_CMP_EQ, new byte[] {(byte) (protocol == PortSpec.Protocol.TCP ? IPPROTO_TCP : IPPROTO_UDP)});
        payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
        return cmp(NFT_CMP_EQ, be16(port));
    }

    /**
     * {@code dnat to ADDRESS:PORT}: two {@code immediate} expressions put the new address in
     * register 1 and the new port in register 2, then {@code nat} (type DNAT) rewrites the
     * connection's destination; conntrack rewrites the replies back.
     */
    NftRule dnat(Inet4Address to, int port) {
        words.add("dnat to " + to.getHostAddress() + ":" + port);
        immediate(NFT_REG_1, to.getAddress());
        immediate(NFT_REG_2, be16(port));
        exprs.add(new Expr("nat", b -> b.bytes(NFTA_NAT_TYPE, be32(NFT_NAT_DNAT))
                .bytes(NFTA_NAT_FAMILY, be32(NFPROTO_IPV4)).bytes(NFTA_NAT_REG_ADDR_MIN, be32(NFT_REG_1))
                .bytes(NFTA_NAT_REG_PROTO_MIN, be32(NFT_REG_2)).bytes(NFTA_NAT_FLAGS, be32(NF_NAT_RANGE_PROTO_SPECIFIED))));
        return this;
    }

    /**
     * {@code masquerade}: the {@code masq} expression rewrites the source to the address of the
     * interface the packet leaves by (source NAT that follows the host's address), only in a
     * postrouting nat chain.
     */
    NftRule masquerade() {
        words.add("masquerade");
        exprs.add(new Expr("masq", null));
        return this;
    }

    /** {@code accept}: an {@code immediate} that writes the verdict NF_ACCEPT in the verdict register. */
    NftRule accept() {
        words.add("accept");
        exprs.add(new Expr("immediate", b -> {
            b.bytes(NFTA_IMMEDIATE_DREG, be32(NFT_REG_VERDICT));
            b.nest(NFTA_IMMEDIATE_DATA | NLA_F_NESTED, d -> d.nest(NFTA_DATA_VERDICT | NLA_F_NESTED,
                    v -> v.bytes(NFTA_VERDICT_CODE, be32(NF_ACCEPT))));
        }));
        return this;
    }

    /**
     * {@code comment "TEXT"}: not an expression; the kernel keeps NFTA_RULE_USERDATA for user space
     * untouched. Glassbox finds its rules again by these comments.
     */
    NftRule comment(String text) {
        if (text.length() > 120 || text.indexOf('"') >= 0) throw new IllegalArgumentException("invalid nft comment: " + text);
        this.comment = text;
        return this;
    }

    String comment() { return comment; }

    /** The rule as {@code nft} writes it, e.g. {@code tcp dport 8080 dnat to 10.99.0.2:80 comment "..."}. */
    String text() {
        return String.join(" ", words) + (comment == null ? "" : " comment \"" + comment + "\"");
    }

    /** Writes NFTA_RULE_EXPRESSIONS (a list of NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA }) and the comment. */
    void writeTo(NlMsg.Builder b) {
        b.nest(NFTA_RULE_EXPRESSIONS | NLA_F_NESTED, list -> {
            for (Expr e : exprs) {
                list.nest(NFTA_LIST_ELEM | NLA_F_NESTED, el -> {
                    el.string(NFTA_EXPR_NAME, e.name());
                    if (e.data() != null) el.nest(NFTA_EXPR_DATA | NLA_F_NESTED, e.data());
                });
            }
        });
        if (comment != null) b.bytes(NFTA_RULE_USERDATA, userdataComment(comment));
    }

    /** libnftnl's user data TLV: u8 type NFTNL_UDATA_RULE_COMMENT, u8 length, the text and its NUL. */
    static byte[] userdataComment(String text) {
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 + s.length + 1];
        out[0] = NFTNL_UDATA_RULE_COMMENT;
        out[1] = (byte) (s.length + 1);
        System.arraycopy(s, 0, out, 2, s.length);
        return out;
    }

    /** The comment inside NFTA_RULE_USERDATA, or null. */
    static String commentOf(byte[] userdata) {
        if (userdata == null) return null;
        for (int i = 0; i + 2 <= userdata.length; ) {
            int type = userdata[i] & 0xff, len = userdata[i + 1] & 0xff;
            if (i + 2 + len > userdata.length) return null;
            if (type == NFTNL_UDATA_RULE_COMMENT) {
                int n = len;
                while (n > 0 && userdata[i + 2 + n - 1] == 0) n--;
                return new String(userdata, i + 2, n, StandardCharsets.UTF_8);
            }
            i += 2 + len;
        }
        return null;
    }

    private void payload(int base, int offset, int len) {
        exprs.add(new Expr("payload", b -> b.bytes(NFTA_PAYLOAD_DREG, be32(NFT_REG_1)).bytes(NFTA_PAYLOAD_BASE, be32(base))
                .bytes(NFTA_PAYLOAD_OFFSET, be32(offset)).bytes(NFTA_PAYLOAD_LEN, be32(len))));
    }

    private void meta(int key) {
        exprs.add(new Expr("meta", b -> b.bytes(NFTA_META_DREG, be32(NFT_REG_1)).bytes(NFTA_META_KEY, be32(key))));
    }

    private NftRule cmp(int op, byte[] data) {
        exprs.add(new Expr("cmp", b -> {
            b.bytes(NFTA_CMP_SREG, be32(NFT_REG_1)).bytes(NFTA_CMP_OP, be32(op));
            value(b, NFTA_CMP_DATA, data);
        }));
        return this;
    }

    private void immediate(int reg, byte[] data) {
        exprs.add(new Expr("immediate", b -> {
            b.bytes(NFTA_IMMEDIATE_DREG, be32(reg));
            value(b, NFTA_IMMEDIATE_DATA, data);
        }));
    }

    /** A data attribute: {@code type { NFTA_DATA_VALUE bytes }}. */
    private static void value(NlMsg.Builder b, int type, byte[] data) {
        b.nest(type | NLA_F_NESTED, d -> d.bytes(NFTA_DATA_VALUE, data));
    }

    private static byte[] be16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }
}
