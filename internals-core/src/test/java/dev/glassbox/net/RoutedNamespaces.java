package dev.glassbox.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Three namespaces a test creates and deletes: {@code left} and {@code right}, each with an
 * {@code eth0} on its own /24, and {@code router} between them (interfaces {@code r-left},
 * {@code r-right}, the .1 of each subnet, and each side's default route). Forwarding is off in the
 * router until the test turns it on. All traffic stays inside these namespaces. Set up with
 * {@code ip}, the reference tool; only the code under test uses netlink.
 */
final class RoutedNamespaces implements AutoCloseable {
    final TestNetns left, router, right;
    final String leftNet, rightNet;
    private final List<AutoCloseable> servers = new ArrayList<>();

    /** {@code base} such as {@code 10.201}: left is {@code base.1.0/24}, right {@code base.2.0/24}. */
    RoutedNamespaces(String base) {
        leftNet = base + ".1";
        rightNet = base + ".2";
        TestNetns l = null, r = null, g = null;
        try {
            l = TestNetns.create();
            g = TestNetns.create();
            r = TestNetns.create();
            wire(g, "r-left", l, leftNet);
            wire(g, "r-right", r, rightNet);
            TestNetns.run("ip", "-n", g.name, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            for (TestNetns n : new TestNetns[] {l, g, r}) if (n != null) n.close();
            throw e;
        }
        left = l;
        router = g;
        right = r;
    }

    private static void wire(TestNetns router, String routerSide, TestNetns host, String net) {
        TestNetns.run("ip", "-n", router.name, "link", "add", routerSide, "type", "veth", "peer", "name", "eth0", "netns", host.name);
        TestNetns.run("ip", "-n", router.name, "addr", "add", net + ".1/24", "dev", routerSide);
        TestNetns.run("ip", "-n", router.name, "link", "set", routerSide, "up");
        TestNetns.run("ip", "-n", host.name, "addr", "add", net + ".2/24", "dev", "eth0");
        TestNetns.run("ip", "-n", host.name, "link", "set", "eth0", "up");
        TestNetns.run("ip", "-n", host.name, "link", "set", "lo", "up");
        TestNetns.run("ip", "-n", host.name, "route", "add", "default", "via", net + ".1");
    }

    /**
     * A TCP server in namespace {@code ns} on {@code port}: to every connection it writes one line,
     * {@code NAME saw ADDRESS}, the peer address it sees, and closes.
     */
    void serve(TestNetns ns, String name, int port) {
        ServerSocket server = NetNs.run(ns.file, () -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(port));
            return s;
        });
        servers.add(server);
        Thread.ofPlatform().daemon(true).name("server " + name).start(() -> {
            while (!server.isClosed()) {
                try (Socket c = server.accept();
                        PrintWriter out = new PrintWriter(c.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    out.println(name + " saw " + ((InetSocketAddress) c.getRemoteSocketAddress()).getAddress().getHostAddress());
                } catch (IOException e) {
                    // closed: the test is over
                }
            }
        });
    }

    /**
     * Connects from namespace {@code from} to {@code ip:port} and returns the server's line, or
     * {@code refused} (an RST: reachable, no server), {@code no route} (an ICMP unreachable or
     * prohibited) or {@code timeout}.
     */
    static String connect(Path from, String ip, int port) {
        return connect(from, ip, port, 5000);
    }

    /** {@link #connect(Path, String, int)} that gives up after {@code timeoutMillis}: for packets expected to be dropped. */
    static String connect(Path from, String ip, int port, int timeoutMillis) {
        return NetNs.run(from, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), timeoutMillis);
                s.setSoTimeout(5000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                return line == null ? "closed" : line;
            } catch (NoRouteToHostException e) {
                return "no route";
            } catch (ConnectException e) {
                return e.getMessage() != null && e.getMessage().contains("refused") ? "refused" : "connect: " + e.getMessage();
            } catch (java.net.SocketTimeoutException e) {
                return "timeout";
            }
        });
    }

    @Override
    public void close() {
        for (AutoCloseable s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                // keep cleaning
            }
        }
        try {
            left.close();
        } finally {
            try {
                router.close();
            } finally {
                right.close();
            }
        }
    }
}
