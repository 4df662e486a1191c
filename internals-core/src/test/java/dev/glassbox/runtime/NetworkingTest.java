package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glassbox.image.ImageConfig;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.net.Address;
import dev.glassbox.net.BridgeNetwork;
import dev.glassbox.net.FibRule;
import dev.glassbox.net.FibRules;
import dev.glassbox.net.Link;
import dev.glassbox.net.NetNs;
import dev.glassbox.net.Nftables;
import dev.glassbox.net.PortSpec;
import dev.glassbox.net.Rtnl;
import dev.glassbox.net.Subnet;
import dev.glassbox.net.TestNetns;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Docker's networking on Glassbox containers, as root. Traffic goes only to loopback and to
 * the test's own containers; the bridges the test makes are deleted at the end. The engine's
 * host NAT (nftables table, policy-routing rules, forwarding) is enabled only in a network
 * namespace a test creates, never on the host's own firewall.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkingTest {
    private final Syscalls sys = Syscalls.linux();
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "gbtn" + tag;
    private final String front = "gbt-front-" + tag, back = "gbt-back-" + tag;
    private final String exposing = "gbt-exposing-" + tag + ":latest";
    private Path root;
    private ContainerRuntime runtime;
    private boolean udpEcho;

    @BeforeAll
    void setUp() throws Exception {
        root = Files.createTempDirectory("glassbox-net-test");
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.writeString(rootfs.resolve("www/index.html"), "hello from web\n");
        udpEcho = buildUdpEcho(rootfs.resolve("bin/udpecho"));
        Path tar = root.resolve("rootfs.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());
        ImageStore images = new ImageStore(root.resolve("lib"));
        images.importRootfs(tar, "busybox:latest", Progress.NONE);
        // an image that EXPOSEs its server's port, for -P
        try (var in = Files.newInputStream(tar)) {
            images.importRootfs(in, "rootfs.tar", exposing, new ImageConfig(List.of(), List.of("httpd", "-f", "-p", "8080", "-h", "/www"),
                    List.of(), "", "", Set.of("8080/tcp"), Map.of()), Progress.NONE);
        }
        runtime = new ContainerRuntime(sys, root.resolve("lib"), root.resolve("run"), images, "glassbox-test-" + tag, bridge);
        runtime.networks().create(front, null, null);
        runtime.networks().create(back, null, null);
    }

    @AfterEach
    void removeContainers() {
        for (ContainerInfo c : runtime.list(true)) runtime.remove(c.id(), true);
    }

    @AfterAll
    void tearDown() throws IOException {
        try {
            for (String n : List.of(front, back)) {
                if (runtime.networks().exists(n)) runtime.networks().remove(n);
            }
        } finally {
            runtime.close();
            try (Rtnl rtnl = Rtnl.open()) {
                rtnl.deleteLinkIfExists(bridge);
            }
            BusyboxRootfs.delete(root);
        }
    }

    private ContainerInfo start(String name, String network, String... cmd) {
        ContainerInfo c = runtime.create(ContainerConfig.builder("busybox").name(name).networkMode(network).cmd(List.of(cmd)).build());
        runtime.start(c.id());
        return runtime.inspect(c.id());
    }

    private ContainerInfo web(String name, String network, List<String> ports) {
        ContainerInfo c = runtime.create(ContainerConfig.builder("busybox").name(name).networkMode(network).ports(ports)
                .cmd(List.of("httpd", "-f", "-p", "8080", "-h", "/www")).build());
        runtime.start(c.id());
        return runtime.inspect(c.id());
    }

    private int runToEnd(String name, String network, String... cmd) throws InterruptedException {
        ContainerInfo c = start(name, network, cmd);
        return runtime.await(c.id());
    }

    private String log(String name) throws IOException {
        return Files.readString(runtime.logFile(name));
    }

    private String ipOf(String name) {
        String id = runtime.resolve(name);
        String network = runtime.networks().networksOf(id).getFirst();
        return runtime.networks().pool(network).orElseThrow().leases().get(id).getHostAddress();
    }

    @Test
    void containersOnAUserNetworkReachEachOtherByNameAndOthersCannot() throws Exception {
        web("web" + tag, front, List.of());
        assertEquals(0, runToEnd("pinger" + tag, front, "ping", "-c", "1", "-W", "3", "web" + tag), () -> logQuiet("pinger" + tag));
        runToEnd("client" + tag, front, "sh", "-c", get("web" + tag));
        assertTrue(log("client" + tag).contains("hello from web"), () -> logQuiet("client" + tag));

        // another network: neither the name nor the address gets through
        runToEnd("byname" + tag, back, "sh", "-c", get("web" + tag));
        assertFalse(log("byname" + tag).contains("hello from web"));
        // by address: the engine's isolation rules are host policy routing, which this test engine never
        // touches (FibRulesTest checks them between test namespaces); so the host must not route between
        // bridges itself, which holds while it does not forward (another engine or dockerd may turn it on)
        if (!dev.glassbox.net.IpForwarding.isEnabled()) {
            assertNotEquals(0, runToEnd("byip" + tag, back, "sh", "-c", get(ipOf("web" + tag))));
            assertFalse(log("byip" + tag).contains("hello from web"));
        }
    }

    @Test
    void theDefaultBridgeReachesByAddressButHasNoNames() throws Exception {
        web("dweb" + tag, "bridge", List.of());
        runToEnd("dip" + tag, "bridge", "sh", "-c", get(ipOf("dweb" + tag)));
        assertTrue(log("dip" + tag).contains("hello from web"), () -> logQuiet("dip" + tag));
        assertNotEquals(0, runToEnd("dname" + tag, "bridge", "ping", "-c", "1", "-W", "1", "dweb" + tag));
    }

    @Test
    void aPublishedPortAnswersOnLoopback() throws Exception {
        ContainerInfo web = web("pweb" + tag, "bridge", List.of("127.0.0.1::8080"));
        PortMapping port = runtime.ports(web.id()).getFirst();
        assertEquals(8080, port.containerPort());
        assertEquals("hello from web\n", httpGet(port.hostPort()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.hostPort() + "/")).timeout(Duration.ofSeconds(5)).build();
        runtime.remove(web.id(), true);
        assertThrows(IOException.class, () -> http.send(get, HttpResponse.BodyHandlers.ofString()), "the proxy is gone with the container");
    }

    @Test
    void aPublishedUdpPortAnswersOnLoopback() throws Exception {
        assumeTrue(udpEcho, "no gcc with a static libc to build the test's UDP echo server (busybox nc has no -u here)");
        ContainerInfo c = runtime.create(ContainerConfig.builder("busybox").name("udp" + tag).networkMode("bridge")
                .ports(List.of("127.0.0.1::5353/udp")).cmd(List.of("/bin/udpecho", "5353")).build());
        runtime.start(c.id());
        PortMapping port = runtime.ports(c.id()).getFirst();
        assertEquals("udp", port.protocol());
        assertEquals(5353, port.containerPort());
        byte[] msg = ("hello " + tag).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String reply = null;
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.setSoTimeout(200);
            Instant end = Instant.now().plusSeconds(10);
            while (reply == null) { // the server may not be bound yet: a datagram is lost, send again
                socket.send(new java.net.DatagramPacket(msg, msg.length, InetAddress.ofLiteral("127.0.0.1"), port.hostPort()));
                java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[1500], 1500);
                try {
                    socket.receive(in);
                    reply = new String(in.getData(), 0, in.getLength(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.net.SocketTimeoutException e) {
                    if (Instant.now().isAfter(end)) throw e;
                }
            }
        }
        assertEquals("echo hello " + tag, reply, "the datagram reached the container and its reply came back through the proxy");
    }

    /** A static UDP echo server for the image (busybox has no UDP server); false when it cannot be built. */
    private static boolean buildUdpEcho(Path target) throws Exception {
        Path src = Files.createTempFile("glassbox-udpecho", ".c");
        try {
            Files.writeString(src, """
                    #include <netinet/in.h>
                    #include <stdlib.h>
                    #include <string.h>
                    #include <sys/socket.h>
                    int main(int argc, char **argv) {
                        int s = socket(AF_INET, SOCK_DGRAM, 0);
                        struct sockaddr_in a = {0};
                        a.sin_family = AF_INET;
                        a.sin_port = htons(atoi(argv[1]));
                        if (s < 0 || bind(s, (struct sockaddr *) &a, sizeof a) < 0) return 1;
                        char buf[1500];
                        memcpy(buf, "echo ", 5);
                        for (;;) {
                            struct sockaddr_in from;
                            socklen_t len = sizeof from;
                            ssize_t n = recvfrom(s, buf + 5, sizeof buf - 5, 0, (struct sockaddr *) &from, &len);
                            if (n < 0) return 1;
                            sendto(s, buf, n + 5, 0, (struct sockaddr *) &from, len);
                        }
                    }
                    """);
            Process gcc = new ProcessBuilder("gcc", "-static", "-O", "-o", target.toString(), src.toString()).redirectErrorStream(true).start();
            gcc.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return gcc.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } finally {
            Files.deleteIfExists(src);
        }
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        assertEquals(0, runToEnd("none" + tag, "none", "sh", "-c", "ls /sys/class/net"));
        assertEquals("lo", log("none" + tag).trim());
    }

    @Test
    void networkRmIsRefusedWhileContainersAreAttached() {
        start("attached" + tag, back, "sleep", "30");
        ContainerException e = assertThrows(ContainerException.class, () -> runtime.networks().remove(back));
        assertEquals(409, e.status());
    }

    @Test
    void fiftyContainersStartedAndRemovedLeaveNothingBehind() throws Exception {
        Set<String> mountsBefore = mounts();
        List<FibRule> hostRulesBefore = hostRules();
        Set<String> veths = new HashSet<>();
        Set<Integer> published = new HashSet<>();
        try (TestNetns ns = TestNetns.create()) {
            runtime.enableHostNat(ns.file);
            try (Nftables nft = Nftables.open(ns.file)) {
                for (int i = 0; i < 50; i++) {
                    String network = i % 2 == 0 ? "bridge" : front;
                    String name = "many" + i + "-" + tag;
                    if (i % 4 == 1) {
                        // on the user network, with a port published on every address (proxy and DNAT) and a UDP one on loopback (proxy)
                        ContainerInfo c = runtime.create(ContainerConfig.builder("busybox").name(name).networkMode(network)
                                .ports(List.of("8080", "127.0.0.1::9090/udp")).cmd(List.of("sleep", "60")).build());
                        runtime.start(c.id());
                        veths.add(runtime.networks().get(network).hostVethName(c.id()));
                        List<PortMapping> ports = runtime.ports(c.id());
                        assertEquals(2, ports.size(), ports::toString);
                        ports.forEach(p -> published.add(p.hostPort()));
                        if (i == 1) {
                            assertEquals(2, comments(nft, "glassbox dnat").size(), "the TCP port's DNAT in prerouting and output");
                            assertTrue(ownBoundPorts().containsAll(ports.stream().map(PortMapping::hostPort).toList()), "the proxies listen");
                        }
                        runtime.remove(c.id(), true);
                    } else {
                        ContainerInfo c = start(name, network, "true");
                        veths.add(runtime.networks().get(network).hostVethName(c.id()));
                        runtime.await(c.id());
                        runtime.remove(c.id(), false);
                    }
                }
                assertEquals(List.of(), comments(nft, "glassbox dnat"), "no DNAT rule of a removed container");
                try (FibRules rules = FibRules.open(ns.file)) {
                    Set<Subnet> networks = new HashSet<>(runtime.networks().ipam().pools().stream().map(p -> p.subnet()).toList());
                    for (FibRule r : rules.glassboxRules()) {
                        assertTrue(networks.contains(r.from()) && networks.contains(r.to()), "only isolation between networks, none of a container: " + r);
                    }
                }
            } finally {
                runtime.disableHostNat();
            }
            try (Nftables nft = Nftables.open(ns.file); FibRules rules = FibRules.open(ns.file)) {
                assertFalse(nft.tableExists(), "the engine's shutdown deletes its table");
                assertEquals(List.of(), rules.glassboxRules(), "and its policy-routing rules");
            }
        }
        // other programs may add links meanwhile: look only at ours
        Set<String> left = links();
        left.retainAll(veths);
        assertEquals(Set.of(), left, "host ends of the containers' veth pairs");
        assertEquals(List.of(), portsOf(bridge), "ports of the default bridge");
        assertEquals(List.of(), portsOf(runtime.networks().get(front).bridgeName()), "ports of " + front);
        for (String n : List.of(BridgeNetwork.DEFAULT_NAME, front)) {
            BridgeNetwork net = runtime.networks().get(n);
            try (Rtnl rtnl = Rtnl.open()) {
                List<InetAddress> inSubnet = rtnl.addresses().stream().map(Address::local)
                        .filter(a -> a instanceof Inet4Address && net.subnet().contains(a)).toList();
                assertEquals(List.of(net.gateway()), inSubnet, "on the host, only the gateway's address in " + net.subnet());
            }
        }
        assertEquals(hostRulesBefore, hostRules(), "the host's policy-routing rules are as they were");
        Set<Integer> listening = ownBoundPorts();
        listening.retainAll(published);
        assertEquals(Set.of(), listening, "no proxy listens on a published port any more");
        assertEquals(mountsBefore, mounts());
        assertTrue(runtime.networks().ipam().pools().stream().allMatch(p -> p.leases().isEmpty()), "no lease left");
        assertTrue(runtime.list(true).isEmpty());
    }

    @Test
    void afterACrashTheNextStartKeepsOnlyTheNatOfRunningContainersAndRmRemovesIt() throws Exception {
        Subnet gone = Subnet.parse("10.250.0.0/24"), frontNet = runtime.networks().get(front).subnet();
        try (TestNetns ns = TestNetns.create()) {
            // a container published its port while the engine had NAT; the engine crashed: the container runs on,
            // and the table holds its DNAT, a DNAT of a container that is gone and the masquerade and isolation of a removed network
            ContainerInfo live = web("natlive" + tag, front, List.of("8080"));
            PortMapping pm = runtime.ports(live.id()).getFirst();
            try (Nftables nft = Nftables.open(ns.file); FibRules rules = FibRules.open(ns.file)) {
                nft.ensureTable();
                nft.addMasquerade(gone, "gbr-gone");
                nft.addDnat(null, pm.hostPort(), PortSpec.Protocol.TCP, ipv4(pm.containerIp()), 8080);
                nft.addDnat(null, 40999, PortSpec.Protocol.TCP, ipv4("10.250.0.9"), 80);
                rules.isolate(gone, List.of(frontNet));
            }
            TestNetns.run("ip", "netns", "exec", ns.name, "nft", "add table ip other; add chain ip other c; add rule ip other c counter comment kept");
            // it had turned forwarding on, and recorded that it was off before
            TestNetns.run("ip", "netns", "exec", ns.name, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            Files.writeString(root.resolve("run/ip_forward.before"), "0\n");

            runtime.enableHostNat(ns.file); // what the next start does
            try (Nftables nft = Nftables.open(ns.file); FibRules rules = FibRules.open(ns.file)) {
                String dnat = "glassbox dnat tcp 0.0.0.0:" + pm.hostPort() + " to " + pm.containerIp() + ":8080";
                assertEquals(List.of(dnat, dnat), comments(nft, "glassbox dnat"), "the running container's DNAT, once in prerouting and once in output");
                assertEquals(List.of("glassbox masquerade " + frontNet), comments(nft, "glassbox masquerade"), "only networks in use");
                assertTrue(rules.glassboxRules().stream().noneMatch(r -> gone.equals(r.from()) || gone.equals(r.to())), rules.glassboxRules()::toString);
                assertTrue(TestNetns.run("ip", "netns", "exec", ns.name, "nft", "list", "table", "ip", "other").contains("kept"),
                        "other tables are not touched");

                runtime.remove(live.id(), true);
                assertEquals(List.of(), comments(nft, "glassbox dnat"), "rm removes the DNAT the restarted engine took over");
            } finally {
                runtime.disableHostNat();
            }
            assertFalse(dev.glassbox.net.IpForwarding.isEnabled(ns.file), "shutdown puts back the forwarding found before the crashed engine");
            assertFalse(Files.exists(root.resolve("run/ip_forward.before")));
        }
    }

    @Test
    void aRunningContainerConnectsToASecondNetworkAndDisconnects() throws Exception {
        BridgeNetwork backNet = runtime.networks().get(back);
        try (TestNetns ns = TestNetns.create()) {
            runtime.enableHostNat(ns.file);
            try {
                ContainerInfo c = start("roamer" + tag, front, "sleep", "60");
                runtime.connect(c.id(), back);
                Inet4Address leased = runtime.networks().pool(back).orElseThrow().leases().get(c.id());
                assertNotNull(leased, "a lease on " + back);
                assertTrue(backNet.subnet().contains(leased), leased + " in " + backNet.subnet());
                try (Rtnl inside = Rtnl.open(NetNs.ofPid(c.pid()))) {
                    assertEquals(List.of(leased), inside.addresses(inside.index("eth1")).stream().map(Address::local)
                            .filter(a -> a instanceof Inet4Address).toList(), "eth1 has the leased address");
                }
                try (Nftables nft = Nftables.open(ns.file)) {
                    assertTrue(comments(nft, "glassbox masquerade").contains("glassbox masquerade " + backNet.subnet()),
                            "connect brought the network up with host NAT: its masquerade");
                }
                assertTrue(runtime.networks().upShellEquivalent(backNet).contains(
                        Nftables.addMasqueradeShellEquivalent(backNet.subnet(), backNet.bridgeName()).getFirst()), "and the step shows it as nft");

                start("peer" + tag, back, "sleep", "60");
                assertEquals(0, exec(c, "ping", "-c", "1", "-W", "3", "peer" + tag), "a container of the second network, by name");

                runtime.disconnect(c.id(), back);
                try (Rtnl inside = Rtnl.open(NetNs.ofPid(c.pid()))) {
                    assertTrue(inside.link("eth1").isEmpty(), "eth1 is gone");
                }
                try (Rtnl host = Rtnl.open()) {
                    assertTrue(host.link(backNet.hostVethName(c.id())).isEmpty(), "and its host end");
                }
                assertFalse(runtime.networks().pool(back).orElseThrow().leases().containsKey(c.id()), "the lease is released");
                assertEquals(List.of(front), runtime.networks().networksOf(c.id()));
                assertFalse(Files.readString(root.resolve("lib/containers").resolve(c.id()).resolve("hosts")).contains("peer" + tag),
                        "the peer's name is gone from its /etc/hosts");
                assertNotEquals(0, exec(c, "ping", "-c", "1", "-W", "1", "peer" + tag));
            } finally {
                runtime.disableHostNat();
            }
        }
    }

    @Test
    void networkHostUsesTheHostsNetworkNamespace() throws Exception {
        assertEquals(0, runToEnd("hostnet" + tag, "host", "readlink", "/proc/self/ns/net"));
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(), log("hostnet" + tag).trim());
        assertEquals(List.of(), runtime.networks().networksOf(runtime.resolve("hostnet" + tag)), "no lease, no veth");
    }

    @Test
    void networkContainerJoinsTheOtherContainersNamespace() throws Exception {
        ContainerInfo web = web("nsweb" + tag, front, List.of());
        String mode = "container:nsweb" + tag;
        ContainerInfo c = start("nsjoin" + tag, mode, "sh", "-c",
                "readlink /proc/self/ns/net; for i in $(seq 50); do " + get("127.0.0.1") + " && break; sleep 0.1; done; sleep 60");
        eventually(() -> logQuiet("nsjoin" + tag).contains("hello from web"));
        String out = log("nsjoin" + tag);
        assertTrue(out.contains("hello from web"), "the other container's server on 127.0.0.1: " + out);
        assertEquals(Files.readSymbolicLink(Path.of("/proc/" + web.pid() + "/ns/net")).toString(), out.lines().findFirst().orElseThrow());
        assertEquals(Set.of("nsweb" + tag, "nsjoin" + tag), runtime.list(false).stream().map(ContainerInfo::name)
                .filter(n -> n.endsWith(tag)).collect(Collectors.toSet()), "ps shows both, by name");
        assertEquals(mode, runtime.inspect("nsjoin" + tag).config().networkMode());
        assertEquals(List.of(), runtime.networks().networksOf(c.id()), "it has no lease of its own");
    }

    @Test
    void publishAllPublishesTheImagesExposedPort() throws Exception {
        ContainerInfo c = runtime.create(ContainerConfig.builder(exposing).name("exposed" + tag).publishAll(true).build());
        runtime.start(c.id());
        List<PortMapping> ports = runtime.ports(c.id());
        assertEquals(1, ports.size(), ports::toString);
        PortMapping p = ports.getFirst();
        assertEquals(8080, p.containerPort());
        assertEquals("tcp", p.protocol());
        assertTrue(p.hostPort() > 0, "an ephemeral host port");
        assertEquals("hello from web\n", httpGet(p.hostPort()));
    }

    /** An HTTP GET with busybox nc (Debian's static busybox wget crashes): the response on stdout. */
    private static String get(String host) {
        return "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + host + " 8080";
    }

    @Test
    void theNextStartAfterACrashRemovesWhatBelongsToContainersThatNoLongerExist() throws Exception {
        // a leftover as a crashed engine leaves it: a lease and a veth for a container whose files are gone
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "60").start();
        String ghost = "ffffeeee" + tag + "0000000000000000000000000000000000000000000000000000";
        ghost = ghost.substring(0, 64);
        try {
            var att = runtime.networks().up(runtime.networks().get(front)).attach(ghost, (int) holder.pid(), "eth0");
            try (Rtnl rtnl = Rtnl.open()) {
                assertTrue(rtnl.link(att.hostVeth()).isPresent());
            }
            ContainerRuntime restarted = new ContainerRuntime(sys, root.resolve("lib"), root.resolve("run"),
                    new ImageStore(root.resolve("lib")), "glassbox-test-" + tag, bridge);
            restarted.close();
            try (Rtnl rtnl = Rtnl.open()) {
                assertTrue(rtnl.link(att.hostVeth()).isEmpty(), "the ghost's veth is gone");
            }
            final String g = ghost;
            assertTrue(runtime.networks().ipam().pools().stream().noneMatch(p -> p.leases().containsKey(g)), "its lease is released");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    /** GET / from 127.0.0.1:PORT, retried while the server in the container is not listening yet. */
    private static String httpGet(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build();
        Instant end = Instant.now().plusSeconds(10);
        while (true) {
            try {
                return http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                if (Instant.now().isAfter(end)) throw e;
                Thread.sleep(50);
            }
        }
    }

    private int exec(ContainerInfo c, String... cmd) throws Exception {
        return runtime.exec(c.id(), new ContainerService.ExecRequest(List.of(cmd), false, false, null, null, null, false)).await();
    }

    private static Inet4Address ipv4(String s) {
        return (Inet4Address) InetAddress.ofLiteral(s);
    }

    /** The comments of the rules of table ip glassbox that start with {@code prefix}, in chain order. */
    private static List<String> comments(Nftables nft, String prefix) {
        return nft.rules().stream().map(Nftables.Rule::comment).filter(c -> c != null && c.startsWith(prefix)).toList();
    }

    private static List<FibRule> hostRules() {
        try (FibRules rules = FibRules.open()) {
            return rules.list();
        }
    }

    /** The TCP and UDP ports this JVM (the engine, with its proxies) has a socket bound to: /proc/self/net/* by socket inode. */
    private static Set<Integer> ownBoundPorts() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path f = Path.of("/proc/self/net", table);
            if (!Files.exists(f)) continue;
            List<String> lines = Files.readAllLines(f);
            for (String line : lines.subList(1, lines.size())) {
                String[] col = line.trim().split("\\s+");
                if (col.length > 9 && inodes.contains(col[9])) ports.add(Integer.parseInt(col[1].substring(col[1].lastIndexOf(':') + 1), 16));
            }
        }
        return ports;
    }

    private String logQuiet(String name) {
        try {
            return log(name);
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<String> portsOf(String bridgeName) {
        try (Rtnl rtnl = Rtnl.open()) {
            int index = rtnl.index(bridgeName);
            return rtnl.links().stream().filter(l -> l.masterIndex() == index).map(Link::name).toList();
        }
    }

    private static Set<String> links() {
        try (Rtnl rtnl = Rtnl.open()) {
            return rtnl.links().stream().map(Link::name).collect(Collectors.toSet());
        }
    }

    /** Mount points under this test's root (other programs may mount elsewhere meanwhile). */
    private Set<String> mounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(m -> m.startsWith(root.toString())).collect(Collectors.toSet());
    }

    static void eventually(BooleanSupplier c) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(10);
        while (!c.getAsBoolean() && Instant.now().isBefore(end)) Thread.sleep(20);
    }
}
