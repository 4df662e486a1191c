package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.testing.RootOnly;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Policy routing rules and bridge isolation, in namespaces the test creates; {@code ip -j rule} is the reference. */
@RootOnly
class FibRulesTest {
    private static final Subnet A = Subnet.parse("10.210.1.0/24"), B = Subnet.parse("10.210.2.0/24"),
            C = Subnet.parse("172.30.16.0/20");

    @AfterAll
    static void nothingLeftBehind() {
        if (dev.glassbox.sys.Syscalls.linux().geteuid() == 0) TestNetns.assertNothingLeftBehind();
    }

    @Test
    void isolationRulesAgreeWithIpRuleAndWithTheirShellEquivalent() {
        try (TestNetns ours = TestNetns.create(); TestNetns typed = TestNetns.create();
                FibRules rules = FibRules.open(ours.file)) {
            List<FibRule> added = rules.isolate(A, List.of(B, C));
            assertEquals(4, added.size());
            for (String line : FibRules.isolateShellEquivalent(A, List.of(B, C))) {
                List<String> cmd = new ArrayList<>(List.of("ip", "-n", typed.name));
                cmd.addAll(List.of(line.substring("ip ".length()).split(" ")));
                TestNetns.run(cmd.toArray(String[]::new));
            }
            JsonNode ip = ours.ipJson("rule");
            assertEquals(typed.ipJson("rule"), ip, "netlink made what the shell equivalent makes");
            assertEquals(asIpShowsThem(ip), asWeReadThem(rules.list()));
            assertTrue(ip.toString().contains("{\"priority\":30000,\"src\":\"10.210.1.0\",\"srclen\":24,"
                    + "\"dst\":\"172.30.16.0\",\"dstlen\":20,\"action\":\"prohibit\"}"), ip.toString());
            assertEquals(Set.copyOf(added), Set.copyOf(rules.glassboxRules()));
        }
    }

    @Test
    void isolateIsIdempotentAndUnisolateRemovesOnlyThatNetworksRules() {
        try (TestNetns ns = TestNetns.create(); FibRules rules = FibRules.open(ns.file)) {
            TestNetns.run("ip", "-n", ns.name, "rule", "add", "from", A.toString(), "priority", "100", "prohibit");
            assertEquals(2, rules.isolate(A, List.of(B)).size());
            assertEquals(List.of(), rules.isolate(A, List.of(B)), "a second isolate adds nothing");
            assertEquals(4, rules.isolate(C, List.of(A, B)).size());
            assertFalse(rules.add(FibRule.prohibit(FibRules.ISOLATION_PRIORITY, A, B)));

            assertEquals(4, rules.unisolate(A).size());
            assertEquals(Set.of(FibRule.prohibit(30000, C, B), FibRule.prohibit(30000, B, C)), Set.copyOf(rules.glassboxRules()));
            assertEquals(List.of(), rules.unisolate(A));
            assertTrue(rules.list().contains(FibRule.prohibit(100, A, null)), "a rule that is not Glassbox's stays");
            assertFalse(rules.delete(FibRule.prohibit(30000, A, B)));
            assertEquals(2, rules.unisolate(B).size());
            assertEquals(List.of(), rules.glassboxRules());
            assertEquals(asIpShowsThem(ns.ipJson("rule")), asWeReadThem(rules.list()));
        }
    }

    @Test
    void isolatedNetworksCannotReachEachOtherUntilUnisolated() {
        try (RoutedNamespaces net = new RoutedNamespaces("10.210");
                IpForwarding.Restore forwarding = IpForwarding.enable(net.router.file);
                FibRules rules = FibRules.open(net.router.file)) {
            assertEquals("refused", RoutedNamespaces.connect(net.left.file, "10.210.2.2", 9), "routed: the right side answers RST");
            rules.isolate(A, List.of(B));
            assertEquals("no route", RoutedNamespaces.connect(net.left.file, "10.210.2.2", 9), "ICMP prohibited from the router");
            assertEquals("no route", RoutedNamespaces.connect(net.right.file, "10.210.1.2", 9), "and the other way");
            assertEquals("refused", RoutedNamespaces.connect(net.left.file, "10.210.1.1", 9), "its own gateway is still reachable");
            rules.unisolate(A);
            assertEquals("refused", RoutedNamespaces.connect(net.left.file, "10.210.2.2", 9));
        }
    }

    /** ip -j rule entries as "priority from to action" lines. */
    private static List<String> asIpShowsThem(JsonNode rules) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : rules) {
            String from = r.get("src").asText() + (r.has("srclen") ? "/" + r.get("srclen").asInt() : "");
            String to = r.has("dst") ? r.get("dst").asText() + "/" + r.get("dstlen").asInt() : "";
            String action = r.has("action") ? r.get("action").asText() : "lookup " + r.get("table").asText();
            out.add(r.get("priority").asInt() + " " + from + " " + to + " " + action);
        }
        return out;
    }

    private static List<String> asWeReadThem(List<FibRule> rules) {
        return rules.stream().map(r -> r.priority() + " " + (r.from() == null ? "all" : r.from().toString()) + " "
                + (r.to() == null ? "" : r.to().toString()) + " " + r.actionName()).collect(Collectors.toList());
    }
}
