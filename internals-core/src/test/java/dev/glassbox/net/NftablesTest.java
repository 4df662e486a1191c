package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import dev.glassbox.testing.RootOnly;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * nf_tables through NETLINK_NETFILTER, only in namespaces the test creates: {@code nft -j list
 * ruleset} run there is the reference, and a real DNAT and masquerade between test namespaces.
 */
@RootOnly
class NftablesTest {
    private static final Subnet BR0 = Subnet.parse("10.99.0.0/24"), BR1 = Subnet.parse("10.98.16.0/20");
    private static final PortSpec.Protocol TCP = PortSpec.Protocol.TCP, UDP = PortSpec.Protocol.UDP;

    @AfterAll
    static void nothingLeftBehind() {
        if (dev.glassbox.sys.Syscalls.linux().geteuid() == 0) TestNetns.assertNothingLeftBehind();
    }

    @Test
    void kernelHasNfTablesAndTheProbeLeavesNothing() {
        try (TestNetns ns = TestNetns.create()) {
            assertTrue(Nftables.available(ns.file));
            assertEquals(List.of(), withoutMetainfo(ruleset(ns)), "the probe table was created and deleted in one batch");
        }
    }

    @Test
    void tableAndRulesAgreeWithNftAndWithTheirShellEquivalent() {
        try (TestNetns ours = TestNetns.create(); TestNetns typed = TestNetns.create(); Nftables nft = Nftables.open(ours.file)) {
            List<String> shell = new ArrayList<>(Nftables.ensureTableShellEquivalent(false));
            nft.ensureTable();
            assertTrue(nft.addMasquerade(BR0, "gbt-br0"));
            shell.addAll(Nftables.addMasqueradeShellEquivalent(BR0, "gbt-br0"));
            assertTrue(nft.addMasquerade(BR1, "gbt-br1"));
            shell.addAll(Nftables.addMasqueradeShellEquivalent(BR1, "gbt-br1"));
            assertTrue(nft.acceptForwarding("gbt-br0"));
            shell.addAll(Nftables.acceptForwardingShellEquivalent("gbt-br0"));
            Nftables.Dnat web = nft.addDnat(null, 8080, TCP, ip("10.99.0.2"), 80);
            shell.addAll(web.shellEquivalent());
            Nftables.Dnat dns = nft.addDnat(ip("192.0.2.7"), 5353, UDP, ip("10.98.16.3"), 53);
            shell.addAll(dns.shellEquivalent());
            for (String line : shell) TestNetns.run("ip", "netns", "exec", typed.name, "sh", "-c", line);

            JsonNode json = ruleset(ours);
            assertEquals(withoutHandles(ruleset(typed)), withoutHandles(json), "netlink made what the nft commands make:\n"
                    + String.join("\n", shell));
            String text = json.toString();
            assertTrue(text.contains("{\"chain\":{\"family\":\"ip\",\"table\":\"glassbox\",\"name\":\"prerouting\""), text);
            assertTrue(text.contains("\"type\":\"nat\",\"hook\":\"postrouting\",\"prio\":100,\"policy\":\"accept\""), text);
            assertTrue(text.contains("{\"prefix\":{\"addr\":\"10.98.16.0\",\"len\":20}}"), "a /20 is masked: " + text);
            assertTrue(text.contains("{\"dnat\":{\"addr\":\"10.99.0.2\",\"port\":80}}"), text);
            assertTrue(text.contains("{\"fib\":{\"result\":\"type\",\"flags\":[\"daddr\"]}}"), text);
            assertTrue(text.contains("\"comment\":\"glassbox dnat udp 192.0.2.7:5353 to 10.98.16.3:53\""), text);
            assertNotEquals(web.preroutingHandle(), web.outputHandle());
            assertEquals(web.preroutingHandle(), handleOf(json, "prerouting", "glassbox dnat tcp 0.0.0.0:8080 to 10.99.0.2:80"),
                    "the echoed handle is the rule's");
            assertEquals(web.outputHandle(), handleOf(json, "output", "glassbox dnat tcp 0.0.0.0:8080 to 10.99.0.2:80"));
        }
    }

    @Test
    void operationsAreIdempotentAndRemoveOnlyTheirOwnRules() {
        try (TestNetns ns = TestNetns.create(); Nftables nft = Nftables.open(ns.file)) {
            assertFalse(nft.tableExists());
            SysException noTable = assertThrows(SysException.class, () -> nft.addMasquerade(BR0, "gbt-br0"));
            assertEquals(Errno.ENOENT, noTable.errno());
            assertEquals("NFT_MSG_NEWRULE", noTable.call(), noTable.getMessage());
            nft.ensureTable();
            nft.ensureTable();
            assertTrue(nft.tableExists());
            assertTrue(nft.addMasquerade(BR0, "gbt-br0"));
            assertFalse(nft.addMasquerade(BR0, "gbt-br0"));
            assertTrue(nft.addMasquerade(BR1, "gbt-br1"));
            assertTrue(nft.acceptForwarding("gbt-br0"));
            assertFalse(nft.acceptForwarding("gbt-br0"));
            Nftables.Dnat d1 = nft.addDnat(null, 8080, TCP, ip("10.99.0.2"), 80);
            Nftables.Dnat d2 = nft.addDnat(ip("0.0.0.0"), 8081, TCP, ip("10.99.0.3"), 80);
            assertEquals(null, d2.hostIp(), "0.0.0.0 means every local address");
            assertEquals(8, nft.rules().size(), "2 masquerade, 2 forward, 2 x 2 dnat");

            nft.ensureTable(true);
            assertEquals("drop", chain(ruleset(ns), "forward").get("policy").asText());
            assertEquals(8, nft.rules().size(), "ensureTable keeps the rules");

            nft.removeDnat(d1);
            nft.removeDnat(d1);
            assertTrue(nft.removeMasquerade(BR0));
            assertFalse(nft.removeMasquerade(BR0));
            assertTrue(nft.removeForwarding("gbt-br0"));
            assertEquals(List.of("glassbox masquerade 10.98.16.0/20", "glassbox dnat tcp 0.0.0.0:8081 to 10.99.0.3:80",
                            "glassbox dnat tcp 0.0.0.0:8081 to 10.99.0.3:80"),
                    nft.rules().stream().map(Nftables.Rule::comment).sorted().toList().reversed());

            assertThrows(IllegalArgumentException.class, () -> nft.addDnat(ip("127.0.0.1"), 8080, TCP, ip("10.99.0.2"), 80));
            assertTrue(nft.deleteTable());
            assertFalse(nft.deleteTable());
            assertEquals(List.of(), withoutMetainfo(ruleset(ns)));
            assertEquals(List.of(), nft.rules());
        }
    }

    @Test
    void resetTableEmptiesOnlyTheGlassboxTableAndAgreesWithItsShellEquivalent() {
        try (TestNetns ours = TestNetns.create(); TestNetns typed = TestNetns.create(); Nftables nft = Nftables.open(ours.file)) {
            nft.resetTable(false);
            assertTrue(nft.tableExists(), "made when there was none");
            // what a crashed engine leaves, next to another program's table
            nft.addMasquerade(BR0, "gbt-br0");
            nft.acceptForwarding("gbt-br0");
            nft.addDnat(null, 8080, TCP, ip("10.99.0.2"), 80);
            TestNetns.run("ip", "netns", "exec", ours.name, "nft", "add table ip other; add chain ip other c; add rule ip other c counter comment kept");
            assertEquals(5, nft.rules().size(), "1 masquerade, 2 forward, 2 dnat");

            nft.resetTable(false);
            assertEquals(List.of(), nft.rules(), "no rule of the crashed engine is left");
            JsonNode json = ruleset(ours);
            for (String c : List.of("prerouting", "output", "postrouting", "forward")) assertEquals("glassbox", chain(json, c).get("table").asText());
            assertTrue(json.toString().contains("\"comment\":\"kept\""), "the other table keeps its rule: " + json);

            for (String line : Nftables.resetTableShellEquivalent(false)) TestNetns.run("ip", "netns", "exec", typed.name, "sh", "-c", line);
            assertEquals(withoutHandles(ruleset(typed)), ofTable(withoutHandles(json), "glassbox"), "netlink made what the nft commands make");
        }
    }

    @Test
    void aBatchIsAppliedWholeOrNotAtAll() {
        try (TestNetns ns = TestNetns.create();
                NetlinkSocket socket = NetNs.run(ns.file, () -> NetlinkSocket.open(Rtnetlink.NETLINK_NETFILTER))) {
            NlMsg begin = NlMsg.builder(Nfnetlink.NFNL_MSG_BATCH_BEGIN, 0).raw(Nfnetlink.batchNfgenmsg()).build();
            NlMsg end = NlMsg.builder(Nfnetlink.NFNL_MSG_BATCH_END, 0).raw(Nfnetlink.batchNfgenmsg()).build();
            NlMsg table = NlMsg.builder(Nfnetlink.nftType(Nfnetlink.NFT_MSG_NEWTABLE), Rtnetlink.NLM_F_CREATE | Rtnetlink.NLM_F_ACK)
                    .raw(Nfnetlink.nfgenmsg(Nfnetlink.NFPROTO_IPV4)).string(Nfnetlink.NFTA_TABLE_NAME, "t").build();
            NlMsg chainOfMissingTable = NlMsg.builder(Nfnetlink.nftType(Nfnetlink.NFT_MSG_NEWCHAIN),
                            Rtnetlink.NLM_F_CREATE | Rtnetlink.NLM_F_ACK).raw(Nfnetlink.nfgenmsg(Nfnetlink.NFPROTO_IPV4))
                    .string(Nfnetlink.NFTA_CHAIN_TABLE, "missing").string(Nfnetlink.NFTA_CHAIN_NAME, "c").build();

            SysException e = assertThrows(SysException.class, () -> socket.batch(List.of(begin, table, chainOfMissingTable, end), "test"));
            assertEquals("NFT_MSG_NEWCHAIN", e.call(), e.getMessage());
            assertEquals(Errno.ENOENT, e.errno());
            assertEquals(List.of(), withoutMetainfo(ruleset(ns)), "the table of the failed batch was not created either");

            NlMsg unknownSubsystem = NlMsg.builder(Nfnetlink.NFNL_MSG_BATCH_BEGIN, 0).raw(new byte[] {0, 0, 0, 99}).build();
            SysException refused = assertThrows(SysException.class, () -> socket.batch(List.of(unknownSubsystem, table, end), "test"));
            assertEquals("netlink batch", refused.call(), refused.getMessage());
            assertEquals(Errno.EINVAL, refused.errno());

            assertEquals(List.of(), socket.batch(List.of(begin, table, end), "test"));
            assertEquals("t", withoutMetainfo(ruleset(ns)).getFirst().get("table").get("name").asText());
        }
    }

    @Test
    void publishedPortReachesTheServerBehindTheRouterUntilRemoved() {
        try (RoutedNamespaces net = new RoutedNamespaces("10.201");
                IpForwarding.Restore forwarding = IpForwarding.enable(net.router.file);
                Nftables nft = Nftables.open(net.router.file)) {
            net.serve(net.right, "right", 80);
            assertEquals("refused", RoutedNamespaces.connect(net.left.file, "10.201.1.1", 8080), "nothing listens on the router");
            nft.ensureTable();
            Nftables.Dnat d = nft.addDnat(null, 8080, TCP, ip("10.201.2.2"), 80);

            assertEquals("right saw 10.201.1.2", RoutedNamespaces.connect(net.left.file, "10.201.1.1", 8080),
                    "prerouting DNAT: the server sees the client's own address");
            assertEquals("right saw 10.201.1.1", RoutedNamespaces.connect(net.router.file, "10.201.1.1", 8080),
                    "output DNAT: a connection the router opens itself (its source was chosen for the original address)");
            assertEquals("refused", RoutedNamespaces.connect(net.left.file, "10.201.1.1", 8081), "only the published port");

            nft.removeDnat(d);
            assertEquals("refused", RoutedNamespaces.connect(net.left.file, "10.201.1.1", 8080));
        }
    }

    @Test
    void masqueradeHidesTheBridgeSubnetBehindTheRoutersAddress() {
        try (RoutedNamespaces net = new RoutedNamespaces("10.202");
                IpForwarding.Restore forwarding = IpForwarding.enable(net.router.file);
                Nftables nft = Nftables.open(net.router.file)) {
            net.serve(net.right, "right", 80);
            nft.ensureTable(true);
            assertEquals("timeout", RoutedNamespaces.connect(net.left.file, "10.202.2.2", 80, 1000),
                    "forward policy drop: the SYN is dropped without an answer");
            nft.acceptForwarding("r-left");
            assertEquals("right saw 10.202.1.2", RoutedNamespaces.connect(net.left.file, "10.202.2.2", 80), "routed as it is");
            nft.addMasquerade(Subnet.parse("10.202.1.0/24"), "r-left");
            assertEquals("right saw 10.202.2.1", RoutedNamespaces.connect(net.left.file, "10.202.2.2", 80),
                    "masqueraded: the source is the router's address on the way out");
            nft.removeMasquerade(Subnet.parse("10.202.1.0/24"));
            assertEquals("right saw 10.202.1.2", RoutedNamespaces.connect(net.left.file, "10.202.2.2", 80));
        }
    }

    private static Inet4Address ip(String s) {
        return Subnet.parseIpv4(s, s);
    }

    private static JsonNode ruleset(TestNetns ns) {
        return TestNetns.parse(TestNetns.run("ip", "netns", "exec", ns.name, "nft", "-j", "list", "ruleset")).get("nftables");
    }

    private static List<JsonNode> withoutMetainfo(JsonNode nftables) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : nftables) if (!n.has("metainfo")) out.add(n);
        return out;
    }

    private static JsonNode withoutHandles(JsonNode nftables) {
        ArrayNode out = TestNetns.JSON.createArrayNode();
        for (JsonNode n : withoutMetainfo(nftables)) {
            JsonNode copy = n.deepCopy();
            copy.forEach(inner -> {
                if (inner instanceof ObjectNode o) o.remove("handle");
            });
            out.add(copy);
        }
        return out;
    }

    /** The entries (table, chains, rules) of one table. */
    private static JsonNode ofTable(JsonNode nftables, String table) {
        ArrayNode out = TestNetns.JSON.createArrayNode();
        for (JsonNode n : nftables) {
            JsonNode inner = n.elements().next();
            if (table.equals(inner.has("table") ? inner.get("table").asText() : inner.path("name").asText())) out.add(n);
        }
        return out;
    }

    private static JsonNode chain(JsonNode nftables, String name) {
        for (JsonNode n : nftables) if (n.has("chain") && n.get("chain").get("name").asText().equals(name)) return n.get("chain");
        throw new AssertionError("no chain " + name + " in " + nftables);
    }

    private static long handleOf(JsonNode nftables, String chain, String comment) {
        for (JsonNode n : nftables) {
            JsonNode r = n.get("rule");
            if (r != null && r.get("chain").asText().equals(chain) && comment.equals(r.path("comment").asText())) {
                return r.get("handle").asLong();
            }
        }
        throw new AssertionError("no rule \"" + comment + "\" in chain " + chain);
    }
}
