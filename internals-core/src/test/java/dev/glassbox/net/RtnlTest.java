package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import dev.glassbox.testing.RootOnly;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** rtnetlink against the kernel, in namespaces the test creates; {@code ip -j} is the reference. */
@RootOnly
class RtnlTest {
    @AfterAll
    static void nothingLeftBehind() {
        if (dev.glassbox.sys.Syscalls.linux().geteuid() == 0) TestNetns.assertNothingLeftBehind();
    }

    private TestNetns a, b;

    @BeforeEach
    void namespaces() {
        a = TestNetns.create();
        b = TestNetns.create();
    }

    @AfterEach
    void cleanUp() {
        try {
            if (a != null) a.close();
        } finally {
            if (b != null) b.close();
        }
    }

    @Test
    void freshNamespaceHasOnlyLoopbackDownAsIpSeesIt() {
        try (Rtnl r = Rtnl.open(a.file)) {
            List<Link> links = r.links();
            assertEquals(List.of("lo"), links.stream().map(Link::name).toList());
            assertFalse(links.getFirst().up());
            assertLinksAgreeWithIp(a, links);
            assertTrue(r.routes().isEmpty());
        }
    }

    @Test
    void bridgeVethAddressesAndRoutesAgreeWithIpJson() throws Exception {
        try (Rtnl host = Rtnl.open(a.file); Rtnl guest = Rtnl.open(b.file)) {
            Link br = host.createBridge("gbt-br0");
            assertEquals("bridge", br.kind());
            host.addAddress("gbt-br0", InetAddress.getByName("10.99.0.1"), 24);
            host.addAddress("gbt-br0", InetAddress.getByName("fd00:99::1"), 64);
            host.setUp("gbt-br0");
            Link veth = host.createVeth("gbt-v0", "eth0", NsRef.file(b.file), "02:42:0a:63:00:02");
            host.setMaster("gbt-v0", "gbt-br0");
            host.setMtu("gbt-v0", 1400);
            host.setUp("gbt-v0");
            guest.setUp("lo");
            guest.addAddress("eth0", InetAddress.getByName("10.99.0.2"), 24);
            guest.setUp("eth0");
            guest.addDefaultRoute(InetAddress.getByName("10.99.0.1"));
            host.addRoute(InetAddress.getByName("10.123.0.0"), 16, InetAddress.getByName("10.99.0.2"), null);

            Link hostEnd = host.link("gbt-v0").orElseThrow();
            assertEquals(veth.index(), hostEnd.index());
            assertEquals(br.index(), hostEnd.masterIndex());
            assertEquals("bridge", hostEnd.slaveKind());
            assertEquals(1400, hostEnd.mtu());
            assertTrue(hostEnd.linkNetnsId() >= 0, "the peer lives in another namespace");
            assertEquals(hostEnd.linkNetnsId(), host.netnsId(b.file), "IFLA_LINK_NETNSID names the peer's namespace");
            Link eth0 = guest.link("eth0").orElseThrow();
            assertEquals(hostEnd.linkIndex(), eth0.index(), "IFLA_LINK of one end is the ifindex of the other");
            assertEquals(eth0.linkIndex(), hostEnd.index());
            assertEquals(eth0.linkNetnsId(), guest.netnsId(a.file));
            assertEquals("02:42:0a:63:00:02", eth0.mac());
            assertEquals("veth", eth0.kind());

            assertLinksAgreeWithIp(a, host::links);
            assertLinksAgreeWithIp(b, guest::links);
            assertAddressesAgreeWithIp(a, host.addresses());
            assertAddressesAgreeWithIp(b, guest.addresses());
            assertRoutesAgreeWithIp(a, host.routes(), host.links());
            assertRoutesAgreeWithIp(b, guest.routes(), guest.links());
            assertTrue(guest.routes().stream().anyMatch(r -> r.isDefault() && r.gateway() != null
                    && r.gateway().getHostAddress().equals("10.99.0.1")));

            host.deleteRoute(InetAddress.getByName("10.123.0.0"), 16, InetAddress.getByName("10.99.0.2"), null);
            guest.deleteAddress("eth0", InetAddress.getByName("10.99.0.2"), 24);
            assertTrue(guest.addresses().stream().noneMatch(x -> x.local().getHostAddress().equals("10.99.0.2")));
            assertAddressesAgreeWithIp(b, guest.addresses());
            assertRoutesAgreeWithIp(a, host.routes(), host.links());
        }
    }

    @Test
    void failedRequestNamesTheMessageTheLinkAndErrno() {
        try (Rtnl r = Rtnl.open(a.file)) {
            r.createBridge("gbt-dup");
            SysException e = assertThrows(SysException.class, () -> r.createBridge("gbt-dup"));
            assertEquals("RTM_NEWLINK", e.call());
            assertEquals(Errno.EEXIST, e.errno());
            assertTrue(e.getMessage().contains("bridge \"gbt-dup\""), e.getMessage());
            SysException missing = assertThrows(SysException.class, () -> r.setUp("gbt-none"));
            assertEquals(Errno.ENODEV, missing.errno());
            assertTrue(missing.getMessage().contains("gbt-none"), missing.getMessage());
            assertTrue(r.link("gbt-none").isEmpty());
        }
    }

    @Test
    void linksAreRenamedMovedAndDeleted() {
        try (Rtnl host = Rtnl.open(a.file); Rtnl guest = Rtnl.open(b.file)) {
            host.createVeth("gbt-x", "gbt-y");
            host.rename("gbt-y", "gbt-z");
            assertTrue(host.link("gbt-y").isEmpty());
            host.moveToNetns("gbt-z", NsRef.file(b.file));
            assertTrue(host.link("gbt-z").isEmpty());
            guest.rename("gbt-z", "eth0");
            assertEquals("veth", guest.link("eth0").orElseThrow().kind());
            host.setUp("gbt-x");
            guest.setUp("eth0");
            assertTrue(host.link("gbt-x").orElseThrow().lowerUp(), "carrier is up once both ends are");
            host.setDown("gbt-x");
            assertFalse(host.link("gbt-x").orElseThrow().up());
            host.deleteLink("gbt-x");
            assertTrue(guest.link("eth0").isEmpty(), "deleting one end of a veth deletes its peer");
            assertFalse(host.deleteLinkIfExists("gbt-x"));
        }
    }

    @Test
    void vethPeerIsPlacedByPid() throws Exception {
        int pid = b.startSleeper();
        try (Rtnl host = Rtnl.open(a.file); Rtnl guest = Rtnl.open(NetNs.ofPid(pid))) {
            host.createVeth("gbt-p", "eth1", NsRef.pid(pid), null);
            assertTrue(guest.link("eth1").isPresent());
            assertTrue(b.ipJson("link").findValuesAsText("ifname").contains("eth1"));
        }
    }

    // ---- comparisons with ip -j ----

    /**
     * Our dump and ip's agree. A new bridge's operstate moves (UNKNOWN, then UP) while its ports
     * come up: both are read again, for up to 2 s, until they agree on a settled state.
     */
    static void assertLinksAgreeWithIp(TestNetns ns, java.util.function.Supplier<List<Link>> dump) {
        long end = System.nanoTime() + 2_000_000_000L;
        while (true) {
            try {
                assertLinksAgreeWithIp(ns, dump.get());
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) throw e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static void assertLinksAgreeWithIp(TestNetns ns, List<Link> ours) {
        JsonNode ip = ns.ipJson("-d", "link");
        Map<Integer, Link> byIndex = ours.stream().collect(Collectors.toMap(Link::index, l -> l));
        Map<Integer, String> names = ours.stream().collect(Collectors.toMap(Link::index, Link::name));
        assertEquals(ip.size(), ours.size(), "number of links: " + ip);
        for (JsonNode j : ip) {
            Link l = byIndex.get(j.get("ifindex").asInt());
            assertEquals(j.get("ifname").asText(), l.name());
            assertEquals(j.get("mtu").asInt(), l.mtu(), l.name());
            assertEquals(j.get("operstate").asText(), l.operState(), l.name());
            if (j.has("address")) assertEquals(j.get("address").asText(), l.mac(), l.name());
            Set<String> ipFlags = new HashSet<>();
            j.get("flags").forEach(f -> ipFlags.add(f.asText()));
            assertEquals(ipFlags, new HashSet<>(l.flagNames()), l.name());
            assertEquals(j.has("master") ? j.get("master").asText() : null,
                    l.masterIndex() == 0 ? null : names.get(l.masterIndex()), l.name());
            JsonNode kind = j.path("linkinfo").path("info_kind");
            assertEquals(kind.isMissingNode() ? null : kind.asText(), l.kind(), l.name());
            if (j.has("link_netnsid")) assertEquals(j.get("link_netnsid").asInt(), l.linkNetnsId(), l.name());
            else assertEquals(-1, l.linkNetnsId(), l.name());
            if (j.has("link_index")) assertEquals(j.get("link_index").asInt(), l.linkIndex(), l.name());
            if (j.hasNonNull("link")) assertEquals(j.get("link").asText(), names.get(l.linkIndex()), l.name());
        }
    }

    static void assertAddressesAgreeWithIp(TestNetns ns, List<Address> ours) {
        Set<String> ip = new TreeSet<>();
        for (JsonNode iface : ns.ipJson("addr")) {
            for (JsonNode ai : iface.path("addr_info")) {
                ip.add(iface.get("ifindex").asInt() + " " + ai.get("local").asText() + "/" + ai.get("prefixlen").asInt());
            }
        }
        Set<String> mine = ours.stream()
                .map(x -> x.index() + " " + x.cidr())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ip, mine);
    }

    static void assertRoutesAgreeWithIp(TestNetns ns, List<Route> ours, List<Link> links) {
        Map<Integer, String> names = new HashMap<>();
        links.forEach(l -> names.put(l.index(), l.name()));
        Set<String> ip = new TreeSet<>();
        for (String family : List.of("-4", "-6")) {
            for (JsonNode r : ns.ipJson(family, "route")) {
                ip.add(r.get("dst").asText() + " via " + r.path("gateway").asText("-") + " dev " + r.path("dev").asText("-"));
            }
        }
        Set<String> mine = new TreeSet<>();
        for (Route r : ours) {
            mine.add(r.destination() + " via " + (r.gateway() == null ? "-" : IpText.format(r.gateway()))
                    + " dev " + (r.oif() == 0 ? "-" : names.get(r.oif())));
        }
        assertEquals(ip, mine);
    }
}
