package dev.glassbox.inspect;

import dev.glassbox.net.IpText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The listening sockets of a network namespace: from NETLINK_SOCK_DIAG ({@link SockDiag}, what
 * the network view uses), or from {@code /proc/PID/net/tcp}, {@code tcp6}, {@code udp} and
 * {@code udp6} (proc(5)), which list the sockets of the namespace PID is in, whoever opened them. A TCP socket listens in state {@code 0A} (TCP_LISTEN); a UDP socket
 * "listens" (ss -lu) when it is bound and unconnected, state {@code 07} (TCP_CLOSE).
 */
public final class Listeners {
    private static final int TCP_LISTEN = 0x0A, TCP_CLOSE = 0x07;
    private static final List<String> FILES = List.of("tcp", "tcp6", "udp", "udp6");

    private Listeners() {}

    /**
     * One listening socket.
     *
     * @param protocol "tcp", "tcp6", "udp" or "udp6" (the file it came from; a tcp6 socket on {@code ::} also takes IPv4)
     * @param address the local address, e.g. {@code 0.0.0.0}, {@code 127.0.0.1}, {@code ::}
     * @param port the local port
     * @param uid the owner's uid
     * @param inode the socket's inode: {@code socket:[inode]} in /proc/PID/fd of its holders
     * @param pids the processes of the namespace that hold it open (empty when none we can see does)
     */
    public record Listener(String protocol, String address, int port, int uid, long inode, List<Integer> pids) {
        public Listener {
            pids = List.copyOf(pids);
        }

        /** {@code 0.0.0.0:80}, {@code [::]:80}. */
        public String endpoint() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    /** The listeners of the namespace {@code pid} is in, from /proc/PID/net; {@code holders} are the processes searched for owners. */
    public static List<Listener> read(ProcFs proc, int pid, Collection<Integer> holders) {
        List<Listener> out = new ArrayList<>();
        for (String f : FILES) proc.read(pid, "net/" + f).ifPresent(text -> out.addAll(parse(f, text)));
        return withOwners(proc, out, holders);
    }

    /** The same listeners with the processes among {@code holders} that hold each open (/proc/PID/fd). */
    static List<Listener> withOwners(ProcFs proc, List<Listener> listeners, Collection<Integer> holders) {
        if (listeners.isEmpty()) return listeners;
        Set<Long> wanted = new java.util.HashSet<>();
        for (Listener l : listeners) wanted.add(l.inode());
        Map<Long, Set<Integer>> owners = owners(proc, holders, wanted);
        List<Listener> withPids = new ArrayList<>(listeners.size());
        for (Listener l : listeners) {
            withPids.add(new Listener(l.protocol(), l.address(), l.port(), l.uid(), l.inode(),
                    List.copyOf(owners.getOrDefault(l.inode(), Set.of()))));
        }
        return withPids;
    }

    /** The listening entries of one of those files; {@code protocol} is its name. */
    public static List<Listener> parse(String protocol, String text) {
        boolean udp = protocol.startsWith("udp");
        List<Listener> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.length < 10 || !f[0].endsWith(":")) continue; // the header line
            int state = Integer.parseInt(f[3], 16);
            if (state != (udp ? TCP_CLOSE : TCP_LISTEN)) continue;
            int colon = f[1].indexOf(':');
            String address = address(f[1].substring(0, colon));
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            if (udp && port == 0) continue; // not bound
            out.add(new Listener(protocol, address, port, Integer.parseInt(f[7]), Long.parseLong(f[9]), List.of()));
        }
        return out;
    }

    /**
     * The kernel prints an address as 32-bit words in the machine's byte order ({@code %08X} of
     * each {@code __be32}), so 127.0.0.1 is {@code 0100007F} on x86: undo it word by word.
     */
    static String address(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(raw.length).order(ByteOrder.nativeOrder());
        while (in.hasRemaining()) out.putInt(in.getInt());
        try {
            return IpText.format(InetAddress.getByAddress(out.array()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }

    /** Socket inode to the processes holding it, looking only at {@code holders}' file descriptors. */
    private static Map<Long, Set<Integer>> owners(ProcFs proc, Collection<Integer> holders, Set<Long> wanted) {
        Map<Long, Set<Integer>> owners = new HashMap<>();
        for (int pid : holders) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.dir(pid).resolve("fd"))) {
                for (Path fd : fds) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException closed) {
                        continue;
                    }
                    if (!target.startsWith("socket:[")) continue;
                    long inode = Long.parseLong(target, 8, target.length() - 1, 10);
                    if (wanted.contains(inode)) owners.computeIfAbsent(inode, k -> new TreeSet<>()).add(pid);
                }
            } catch (IOException gone) {
                // exited, or fds we may not read: no owner from it
            }
        }
        return owners;
    }
}
