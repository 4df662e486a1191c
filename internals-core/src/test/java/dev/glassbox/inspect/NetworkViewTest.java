package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.inspect.render.JsonRenderer;
import dev.glassbox.inspect.render.TableRenderer;
import dev.glassbox.testing.RootOnly;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three namespaces the test makes with {@code ip netns}: "c" (the container: two veths, a
 * listening HTTP server, a default route), "p" (the far end of one veth) and "b" (a bridge
 * with the far end of the other veth as its port). The view must say what {@code ip -j} says.
 */
@RootOnly
class NetworkViewTest {
    TestNamespaces netns;
    String c, p, b;
    int server, inP, inB;

    @BeforeEach
    void wire() throws Exception {
        netns = new TestNamespaces();
        try {
            c = netns.add("c");
            p = netns.add("p");
            b = netns.add("b");
            netns.ip(c, "link", "add", "gbA0", "type", "veth", "peer", "name", "gbB0", "netns", p);
            netns.ip(b, "link", "add", "gbbr0", "type", "bridge");
            netns.ip(c, "link", "add", "gbA1", "type", "veth", "peer", "name", "gbC0", "netns", b);
            netns.ip(b, "link", "set", "gbC0", "master", "gbbr0");
            netns.ip(c, "addr", "add", "10.231.1.1/24", "dev", "gbA0");
            netns.ip(p, "addr", "add", "10.231.1.2/24", "dev", "gbB0");
            netns.ip(c, "addr", "add", "10.231.2.2/24", "dev", "gbA1");
            netns.ip(b, "addr", "add", "10.231.2.1/24", "dev", "gbbr0");
            for (String[] up : new String[][] {{c, "lo"}, {c, "gbA0"}, {c, "gbA1"}, {p, "gbB0"}, {b, "gbbr0"}, {b, "gbC0"}}) {
                netns.ip(up[0], "link", "set", up[1], "up");
            }
            netns.ip(c, "route", "add", "default", "via", "10.231.2.1");
            server = netns.start(c, "busybox", "httpd", "-f", "-p", "127.0.0.1:7777", "-h", "/");
            inP = netns.start(p, "sleep", "600");
            inB = netns.start(b, "sleep", "600");
        } catch (Throwable t) {
            netns.close();
            throw t;
        }
    }

    @AfterEach
    void unwire() {
        netns.close();
    }

    private NetworkView view(int pid) {
        return NetworkView.read(pid, ProcessTable.scan(ProcFs.live()));
    }

    @Test
    void interfacesAndAddressesEqualIpAddr() {
        NetworkView v = view(server);
        assertFalse(v.host());
        List<Map<String, Object>> ours = new ArrayList<>(), theirs = new ArrayList<>();
        for (NetworkView.Interface i : v.interfaces()) {
            ours.add(link(i.index(), i.name(), i.mac(), i.mtu(), i.state(), i.flags(), i.master(),
                    i.addresses().stream().map(a -> a.family() + " " + a.cidr() + " " + a.scope()).toList()));
        }
        for (JsonNode l : netns.ipJson(c, "addr")) {
            List<String> flags = new ArrayList<>();
            l.get("flags").forEach(f -> flags.add(f.asText()));
            List<String> addrs = new ArrayList<>();
            l.get("addr_info").forEach(a -> addrs.add(a.get("family").asText() + " " + a.get("local").asText() + "/"
                    + a.get("prefixlen").asInt() + " " + a.get("scope").asText()));
            theirs.add(link(l.get("ifindex").asInt(), l.get("ifname").asText(), l.path("address").asText(null),
                    l.get("mtu").asInt(), l.get("operstate").asText(), flags, l.path("master").asText(null), addrs));
        }
        assertEquals(theirs, ours);
    }

    private static Map<String, Object> link(int index, String name, String mac, int mtu, String state, List<String> flags,
                                            String master, List<String> addresses) {
        Map<String, Object> m = new TreeMap<>();
        m.put("index", index);
        m.put("name", name);
        m.put("mac", mac);
        m.put("mtu", mtu);
        m.put("state", state);
        m.put("flags", flags);
        m.put("master", String.valueOf(master));
        m.put("addresses", addresses.stream().sorted().toList());
        return m;
    }

    @Test
    void linkKindsEqualIpDetailedLink() {
        NetworkView v = view(inB);
        for (JsonNode l : netns.ipJson(b, "-d", "link")) {
            String kind = l.path("linkinfo").path("info_kind").asText(null);
            assertEquals(kind, v.interfaceNamed(l.get("ifname").asText()).orElseThrow().kind(), l.get("ifname").asText());
        }
    }

    @Test
    void vethPeersAreFoundInTheOtherNamespaces() throws Exception {
        NetworkView v = view(server);
        NetworkView.Peer toP = v.interfaceNamed("gbA0").orElseThrow().peer();
        assertEquals("gbB0", toP.name());
        assertEquals(netns.inode(p), toP.netns());
        assertEquals(inP, toP.pid());
        NetworkView.Peer toB = v.interfaceNamed("gbA1").orElseThrow().peer();
        assertEquals("gbC0", toB.name());
        assertEquals(netns.inode(b), toB.netns());
        for (JsonNode l : netns.ipJson(c, "link")) {
            if (!l.has("link_netnsid")) continue;
            NetworkView.Peer peer = v.interfaceNamed(l.get("ifname").asText()).orElseThrow().peer();
            assertEquals(l.get("link_index").asInt(), peer.index(), "ifindex of the peer, as ip shows it");
            assertEquals(l.get("link_netnsid").asInt(), peer.nsid());
        }
        NetworkView fromP = view(inP);
        assertEquals("gbA0", fromP.interfaceNamed("gbB0").orElseThrow().peer().name());
        assertEquals(netns.inode(c), fromP.interfaceNamed("gbB0").orElseThrow().peer().netns());
    }

    @Test
    void theBridgeInTheThirdNamespaceListsItsPort() throws Exception {
        NetworkView v = view(inB);
        assertEquals(1, v.bridges().size());
        assertEquals("gbbr0", v.bridges().getFirst().name());
        assertEquals(List.of("gbC0"), v.bridges().getFirst().ports());
        NetworkView.Interface port = v.interfaceNamed("gbC0").orElseThrow();
        assertEquals("gbbr0", port.master());
        assertEquals("gbA1", port.peer().name());
        assertEquals(netns.inode(c), port.peer().netns());
    }

    @Test
    void routesEqualIpRoute() {
        NetworkView v = view(server);
        List<String> ours = v.routes().stream().filter(r -> r.family().equals("inet"))
                .map(r -> r.destination() + " " + r.gateway() + " " + r.dev() + " " + r.protocol() + " " + r.scope() + " " + r.source())
                .toList();
        List<String> theirs = new ArrayList<>();
        for (JsonNode r : netns.ipJson(c, "route")) {
            // ip leaves out what is the default: protocol boot, scope global
            theirs.add(r.get("dst").asText() + " " + r.path("gateway").asText(null) + " " + r.get("dev").asText() + " "
                    + r.path("protocol").asText("boot") + " " + r.path("scope").asText("global") + " "
                    + r.path("prefsrc").asText(null));
        }
        assertEquals(theirs, ours);
    }

    @Test
    void aListeningSocketInTheNamespaceAppearsWithItsProcess() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Listeners.Listener found = null;
        while (found == null && System.nanoTime() < deadline) {
            found = view(server).listeners().stream().filter(l -> l.port() == 7777).findFirst().orElse(null);
        }
        assertTrue(found != null, "httpd on 127.0.0.1:7777 should be listed");
        assertEquals("tcp", found.protocol());
        assertEquals("127.0.0.1:7777", found.endpoint());
        assertEquals(List.of(server), found.pids());
        // sock_diag (the view) and the text of /proc/PID/net/tcp (the reference) list the same sockets
        assertEquals(Listeners.read(ProcFs.live(), server, List.of(server)), view(server).listeners());
        assertTrue(view(inP).listeners().stream().noneMatch(l -> l.port() == 7777), "another namespace does not see it");
    }

    @Test
    void topologyLinksNamespacesInterfacesVethPairsAndBridgePorts() throws Exception {
        NetworkTopology t = NetworkTopology.read(List.of(server, inP, inB), ProcessTable.scan(ProcFs.live()));
        assertTrue(t.namespaces().stream().anyMatch(NetworkTopology.NamespaceNode::host), "the host is always in it");
        assertEquals(java.util.Set.of(server), t.namespace(netns.inode(c)).orElseThrow().pids());
        NetworkTopology.InterfaceNode a0 = t.interfacesIn(netns.inode(c)).stream().filter(i -> "gbA0".equals(i.name())).findFirst().orElseThrow();
        assertEquals("gbB0", t.peerOf(a0).orElseThrow().name());
        assertEquals(netns.inode(p), t.peerOf(a0).orElseThrow().netns());
        NetworkTopology.InterfaceNode c0 = t.interfacesIn(netns.inode(b)).stream().filter(i -> "gbC0".equals(i.name())).findFirst().orElseThrow();
        assertEquals("gbbr0", t.bridgeOf(c0).orElseThrow().name());
        assertEquals("gbA1", t.peerOf(c0).orElseThrow().name());
        // only the test's own namespaces: other tests on this machine make gb* veths in the host's at the same time
        java.util.Set<Long> ours = java.util.Set.of(netns.inode(c), netns.inode(p), netns.inode(b));
        long vethPairs = t.graph().edgeSet().stream().filter(e -> e.kind() == NetworkTopology.Kind.VETH_PEER)
                .filter(e -> t.graph().getEdgeSource(e) instanceof NetworkTopology.InterfaceNode s && s.name() != null
                        && s.name().startsWith("gb") && ours.contains(s.netns())
                        && t.graph().getEdgeTarget(e) instanceof NetworkTopology.InterfaceNode d && ours.contains(d.netns()))
                .count();
        assertEquals(2, vethPairs, "each pair once");
    }

    @Test
    void tableAndJsonShowInterfacesPeersAndListeners() throws Exception {
        NetworkView v = view(server);
        String table = TableRenderer.net(v);
        assertTrue(table.contains("gbA0"), table);
        assertTrue(table.contains("gbB0 in net:[" + netns.inode(p) + "] (PID " + inP + ")"), table);
        assertTrue(table.contains("default        10.231.2.1"), table);
        JsonNode json = JsonRenderer.mapper().readTree(JsonRenderer.json(v));
        assertEquals(server, json.get("pid").asInt());
        assertTrue(json.get("interfaces").isArray());
    }
}
