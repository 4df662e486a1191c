package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.testing.RootOnly;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bridge networks for real, with a namespace of the test standing in for the host (so the
 * machine's own interfaces are never touched) and two more standing in for containers.
 */
@RootOnly
class BridgeNetworkTest {
    @AfterAll
    static void nothingLeftBehind() {
        if (dev.glassbox.sys.Syscalls.linux().geteuid() == 0) TestNetns.assertNothingLeftBehind();
    }

    @TempDir Path state;
    private TestNetns host, c1, c2;

    @BeforeEach
    void namespaces() {
        host = TestNetns.create();
        c1 = TestNetns.create();
        c2 = TestNetns.create();
    }

    @AfterEach
    void cleanUp() {
        for (TestNetns ns : new TestNetns[] {c2, c1, host}) {
            try {
                if (ns != null) ns.close();
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }
    }

    private BridgeNetwork network(String name, String bridge) {
        Ipam ipam = new Ipam(state, () -> {
            try (Rtnl r = Rtnl.open(host.file)) {
                return Ipam.routeDestinations(r.routes());
            }
        });
        return BridgeNetwork.create(ipam, name, bridge, null, null).inHostNetns(host.file);
    }

    @Test
    void twoContainersOnOneBridgeReachEachOverTcp() throws Exception {
        BridgeNetwork net = network(BridgeNetwork.DEFAULT_NAME, "gbt0");
        net.ensureBridge();
        net.ensureBridge(); // idempotent
        int pid1 = c1.startSleeper();
        Attachment a1 = net.attach("aaaaaaaaaaaa1111", pid1, "eth0");
        Attachment a2 = net.attach("bbbbbbbbbbbb2222", c2.file, "eth0");

        assertEquals("172.17.0.2", a1.ip().getHostAddress());
        assertEquals("172.17.0.3", a2.ip().getHostAddress());
        assertEquals("gbaaaaaaaaa", a1.hostVeth());
        assertEquals("02:42:ac:11:00:02", a1.mac());
        assertEquals("172.17.0.1", a1.gateway().getHostAddress());

        // what ip sees agrees: the host end is a port of the bridge, the container end has the address
        JsonNode hostLinks = host.ipJson("link");
        JsonNode veth = find(hostLinks, "gbaaaaaaaaa");
        assertEquals("gbt0", veth.get("master").asText());
        JsonNode addrs = c1.ipJson("addr", "show", "eth0");
        assertEquals("172.17.0.2", addrs.get(0).get("addr_info").get(0).get("local").asText());
        assertEquals(16, addrs.get(0).get("addr_info").get(0).get("prefixlen").asInt());
        JsonNode routes = c1.ipJson("route");
        assertTrue(routes.toString().contains("\"dst\":\"default\",\"gateway\":\"172.17.0.1\""), routes.toString());
        assertTrue(c1.ipJson("link", "show", "lo").get(0).get("flags").toString().contains("UP"));
        try (Rtnl r = Rtnl.open(c1.file)) {
            RtnlTest.assertLinksAgreeWithIp(c1, r::links);
        }

        // a server in c2, a client in c1: traffic over veth, bridge, veth
        try (ServerSocket server = NetNs.run(c2.file, () -> new ServerSocket(8080, 5, a2.ip()))) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write(("hello " + s.getInetAddress().getHostAddress() + "\n").getBytes());
                } catch (Exception ignored) {
                    // the test fails on the client side
                }
            });
            String reply = NetNs.run(c1.file, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a2.ip(), 8080), 5000);
                    s.setSoTimeout(5000);
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
            });
            assertEquals("hello 172.17.0.2\n", reply);
        }

        net.detach("aaaaaaaaaaaa1111");
        net.detach("bbbbbbbbbbbb2222");
        net.detach("bbbbbbbbbbbb2222"); // twice is harmless
        try (Rtnl h = Rtnl.open(host.file); Rtnl g = Rtnl.open(c1.file)) {
            assertTrue(h.link("gbaaaaaaaaa").isEmpty());
            assertTrue(g.link("eth0").isEmpty(), "the peer went with the host end");
        }
        net.remove();
        try (Rtnl h = Rtnl.open(host.file)) {
            assertEquals(List.of("lo"), h.links().stream().map(Link::name).toList());
        }
    }

    @Test
    void aNetworkWithContainersCannotBeRemovedAndAFailedAttachLeavesNothing() {
        BridgeNetwork net = network("front", "gbt1");
        net.ensureBridge();
        Attachment a = net.attach("cccccccccccc", c1.file, "eth0");
        assertEquals("gbccccccccc-" + a.hostVeth().substring(12), a.hostVeth());
        assertThrows(IllegalStateException.class, net::remove);

        // eth0 is taken in c1 now: a second attach of another container there fails, and cleans up
        RuntimeException e = assertThrows(RuntimeException.class, () -> net.attach("dddddddddddd", c1.file, "eth0"));
        assertTrue(e.getMessage().contains("eth0"), e.getMessage());
        try (Rtnl h = Rtnl.open(host.file)) {
            assertTrue(h.link(net.hostVethName("dddddddddddd")).isEmpty());
        }
        assertFalse(new Ipam(state, List::of).pool("front").orElseThrow().leases().containsKey("dddddddddddd"));

        // the engine restarts and finds container cccc gone: its veth and lease go too
        assertEquals(List.of("cccccccccccc"), net.prune(id -> false));
        try (Rtnl h = Rtnl.open(host.file)) {
            assertTrue(h.link(a.hostVeth()).isEmpty());
        }
        net.remove();
    }

    @Test
    void loopbackOnlyNamespaceHasLoUp() {
        NetNs.bringUpLoopback(c1.file);
        try (Rtnl r = Rtnl.open(c1.file)) {
            assertEquals(List.of("lo"), r.links().stream().map(Link::name).toList());
            assertTrue(r.link("lo").orElseThrow().up());
            assertTrue(r.addresses().stream().anyMatch(x -> x.cidr().equals("127.0.0.1/8")));
        }
    }

    @Test
    void shellEquivalentsAreTheIpCommandsAStudentWouldType() {
        BridgeNetwork net = network(BridgeNetwork.DEFAULT_NAME, "glassbox0");
        assertEquals(List.of("ip link add glassbox0 type bridge", "ip addr add 172.17.0.1/16 dev glassbox0",
                "ip link set glassbox0 up"), net.ensureBridgeShellEquivalent());
        List<String> attach = net.attachShellEquivalent("0123456789abcdef", 4242, "eth0");
        assertEquals("ip link add gb012345678 type veth peer name eth0 netns 4242 address 02:42:ac:11:00:02", attach.get(0));
        assertEquals("nsenter -t 4242 -n ip route add default via 172.17.0.1", attach.getLast());
        assertEquals(List.of("ip link del gb012345678"), net.detachShellEquivalent("0123456789abcdef"));
        assertEquals(List.of("ip link del glassbox0"), net.removeShellEquivalent());
    }

    private static JsonNode find(JsonNode links, String name) {
        for (JsonNode l : links) if (l.get("ifname").asText().equals(name)) return l;
        throw new AssertionError(name + " not in " + links);
    }
}
