package dev.glassbox.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A userland proxy for one published port, as Docker's {@code docker-proxy}: it listens on
 * {@code hostIp:hostPort} in the namespace where it was started (the host's) and forwards each TCP
 * connection, or each UDP client's datagrams, to {@code containerIp:containerPort}. One virtual
 * thread per direction of each connection. Kernel NAT makes published ports work from other hosts;
 * this proxy makes them work from the host itself, 127.0.0.1 included.
 */
public final class PortProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** A UDP client that has been silent this long is forgotten, as docker-proxy does. */
    private static final int UDP_IDLE_MILLIS = 90_000;

    private final PortSpec spec;
    private final InetSocketAddress target;
    private final InetSocketAddress bound;
    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final Map<SocketAddress, DatagramSocket> udpClients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private PortProxy(PortSpec spec, InetAddress containerIp) throws IOException {
        this.spec = spec;
        this.target = new InetSocketAddress(containerIp, spec.containerPort());
        InetSocketAddress listen = new InetSocketAddress(spec.hostAddress(), spec.hostPort());
        if (spec.protocol() == PortSpec.Protocol.TCP) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(listen, 128);
            } catch (IOException e) {
                s.close();
                throw bindFailure(listen, e);
            }
            tcp = s;
            udp = null;
            bound = (InetSocketAddress) s.getLocalSocketAddress();
            Thread.ofVirtual().name("proxy " + this.spec).start(this::acceptLoop);
        } else {
            try {
                udp = new DatagramSocket(listen);
            } catch (SocketException e) {
                throw bindFailure(listen, e);
            }
            tcp = null;
            bound = (InetSocketAddress) udp.getLocalSocketAddress();
            Thread.ofVirtual().name("proxy " + this.spec).start(this::udpLoop);
        }
    }

    /** Starts forwarding {@code spec}'s host side to {@code containerIp}; {@code hostPort} 0 picks a free port. */
    public static PortProxy start(PortSpec spec, InetAddress containerIp) {
        try {
            return new PortProxy(spec, containerIp);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The spec with the host port actually bound (useful when it asked for 0). */
    public PortSpec spec() {
        return new PortSpec(spec.hostIp(), bound.getPort(), spec.containerPort(), spec.protocol());
    }

    /** The address the proxy listens on. */
    public InetSocketAddress hostAddress() { return bound; }

    /** The port the proxy listens on. */
    public int hostPort() { return bound.getPort(); }

    /** Where it forwards to. */
    public InetSocketAddress target() { return target; }

    private static IOException bindFailure(InetSocketAddress listen, IOException e) {
        return new IOException("cannot publish port: bind " + listen.getAddress().getHostAddress() + ":" + listen.getPort()
                + ": " + e.getMessage() + " (is the port already in use?)", e);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = tcp.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            Thread.ofVirtual().name("proxy " + spec + " " + client.getRemoteSocketAddress()).start(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        open.add(client);
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
            Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // container not listening, or closed: drop the client as docker-proxy does
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
        }
    }

    /** Copies one direction, then half-closes so the other side sees end of stream. */
    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            out.flush();
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void udpLoop() {
        byte[] buf = new byte[65535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
                SocketAddress client = p.getSocketAddress();
                DatagramSocket back = udpClients.computeIfAbsent(client, this::openUdpUpstream);
                if (back != null) back.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength()));
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private DatagramSocket openUdpUpstream(SocketAddress client) {
        try {
            DatagramSocket back = new DatagramSocket();
            back.connect(target);
            back.setSoTimeout(UDP_IDLE_MILLIS);
            Thread.ofVirtual().name("proxy " + spec + " " + client).start(() -> udpReplies(client, back));
            return back;
        } catch (IOException e) {
            return null;
        }
    }

    private void udpReplies(SocketAddress client, DatagramSocket back) {
        byte[] buf = new byte[65535];
        try {
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                back.receive(p);
                udp.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
            }
        } catch (SocketTimeoutException e) {
            // idle: forget this client
        } catch (IOException e) {
            // closed
        } finally {
            udpClients.remove(client, back);
            back.close();
        }
    }

    /** Stops listening and cuts every forwarded connection. */
    @Override
    public void close() {
        closed = true;
        if (tcp != null) closeQuietly(tcp);
        if (udp != null) udp.close();
        open.forEach(PortProxy::closeQuietly);
        udpClients.values().forEach(DatagramSocket::close);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out
        }
    }

    @Override
    public String toString() {
        return "proxy " + spec() + " -> " + target.getAddress().getHostAddress() + ":" + target.getPort();
    }
}
