package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PortProxyTest {
    @AfterAll
    static void nothingLeftBehind() {
        if (dev.glassbox.sys.Syscalls.linux().geteuid() == 0) TestNetns.assertNothingLeftBehind();
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** An upper-casing TCP server: one connection, reads to the end, answers, closes. */
    private static Thread upperServer(ServerSocket server) {
        return Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                String in = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                s.getOutputStream().write(in.toUpperCase().getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client side fails the test
            }
        });
    }

    private static String exchange(InetSocketAddress to, String text) throws IOException {
        try (Socket c = new Socket()) {
            c.connect(to, 5000);
            c.setSoTimeout(5000);
            c.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            c.shutdownOutput(); // the half-close must travel through the proxy
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tcpIsForwardedWithHalfCloseOnAnEphemeralPort() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOOPBACK)) {
            upperServer(server);
            PortSpec spec = PortSpec.parse("127.0.0.1::" + server.getLocalPort()).getFirst();
            try (PortProxy proxy = PortProxy.start(spec, LOOPBACK)) {
                assertNotEquals(0, proxy.hostPort());
                assertEquals(proxy.hostPort(), proxy.spec().hostPort());
                assertEquals("HELLO THROUGH THE PROXY", exchange(proxy.hostAddress(), "hello through the proxy"));
            }
        }
    }

    @Test
    void udpDatagramsAndRepliesAreForwarded() throws Exception {
        try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[1500];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        echo.receive(p);
                        echo.send(new DatagramPacket(("echo " + new String(p.getData(), 0, p.getLength())).getBytes(),
                                0, p.getLength() + 5, p.getSocketAddress()));
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            PortSpec spec = PortSpec.parse("127.0.0.1:0:" + echo.getLocalPort() + "/udp").getFirst();
            try (PortProxy proxy = PortProxy.start(spec, LOOPBACK); DatagramSocket client = new DatagramSocket()) {
                client.setSoTimeout(5000);
                for (String msg : List.of("one", "two")) {
                    client.send(new DatagramPacket(msg.getBytes(), msg.length(), proxy.hostAddress()));
                    DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
                    client.receive(reply);
                    assertEquals("echo " + msg, new String(reply.getData(), 0, reply.getLength()));
                    assertEquals(proxy.hostPort(), reply.getPort(), "replies come from the published port");
                }
            }
        }
    }

    @Test
    void aPortInUseIsReportedWithWhatToCheck() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 5, LOOPBACK)) {
            PortSpec spec = PortSpec.parse("127.0.0.1:" + taken.getLocalPort() + ":80").getFirst();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> PortProxy.start(spec, LOOPBACK));
            assertTrue(e.getMessage().contains("cannot publish port: bind 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    /**
     * From 127.0.0.1 on the host to a server in a namespace of the test, reached over a
     * test-named veth pair (deleted afterwards) on a /30 that clashes with no host route.
     */
    @Test
    @RootOnly
    void tcpFromHostLoopbackReachesAServerInATestNamespace() throws Exception {
        String veth = "gbtpx" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        List<Subnet> routes = Ipam.hostRoutes();
        Subnet link = null;
        for (int tries = 0; link == null; tries++) {
            Subnet s = Subnet.parse("10.251." + ThreadLocalRandom.current().nextInt(256) + "." + 4 * ThreadLocalRandom.current().nextInt(64) + "/30");
            if (routes.stream().noneMatch(s::overlaps)) link = s;
            if (tries > 50) throw new IllegalStateException("no free /30 in 10.251.0.0/16");
        }
        InetAddress hostSide = link.address(1), containerSide = link.address(2);
        try (TestNetns ns = TestNetns.create(); Rtnl host = Rtnl.open()) {
            try {
                host.createVeth(veth, "eth0", NsRef.file(ns.file), null);
                host.addAddress(veth, hostSide, 30);
                host.setUp(veth);
                try (Rtnl guest = Rtnl.open(ns.file)) {
                    guest.addAddress("eth0", containerSide, 30);
                    guest.setUp("eth0");
                }
                try (ServerSocket server = NetNs.run(ns.file, () -> new ServerSocket(8080, 5, containerSide))) {
                    upperServer(server);
                    try (PortProxy proxy = PortProxy.start(PortSpec.parse("127.0.0.1:0:8080").getFirst(), containerSide)) {
                        assertEquals("FROM THE HOST", exchange(new InetSocketAddress(LOOPBACK, proxy.hostPort()), "from the host"));
                    }
                }
            } finally {
                host.deleteLinkIfExists(veth);
            }
            assertTrue(host.link(veth).isEmpty());
        }
    }
}
