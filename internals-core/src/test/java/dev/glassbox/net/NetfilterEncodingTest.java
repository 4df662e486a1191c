package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fib rule and nf_tables messages as bytes, without any system call (little-endian hosts). */
class NetfilterEncodingTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void prohibitRuleEncodesAsIpRuleAddSendsIt() {
        FibRule rule = FibRule.prohibit(30000, Subnet.parse("10.1.0.0/24"), Subnet.parse("10.2.0.0/16"));
        NlMsg m = FibRules.message(Rtnetlink.RTM_NEWRULE, Rtnetlink.NLM_F_CREATE | Rtnetlink.NLM_F_EXCL, rule);
        assertArrayEquals(hex(
                "02 10 18 00 00 00 00 08 00000000" // fib_rule_hdr: AF_INET, dst_len 16, src_len 24, action FR_ACT_PROHIBIT
                        + "0800 0600 30750000" // FRA_PRIORITY 30000
                        + "0800 0200 0a010000" // FRA_SRC 10.1.0.0
                        + "0800 0100 0a020000"), // FRA_DST 10.2.0.0
                m.payload());
        assertEquals(rule, FibRules.parse(m), "what we send reads back the same");
        assertEquals("ip rule add from 10.1.0.0/24 to 10.2.0.0/16 priority 30000 prohibit", rule.addCommand());
    }

    @Test
    void commentIsLibnftnlsUserdataTlv() {
        assertArrayEquals(hex("00 06 68656c6c6f 00"), NftRule.userdataComment("hello"));
        assertEquals("hello", NftRule.commentOf(NftRule.userdataComment("hello")));
        assertNull(NftRule.commentOf(hex("01 02 4142")), "another TLV type is not a comment");
        assertThrows(IllegalArgumentException.class, () -> new NftRule().comment("a \"quoted\" word"));
    }

    @Test
    void masqueradeOfANonByteAlignedSubnetMasksBeforeComparing() {
        NftRule r = new NftRule().ipAddress(true, Subnet.parse("10.98.16.0/20"), true)
                .interfaceName(true, "gbt-br1", false).masquerade();
        assertEquals("ip saddr 10.98.16.0/20 oifname != \"gbt-br1\" masquerade", r.text());
        // the same list nft --debug=netlink prints for this rule
        assertEquals(List.of("payload", "bitwise", "cmp", "meta", "cmp", "masq"), expressionNames(r));
        NftRule aligned = new NftRule().ipAddress(true, Subnet.parse("10.99.0.0/24"), true);
        assertEquals(List.of("payload", "cmp"), expressionNames(aligned), "a /24 loads 3 bytes and compares them");
    }

    @Test
    void dnatRuleReadsAsNftAndRunsTheExpressionsNftWouldRun() {
        NftRule r = new NftRule().ipAddress(false, Subnet.parse("127.0.0.0/8"), false).destinationIsLocal()
                .destinationPort(PortSpec.Protocol.TCP, 8080).dnat(Subnet.parseIpv4("10.99.0.2", "t"), 80).comment("web");
        assertEquals("ip daddr != 127.0.0.0/8 fib daddr type local tcp dport 8080 dnat to 10.99.0.2:80 comment \"web\"", r.text());
        assertEquals(List.of("payload", "cmp", "fib", "cmp", "meta", "cmp", "payload", "cmp", "immediate", "immediate", "nat"),
                expressionNames(r));
    }

    @Test
    void nfTablesNumbersAreBigEndianAndTypesCarryTheSubsystem() {
        assertArrayEquals(hex("00000064"), Nfnetlink.be32(100));
        assertArrayEquals(hex("ffffff9c"), Nfnetlink.be32(-100), "priority dstnat");
        assertEquals(0x0a06, Nfnetlink.nftType(Nfnetlink.NFT_MSG_NEWRULE));
        assertEquals("NFT_MSG_NEWRULE", Rtnetlink.messageTypeName(0x0a06));
        assertEquals("RTM_GETRULE", Rtnetlink.messageTypeName(Rtnetlink.RTM_GETRULE));
        assertArrayEquals(hex("00 00 00 0a"), Nfnetlink.batchNfgenmsg(), "res_id NFNL_SUBSYS_NFTABLES, big-endian");
    }

    /** The NFTA_EXPR_NAME of each expression of a rule, in order. */
    private static List<String> expressionNames(NftRule rule) {
        NlMsg.Builder b = NlMsg.builder(Nfnetlink.nftType(Nfnetlink.NFT_MSG_NEWRULE), 0).raw(Nfnetlink.nfgenmsg(Nfnetlink.NFPROTO_IPV4));
        rule.writeTo(b);
        Attrs exprs = b.build().attrs(Nfnetlink.NFGENMSG_SIZE).nested(Nfnetlink.NFTA_RULE_EXPRESSIONS);
        List<String> names = new ArrayList<>();
        for (RtAttr e : exprs.list()) names.add(e.asNested().string(Nfnetlink.NFTA_EXPR_NAME));
        return names;
    }
}
