package dev.glassbox.net;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.glassbox.util.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * IP address management: per network a subnet, a gateway (the first address) and the leases,
 * one address per container id. Kept in {@code STATE_DIR/ipam.json}, rewritten atomically
 * (temp file, fsync, rename) under an exclusive lock on {@code STATE_DIR/ipam.lock}, so two
 * {@code run}s, in one JVM or in two processes, never get the same address.
 */
public final class Ipam {
    /** Where Docker takes its default networks from, in that order: 172.17-31.0.0/16, then 192.168.x.0/20. */
    public static final List<Subnet> DEFAULT_CANDIDATES = defaultCandidates();

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** FileChannel locks belong to the whole JVM: threads of one JVM also need an in-process lock. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path stateDir;
    private final Supplier<List<Subnet>> routesInUse;

    /** A network's pool: its subnet, gateway and leases (container id to address). */
    public record Pool(String network, Subnet subnet, Inet4Address gateway, Map<String, Inet4Address> leases) {
        public Pool {
            leases = java.util.Collections.unmodifiableMap(new TreeMap<>(leases));
        }
    }

    /** IPAM whose automatic subnets avoid the routes of the calling thread's network namespace. */
    public Ipam(Path stateDir) {
        this(stateDir, Ipam::hostRoutes);
    }

    /** IPAM whose automatic subnets avoid the destinations {@code routesInUse} returns. */
    public Ipam(Path stateDir, Supplier<List<Subnet>> routesInUse) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.routesInUse = routesInUse;
    }

    /** The IPv4 destinations of the main routing table here, the default route left out. */
    public static List<Subnet> hostRoutes() {
        try (Rtnl r = Rtnl.open()) {
            return routeDestinations(r.routes());
        }
    }

    /** The IPv4 destinations of {@code routes}, the default route left out. */
    public static List<Subnet> routeDestinations(List<Route> routes) {
        List<Subnet> out = new ArrayList<>();
        for (Route r : routes) {
            if (r.family() == Rtnetlink.AF_INET && !r.isDefault() && r.dst() instanceof Inet4Address d) {
                out.add(Subnet.containing(d, r.dstLength()));
            }
        }
        return out;
    }

    public Path stateDir() { return stateDir; }

    /**
     * The pool of {@code network}, created if missing. {@code subnet} null: the first default
     * candidate that overlaps neither a route nor another pool. {@code gateway} null: the subnet's
     * first address. An existing pool is returned as it is when it agrees with what is asked.
     */
    public Pool createPool(String network, Subnet subnet, Inet4Address gateway) {
        return locked(state -> {
            Pool existing = state.get(network);
            if (existing != null) {
                if (subnet != null && !subnet.equals(existing.subnet())) {
                    throw new IllegalStateException("network " + network + " already has subnet " + existing.subnet()
                            + ", not " + subnet + ": remove the network first");
                }
                if (gateway != null && !gateway.equals(existing.gateway())) {
                    throw new IllegalStateException("network " + network + " already has gateway "
                            + existing.gateway().getHostAddress() + ", not " + gateway.getHostAddress());
                }
                return existing;
            }
            Subnet chosen = subnet != null ? subnet : choose(state);
            for (Pool p : state.values()) {
                if (p.subnet().overlaps(chosen)) {
                    throw new IllegalArgumentException("subnet " + chosen + " of network " + network
                            + " overlaps network " + p.network() + " (" + p.subnet() + "): pick another --subnet");
                }
            }
            if (chosen.prefixLength() > 30) {
                throw new IllegalArgumentException("subnet " + chosen + " is too small for a gateway and a container: use /30 or larger");
            }
            Inet4Address gw = gateway != null ? gateway : chosen.address(1);
            if (!chosen.contains(gw) || gw.equals(chosen.network()) || gw.equals(chosen.broadcast())) {
                throw new IllegalArgumentException("gateway " + gw.getHostAddress() + " is not a host address of subnet " + chosen);
            }
            Pool p = new Pool(network, chosen, gw, Map.of());
            state.put(network, p);
            return p;
        });
    }

    public Optional<Pool> pool(String network) {
        return Optional.ofNullable(locked(state -> state.get(network)));
    }

    public List<Pool> pools() {
        return locked(state -> List.copyOf(state.values()));
    }

    /** Forgets a network; refused while it still has leases. */
    public void removePool(String network) {
        locked(state -> {
            Pool p = state.get(network);
            if (p != null && !p.leases().isEmpty()) {
                throw new IllegalStateException("network " + network + " still has " + p.leases().size()
                        + " container(s) attached: " + String.join(", ", p.leases().keySet()) + "; disconnect them first");
            }
            state.remove(network);
            return null;
        });
    }

    /** The address of {@code containerId} on {@code network}: its existing lease, or the lowest free one. */
    public Inet4Address allocate(String network, String containerId) {
        return locked(state -> {
            Pool p = requirePool(state, network);
            Inet4Address have = p.leases().get(containerId);
            if (have != null) return have;
            Inet4Address ip = lowestFree(p);
            Map<String, Inet4Address> leases = new LinkedHashMap<>(p.leases());
            leases.put(containerId, ip);
            state.put(network, new Pool(network, p.subnet(), p.gateway(), leases));
            return ip;
        });
    }

    /** The address {@link #allocate} would give {@code containerId} now (nothing is reserved). */
    public Inet4Address peek(String network, String containerId) {
        return locked(state -> {
            Pool p = requirePool(state, network);
            Inet4Address have = p.leases().get(containerId);
            return have != null ? have : lowestFree(p);
        });
    }

    /** Gives the address of {@code containerId} back; returns whether there was one. */
    public boolean release(String network, String containerId) {
        return locked(state -> {
            Pool p = state.get(network);
            if (p == null || !p.leases().containsKey(containerId)) return false;
            Map<String, Inet4Address> leases = new LinkedHashMap<>(p.leases());
            leases.remove(containerId);
            state.put(network, new Pool(network, p.subnet(), p.gateway(), leases));
            return true;
        });
    }

    private static Pool requirePool(Map<String, Pool> state, String network) {
        Pool p = state.get(network);
        if (p == null) throw new IllegalStateException("no network " + network + " in IPAM: create it first");
        return p;
    }

    private static Inet4Address lowestFree(Pool p) {
        java.util.Set<Inet4Address> taken = new java.util.HashSet<>(p.leases().values());
        taken.add(p.gateway());
        for (long off = 1; off < p.subnet().size() - 1; off++) { // skip network and broadcast addresses
            Inet4Address a = p.subnet().address(off);
            if (!taken.contains(a)) return a;
        }
        throw new IllegalStateException("network " + p.network() + " (" + p.subnet() + ") has no free address left");
    }

    private Subnet choose(Map<String, Pool> state) {
        List<Subnet> routes = routesInUse.get();
        for (Subnet c : DEFAULT_CANDIDATES) {
            boolean clash = routes.stream().anyMatch(c::overlaps) || state.values().stream().anyMatch(p -> p.subnet().overlaps(c));
            if (!clash) return c;
        }
        throw new IllegalStateException("no free private subnet among 172.17-31.0.0/16 and 192.168.0.0/16: give one with --subnet");
    }

    private static List<Subnet> defaultCandidates() {
        List<Subnet> out = new ArrayList<>();
        for (int i = 17; i <= 31; i++) out.add(Subnet.parse("172." + i + ".0.0/16"));
        for (int i = 0; i < 256; i += 16) out.add(Subnet.parse("192.168." + i + ".0/20"));
        return List.copyOf(out);
    }

    // ---- state on disk ----

    /** The JSON shape: addresses as text, so the file reads like {@code ip addr}. */
    record PoolJson(String network, String subnet, String gateway, Map<String, String> leases) {}

    record StateJson(List<PoolJson> pools) {}

    private <T> T locked(Function<Map<String, Pool>, T> change) {
        ReentrantLock inJvm = IN_PROCESS.computeIfAbsent(stateDir, k -> new ReentrantLock());
        inJvm.lock();
        try {
            Dirs.ensure(stateDir);
            try (FileChannel lockFile = FileChannel.open(stateDir.resolve("ipam.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                Map<String, Pool> state = read();
                Map<String, Pool> before = new LinkedHashMap<>(state);
                T result = change.apply(state);
                if (!state.equals(before)) write(state);
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("IPAM state in " + stateDir + ": " + e.getMessage(), e);
        } finally {
            inJvm.unlock();
        }
    }

    private Map<String, Pool> read() throws IOException {
        Path file = stateDir.resolve("ipam.json");
        Map<String, Pool> state = new LinkedHashMap<>();
        if (!Files.exists(file)) return state;
        StateJson json = JSON.readValue(file.toFile(), StateJson.class);
        for (PoolJson p : json.pools()) {
            Map<String, Inet4Address> leases = new LinkedHashMap<>();
            p.leases().forEach((id, ip) -> leases.put(id, Subnet.parseIpv4(ip, ip)));
            state.put(p.network(), new Pool(p.network(), Subnet.parse(p.subnet()),
                    Subnet.parseIpv4(p.gateway(), p.gateway()), leases));
        }
        return state;
    }

    private void write(Map<String, Pool> state) throws IOException {
        List<PoolJson> pools = new ArrayList<>();
        for (Pool p : state.values()) {
            Map<String, String> leases = new TreeMap<>();
            p.leases().forEach((id, ip) -> leases.put(id, ip.getHostAddress()));
            pools.add(new PoolJson(p.network(), p.subnet().toString(), p.gateway().getHostAddress(), leases));
        }
        byte[] bytes = JSON.writeValueAsBytes(new StateJson(pools));
        Path file = stateDir.resolve("ipam.json");
        Path tmp = stateDir.resolve("ipam.json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
