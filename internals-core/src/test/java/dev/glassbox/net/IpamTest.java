package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpamTest {
    @TempDir Path dir;

    private Ipam ipam(List<Subnet> routes) {
        return new Ipam(dir, () -> routes);
    }

    @Test
    void defaultSubnetIsDockersFirstWhenNothingClashes() {
        Ipam.Pool p = ipam(List.of()).createPool("bridge", null, null);
        assertEquals(Subnet.parse("172.17.0.0/16"), p.subnet());
        assertEquals("172.17.0.1", p.gateway().getHostAddress());
    }

    @Test
    void defaultSubnetAvoidsHostRoutesAndOtherNetworks() {
        Ipam ipam = ipam(List.of(Subnet.parse("172.17.5.0/24"),
                Subnet.parse("172.18.0.0/15")));
        assertEquals(Subnet.parse("172.20.0.0/16"), ipam.createPool("a", null, null).subnet());
        assertEquals(Subnet.parse("172.21.0.0/16"), ipam.createPool("b", null, null).subnet());
        Ipam full = new Ipam(dir.resolve("other"), () -> List.of(Subnet.parse("172.16.0.0/12")));
        assertEquals(Subnet.parse("192.168.0.0/20"), full.createPool("c", null, null).subnet());
    }

    @Test
    void addressesStartAfterTheGatewayAndAreReusedAfterRelease() {
        Ipam ipam = ipam(List.of());
        ipam.createPool("n", Subnet.parse("10.5.0.0/29"), null);
        assertEquals("10.5.0.2", ipam.allocate("n", "c1").getHostAddress());
        assertEquals("10.5.0.3", ipam.allocate("n", "c2").getHostAddress());
        assertEquals("10.5.0.2", ipam.allocate("n", "c1").getHostAddress(), "a container keeps its lease");
        assertTrue(ipam.release("n", "c1"));
        assertFalse(ipam.release("n", "c1"));
        assertEquals("10.5.0.2", ipam.peek("n", "c9").getHostAddress());
        for (int i = 3; i <= 6; i++) ipam.allocate("n", "x" + i);
        // .0 network, .1 gateway, .2-.6 taken, .7 broadcast
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ipam.allocate("n", "y"));
        assertTrue(e.getMessage().contains("no free address"), e.getMessage());
    }

    @Test
    void leasesSurviveAReload() {
        Ipam first = ipam(List.of());
        first.createPool("bridge", null, null);
        Inet4Address a = first.allocate("bridge", "abc");
        Ipam second = new Ipam(dir, () -> { throw new AssertionError("no subnet choice on reload"); });
        assertEquals(a, second.pool("bridge").orElseThrow().leases().get("abc"));
        assertEquals(a, second.allocate("bridge", "abc"));
        assertTrue(Files.exists(dir.resolve("ipam.json")));
        assertFalse(Files.exists(dir.resolve("ipam.json.tmp")));
    }

    @Test
    void concurrentAllocationsGetDistinctAddresses() throws Exception {
        ipam(List.of()).createPool("bridge", Subnet.parse("10.77.0.0/24"), null);
        int n = 40;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Inet4Address>> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "c" + i;
            // a separate Ipam per thread, as separate `run`s would have
            jobs.add(() -> {
                start.await();
                return new Ipam(dir, List::of).allocate("bridge", id);
            });
        }
        Set<Inet4Address> got = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Inet4Address>> futures = new ArrayList<>();
            for (Callable<Inet4Address> j : jobs) futures.add(pool.submit(j));
            start.countDown();
            for (Future<Inet4Address> f : futures) got.add(f.get());
        }
        assertEquals(n, got.size());
        assertEquals(n, ipam(List.of()).pool("bridge").orElseThrow().leases().size());
    }

    @Test
    void overlappingOrMalformedSubnetsAreRefusedWithAReason() {
        Ipam ipam = ipam(List.of());
        ipam.createPool("a", Subnet.parse("10.1.0.0/16"), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ipam.createPool("b", Subnet.parse("10.1.2.0/24"), null));
        assertTrue(e.getMessage().contains("overlaps network a"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.1.2.3/24"));
        assertEquals("invalid subnet 10.1.2.3/24: it should be 10.1.2.0/24", bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ipam.createPool("c", Subnet.parse("10.9.0.0/24"), Subnet.parseIpv4("10.8.0.1", "gw")));
        assertEquals(ipam.pool("a").orElseThrow(), ipam.createPool("a", null, null), "an existing pool is returned");
    }

    @Test
    void aNetworkWithLeasesCannotBeRemoved() {
        Ipam ipam = ipam(List.of());
        ipam.createPool("n", Subnet.parse("10.6.0.0/24"), null);
        ipam.allocate("n", "c1");
        assertThrows(IllegalStateException.class, () -> ipam.removePool("n"));
        ipam.release("n", "c1");
        ipam.removePool("n");
        assertTrue(ipam.pools().isEmpty());
    }

    @Test
    void subnetArithmetic() {
        Subnet s = Subnet.parse("192.168.16.0/20");
        assertEquals(4096, s.size());
        assertEquals("192.168.31.255", s.broadcast().getHostAddress());
        assertTrue(s.contains(Subnet.parseIpv4("192.168.20.7", "x")));
        assertFalse(s.contains(Subnet.parseIpv4("192.168.32.1", "x")));
        assertTrue(s.overlaps(Subnet.parse("192.168.0.0/16")));
        assertFalse(s.overlaps(Subnet.parse("192.168.32.0/20")));
        assertEquals(Subnet.parse("10.0.0.0/8"), Subnet.containing(Subnet.parseIpv4("10.2.3.4", "x"), 8));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("300.1.1.1/8"));
    }
}
