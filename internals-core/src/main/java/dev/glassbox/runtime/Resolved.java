package dev.glassbox.runtime;

import dev.glassbox.caps.CapSet;
import dev.glassbox.caps.UnknownCapabilityException;
import dev.glassbox.image.Image;
import dev.glassbox.image.ImageConfig;
import dev.glassbox.net.PortSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's configuration merged with its image's, with Docker's rules: the command is
 * ENTRYPOINT + CMD (an {@code --entrypoint} drops the image's CMD), the environment is the
 * image's overridden by {@code -e}, the user may be a name from the image's /etc/passwd.
 */
record Resolved(String hostname, ContainerSpec.Namespaces namespaces, String networkMode, List<PortSpec> ports,
                ContainerSpec.Resources resources, long capMask,
                int lastCap, int uid, int gid, List<Integer> groups, List<String> argv, List<String> env, String workingDir) {

    private static final long MIN_MEMORY = 6L * 1024 * 1024;

    static Resolved of(ContainerConfig c, Image image) {
        ImageConfig ic = image.config();
        String id = c.id() == null ? "000000000000" : c.id();
        String hostname = c.hostname() != null && !c.hostname().isBlank() ? c.hostname() : id.substring(0, 12);
        if (hostname.length() > 64) throw ContainerException.badParameter("invalid hostname \"" + hostname + "\": at most 64 characters");

        // command: ENTRYPOINT + CMD
        List<String> entrypoint = c.entrypoint() != null ? c.entrypoint() : nonNull(ic.entrypoint());
        List<String> cmd = c.cmd() != null && !c.cmd().isEmpty() ? c.cmd() : (c.entrypoint() != null ? List.of() : nonNull(ic.cmd()));
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(cmd);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw ContainerException.badParameter("No command specified: give one after the image, e.g. glassbox run " + c.image() + " sh");
        }

        // namespaces, as Docker's --pid/--ipc/--uts/--network
        boolean pid = !isHost(c.pidMode(), "--pid"), ipc = !isHost(c.ipcMode(), "--ipc"), uts = !isHost(c.utsMode(), "--uts");
        String net = c.networkMode() == null || c.networkMode().isBlank() || c.networkMode().equals("default") ? "bridge" : c.networkMode();
        if (net.startsWith("container:") && net.length() == 10) {
            throw ContainerException.badParameter("--network container: needs a container name or id, e.g. container:web");
        }
        if (!uts && c.hostname() != null) throw ContainerException.badParameter("Conflicting options: hostname and the UTS mode");
        ContainerSpec.Namespaces ns = new ContainerSpec.Namespaces(pid, ipc, uts, !net.equals("host"), true);

        // published ports: -p as given, -P every EXPOSEd port on an ephemeral host port
        List<PortSpec> ports = new ArrayList<>();
        try {
            for (String p : nonNull(c.ports())) ports.addAll(PortSpec.parse(p));
        } catch (IllegalArgumentException e) {
            throw ContainerException.badParameter(e.getMessage());
        }
        if (c.publishAll() && ic.exposedPorts() != null) {
            for (String e : ic.exposedPorts()) {
                String[] pp = e.split("/");
                ports.add(new PortSpec("", 0, Integer.parseInt(pp[0]),
                        pp.length > 1 && pp[1].equals("udp") ? PortSpec.Protocol.UDP : PortSpec.Protocol.TCP));
            }
        }
        if (net.equals("host")) ports.clear(); // Docker: published ports are discarded in host mode
        if (!ports.isEmpty() && !Networks.isBridgeMode(net)) {
            throw ContainerException.badParameter("ports cannot be published with --network " + net + ": use a bridge network");
        }

        // limits
        if (c.memory() != null && c.memory() > 0 && c.memory() < MIN_MEMORY) {
            throw ContainerException.badParameter("Minimum memory limit allowed is 6MB");
        }
        Long memory = c.memory() == null || c.memory() <= 0 ? null : c.memory();
        Long swap = c.memorySwap() == null || c.memorySwap() == 0 ? (memory == null ? null : memory * 2)
                : (c.memorySwap() < 0 ? null : c.memorySwap());
        if (memory != null && swap != null && swap < memory) {
            throw ContainerException.badParameter("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        Long quota = null;
        long period = 100_000;
        if (c.nanoCpus() != null && c.nanoCpus() > 0) {
            int cpus = Runtime.getRuntime().availableProcessors();
            if (c.nanoCpus() < 10_000_000L || c.nanoCpus() > cpus * 1_000_000_000L) {
                throw ContainerException.badParameter("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available");
            }
            quota = c.nanoCpus() * period / 1_000_000_000L;
        }
        Long pids = c.pidsLimit() == null || c.pidsLimit() <= 0 ? null : c.pidsLimit();
        ContainerSpec.Resources res = new ContainerSpec.Resources(memory, swap, quota, period, pids);

        // capabilities: Docker's default set, + --cap-add, - --cap-drop; everything with --privileged
        int lastCap = Own.LAST_CAP;
        CapSet caps;
        try {
            // no process can give what is outside its own bounding set: --privileged means all of the engine's
            CapSet bounding = Own.BOUNDING_SET;
            caps = c.privileged() ? bounding : tweak(nonNull(c.capAdd()), nonNull(c.capDrop())).intersect(bounding);
        } catch (UnknownCapabilityException e) {
            throw ContainerException.badParameter(e.getMessage());
        }

        // user, from uid[:gid] or the image's /etc/passwd
        String user = c.user() != null && !c.user().isBlank() ? c.user() : ic.user();
        int[] ids = user == null || user.isBlank() ? new int[] {0, 0} : user(user, image);
        String home = ids[0] == 0 ? "/root" : home(ids[0], image);

        // environment: image's, then -e; Docker adds PATH, HOSTNAME, HOME and TERM
        Map<String, String> env = new LinkedHashMap<>();
        put(env, DEFAULT_PATH);
        for (String e : nonNull(ic.env())) put(env, e);
        for (String e : nonNull(c.env())) put(env, e);
        env.putIfAbsent("HOSTNAME", hostname);
        env.putIfAbsent("HOME", home);
        if (c.tty()) env.putIfAbsent("TERM", "xterm");
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();

        String wd = c.workingDir() != null && !c.workingDir().isBlank() ? c.workingDir()
                : (ic.workingDir() == null || ic.workingDir().isBlank() ? "/" : ic.workingDir());
        if (!wd.startsWith("/")) throw ContainerException.badParameter("the working directory '" + wd + "' is invalid, it needs to be an absolute path");

        return new Resolved(hostname, ns, net, List.copyOf(ports), res, caps.mask(), lastCap, ids[0], ids[1], List.of(), List.copyOf(argv),
                envList, wd);
    }

    /**
     * Docker's rules: {@code --cap-drop ALL} starts from nothing, then {@code --cap-add} adds;
     * {@code --cap-add ALL} starts from everything, then {@code --cap-drop} removes; otherwise
     * the default set, plus the added, minus the dropped.
     */
    static CapSet tweak(List<String> add, List<String> drop) {
        boolean dropAll = drop.stream().anyMatch(d -> d.equalsIgnoreCase("ALL"));
        boolean addAll = add.stream().anyMatch(a -> a.equalsIgnoreCase("ALL"));
        CapSet added = CapSet.parseNames(add), dropped = CapSet.parseNames(drop);
        if (dropAll) return added;
        if (addAll) return added.minus(dropped);
        return CapSet.DOCKER_DEFAULT.union(added).minus(dropped);
    }

    /**
     * This process's own capability facts, read once: the kernel's last capability is fixed at boot,
     * and the engine never drops from its own bounding set (which only a prctl of its own could).
     */
    private static final class Own {
        static final int LAST_CAP = CapSet.lastCap();
        static final CapSet BOUNDING_SET = ownBoundingSet();
    }

    private static CapSet ownBoundingSet() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) return CapSet.parseHex(line.substring(7).trim());
            }
        } catch (IOException e) {
            // fall through
        }
        return CapSet.all(CapSet.lastCap());
    }

    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static boolean isHost(String mode, String flag) {
        if (mode == null || mode.isBlank() || mode.equals("private")) return false;
        if (mode.equals("host")) return true;
        throw ContainerException.badParameter("invalid " + flag + " mode \"" + mode + "\": use host, or leave it out for a private namespace");
    }

    /**
     * The configuration a container keeps, as Docker's create keeps it: the image's defaults filled
     * in where the request has none, so that ps, inspect and the lab app show the command, the
     * environment, the working directory, the user and the labels the container really has.
     * (Docker's merge: no ENTRYPOINT given takes the image's, and no CMD then takes the image's
     * CMD; the image's variables and labels are added where the request does not set the same key.)
     * {@link #of} gives the same result for a merged configuration as for the request.
     */
    static ContainerConfig withImageDefaults(ContainerConfig c, ImageConfig ic) {
        List<String> entrypoint = c.entrypoint(), cmd = c.cmd();
        if (entrypoint == null || entrypoint.isEmpty()) {
            if ((cmd == null || cmd.isEmpty()) && !ic.cmd().isEmpty()) cmd = ic.cmd();
            if (entrypoint == null && !ic.entrypoint().isEmpty()) entrypoint = ic.entrypoint();
        }
        List<String> env = c.env() == null ? new ArrayList<>() : new ArrayList<>(c.env());
        for (String e : ic.env()) {
            String key = e.contains("=") ? e.substring(0, e.indexOf('=')) : e;
            if (env.stream().noneMatch(u -> u.equals(key) || u.startsWith(key + "="))) env.add(e);
        }
        Map<String, String> labels = new LinkedHashMap<>(ic.labels());
        if (c.labels() != null) labels.putAll(c.labels());
        return c.toBuilder()
                .entrypoint(entrypoint)
                .cmd(cmd)
                .env(env.isEmpty() ? c.env() : List.copyOf(env))
                .workingDir(c.workingDir() == null || c.workingDir().isBlank() ? emptyToNull(ic.workingDir()) : c.workingDir())
                .user(c.user() == null || c.user().isBlank() ? emptyToNull(ic.user()) : c.user())
                .labels(labels.isEmpty() ? c.labels() : labels)
                .build();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void put(Map<String, String> env, String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            if (!kv.isEmpty() && System.getenv(kv) != null) env.put(kv, System.getenv(kv)); // -e NAME takes the caller's value
            return;
        }
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** uid[:gid] or name[:group], names looked up in the image's /etc/passwd and /etc/group. */
    static int[] user(String spec, Image image) {
        String[] parts = spec.split(":", 2);
        int uid;
        int gid = -1;
        if (parts[0].matches("\\d+")) {
            uid = Integer.parseInt(parts[0]);
            String[] entry = lookup(image, "etc/passwd", 2, parts[0]);
            if (entry != null) gid = Integer.parseInt(entry[3]);
        } else {
            String[] entry = lookup(image, "etc/passwd", 0, parts[0]);
            if (entry == null) throw ContainerException.badParameter("unable to find user " + parts[0] + ": no matching entries in passwd file");
            uid = Integer.parseInt(entry[2]);
            gid = Integer.parseInt(entry[3]);
        }
        if (parts.length == 2) {
            if (parts[1].matches("\\d+")) gid = Integer.parseInt(parts[1]);
            else {
                String[] g = lookup(image, "etc/group", 0, parts[1]);
                if (g == null) throw ContainerException.badParameter("unable to find group " + parts[1] + ": no matching entries in group file");
                gid = Integer.parseInt(g[2]);
            }
        }
        return new int[] {uid, gid < 0 ? uid == 0 ? 0 : uid : gid};
    }

    private static String home(int uid, Image image) {
        String[] e = lookup(image, "etc/passwd", 2, String.valueOf(uid));
        return e != null && e.length > 5 && !e[5].isEmpty() ? e[5] : "/";
    }

    /** The first line of a colon file in the image (top layer first) whose field {@code field} equals {@code value}. */
    private static String[] lookup(Image image, String file, int field, String value) {
        for (Path layer : image.layerDirs().reversed()) {
            Path f = layer.resolve(file);
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                for (String line : Files.readAllLines(f)) {
                    String[] p = line.split(":", -1);
                    if (p.length > field && p[field].equals(value)) return p;
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }
        return null;
    }
}
