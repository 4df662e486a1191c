package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.net.Link;
import dev.glassbox.net.Rtnl;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * the test's own containers; the bridges the test makes are deleted at the end.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkingTest {
    private final Syscalls sys = Syscalls.linux();
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "gbtn" + tag;
    private final String front = "gbt-front-" + tag, back = "gbt-back-" + tag;
    private Path root;
    private ContainerRuntime runtime;

    @BeforeAll
    void setUp() throws Exception {
        root = Files.createTempDirectory("glassbox-net-test");
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.writeString(rootfs.resolve("www/index.html"), "hello from web\n");
        Path tar = root.resolve("rootfs.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());
        ImageStore images = new ImageStore(root.resolve("lib"));
        images.importRootfs(tar, "busybox:latest", Progress.NONE);
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
        assertNotEquals(0, runToEnd("byip" + tag, back, "sh", "-c", get(ipOf("web" + tag))));
        assertFalse(log("byip" + tag).contains("hello from web"));
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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.hostPort() + "/")).timeout(Duration.ofSeconds(5)).build();
        String body = null;
        Instant end = Instant.now().plusSeconds(10);
        while (body == null) { // httpd may need a moment to listen
            try {
                body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                if (Instant.now().isAfter(end)) throw e;
                Thread.sleep(50);
            }
        }
        assertEquals("hello from web\n", body);
        runtime.remove(web.id(), true);
        assertThrows(IOException.class, () -> http.send(get, HttpResponse.BodyHandlers.ofString()), "the proxy is gone with the container");
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
        Set<String> veths = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            String network = i % 2 == 0 ? "bridge" : front;
            ContainerInfo c = start("many" + i + "-" + tag, network, "true");
            veths.add(runtime.networks().get(network).hostVethName(c.id()));
            runtime.await(c.id());
            runtime.remove(c.id(), false);
        }
        // other programs may add links meanwhile: look only at ours
        Set<String> left = links();
        left.retainAll(veths);
        assertEquals(Set.of(), left, "host ends of the containers' veth pairs");
        assertEquals(List.of(), portsOf(bridge), "ports of the default bridge");
        assertEquals(List.of(), portsOf(runtime.networks().get(front).bridgeName()), "ports of " + front);
        assertEquals(mountsBefore, mounts());
        assertTrue(runtime.networks().ipam().pools().stream().allMatch(p -> p.leases().isEmpty()), "no lease left");
        assertTrue(runtime.list(true).isEmpty());
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
