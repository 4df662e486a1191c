package dev.glassbox.storage;

import dev.glassbox.sys.Kernel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One storage mount of a container, as Docker's {@code -v}, {@code --mount} and
 * {@code --tmpfs} describe it.
 *
 * @param source a host path (bind), a volume name (volume; null before an anonymous one is named), unused for tmpfs
 * @param options for tmpfs: its mount options, e.g. {@code size=65536k,mode=1777,exec} (see {@link #tmpfs()})
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, String options, boolean anonymous) {

    public enum Type { BIND, VOLUME, TMPFS;
        public String docker() { return name().toLowerCase(Locale.ROOT); }
    }

    public MountSpec {
        if (target == null || !target.startsWith("/")) {
            throw new IllegalArgumentException("invalid mount target \"" + target + "\": it must be an absolute path in the container");
        }
        if (target.equals("/")) throw new IllegalArgumentException("invalid mount target \"/\": the root cannot be a mount");
    }

    public MountSpec withSource(String s) {
        return new MountSpec(type, s, target, readOnly, options, anonymous);
    }

    /**
     * {@code -v}: {@code /host/path:/ctr[:ro|rw]} is a bind mount (a relative source is refused,
     * as Docker does), {@code name:/ctr[:ro]} a named volume, {@code /ctr} an anonymous volume.
     */
    public static MountSpec parseVolumeFlag(String v) {
        String[] p = v.split(":", -1);
        if (p.length == 1) return new MountSpec(Type.VOLUME, null, p[0], false, null, true);
        if (p.length > 3) throw new IllegalArgumentException("invalid volume specification: '" + v + "'");
        boolean ro = false;
        if (p.length == 3) {
            for (String o : p[2].split(",")) {
                switch (o) {
                    case "ro" -> ro = true;
                    case "rw", "z", "Z", "", "rprivate", "private", "rslave", "slave", "rshared", "shared" -> { }
                    default -> throw new IllegalArgumentException("invalid mode: " + o + " in volume specification '" + v + "'");
                }
            }
        }
        String src = p[0];
        if (src.isEmpty()) throw new IllegalArgumentException("invalid volume specification: '" + v + "': empty source");
        if (src.startsWith("/")) return new MountSpec(Type.BIND, src, p[1], ro, null, false);
        if (src.startsWith(".") || src.contains("/")) {
            throw new IllegalArgumentException("invalid volume specification: '" + v + "': a bind source must be an absolute path");
        }
        return new MountSpec(Type.VOLUME, src, p[1], ro, null, false);
    }

    /** {@code --mount type=bind|volume|tmpfs,src=..,dst=..[,readonly][,tmpfs-size=..][,tmpfs-mode=..]} */
    public static MountSpec parseMountFlag(String m) {
        String type = "volume", src = null, dst = null;
        boolean ro = false;
        List<String> tmpfsOpts = new ArrayList<>();
        for (String kv : m.split(",")) {
            String[] p = kv.split("=", 2);
            String k = p[0].trim().toLowerCase(Locale.ROOT), val = p.length > 1 ? p[1] : null;
            switch (k) {
                case "type" -> type = val;
                case "src", "source" -> src = val;
                case "dst", "destination", "target" -> dst = val;
                case "readonly", "ro" -> ro = val == null || val.equals("true") || val.equals("1");
                case "tmpfs-size" -> tmpfsOpts.add("size=" + sizeOption(val));
                case "tmpfs-mode" -> tmpfsOpts.add("mode=" + val);
                case "bind-propagation", "volume-nocopy", "consistency" -> { }
                default -> throw new IllegalArgumentException("unexpected key '" + k + "' in '" + m + "'");
            }
        }
        if (dst == null) throw new IllegalArgumentException("target is required in --mount '" + m + "'");
        return switch (type == null ? "" : type) {
            case "bind" -> {
                if (src == null || !src.startsWith("/")) throw new IllegalArgumentException("invalid mount config for type \"bind\": source must be an absolute path");
                yield new MountSpec(Type.BIND, src, dst, ro, null, false);
            }
            case "volume" -> new MountSpec(Type.VOLUME, src, dst, ro, null, src == null);
            case "tmpfs" -> {
                if (src != null) throw new IllegalArgumentException("invalid mount config for type \"tmpfs\": source must not be specified");
                yield new MountSpec(Type.TMPFS, null, dst, ro, String.join(",", tmpfsOpts), false);
            }
            default -> throw new IllegalArgumentException("invalid mount type \"" + type + "\": use bind, volume or tmpfs");
        };
    }

    /** {@code --tmpfs /path[:size=64m,mode=1777,...]} */
    public static MountSpec parseTmpfsFlag(String t) {
        int colon = t.indexOf(':');
        String dst = colon < 0 ? t : t.substring(0, colon);
        List<String> opts = new ArrayList<>();
        boolean ro = false;
        if (colon >= 0) {
            for (String o : t.substring(colon + 1).split(",")) {
                if (o.isEmpty()) continue;
                if (o.equals("ro")) ro = true;
                else if (o.startsWith("size=")) opts.add("size=" + sizeOption(o.substring(5)));
                else opts.add(o);
            }
        }
        return new MountSpec(Type.TMPFS, null, dst, ro, String.join(",", opts), false);
    }

    /** A tmpfs mount as mount(2) takes it: the flags, and the data string tmpfs itself reads. */
    public record TmpfsMount(long flags, String data) {
        /** The same as {@code mount -o} options, for the learner. */
        public String shellOptions() {
            List<String> o = new ArrayList<>();
            if ((flags & Kernel.MS_RDONLY) != 0) o.add("ro");
            SETS.forEach((word, bit) -> {
                if ((flags & bit) != 0) o.add(word);
            });
            o.add(data);
            return String.join(",", o);
        }
    }

    /** Mount options that are mount(2) flags, not tmpfs data (passed as data, tmpfs refuses them: EINVAL). */
    private static final Map<String, Long> SETS = new LinkedHashMap<>();
    private static final Map<String, Long> CLEARS = Map.of("rw", Kernel.MS_RDONLY, "suid", Kernel.MS_NOSUID,
            "dev", Kernel.MS_NODEV, "exec", Kernel.MS_NOEXEC, "atime", Kernel.MS_NOATIME);
    static {
        SETS.put("nosuid", Kernel.MS_NOSUID);
        SETS.put("nodev", Kernel.MS_NODEV);
        SETS.put("noexec", Kernel.MS_NOEXEC);
        SETS.put("sync", Kernel.MS_SYNCHRONOUS);
        SETS.put("dirsync", Kernel.MS_DIRSYNC);
        SETS.put("noatime", Kernel.MS_NOATIME);
        SETS.put("nodiratime", Kernel.MS_NODIRATIME);
        SETS.put("relatime", Kernel.MS_RELATIME);
        SETS.put("strictatime", Kernel.MS_STRICTATIME);
    }

    /**
     * Docker's tmpfs: nosuid, nodev and noexec unless {@code suid}, {@code dev} or {@code exec}
     * say otherwise, mode 1777 unless a mode is given; flag words become mount(2) flags, the rest
     * ({@code size=}, {@code mode=}, {@code uid=}...) is tmpfs's own data.
     */
    public TmpfsMount tmpfs() {
        long flags = Kernel.MS_NOSUID | Kernel.MS_NODEV | Kernel.MS_NOEXEC | (readOnly ? Kernel.MS_RDONLY : 0);
        List<String> data = new ArrayList<>();
        for (String o : options == null ? new String[0] : options.split(",")) {
            if (o.isEmpty()) continue;
            if (o.equals("ro")) flags |= Kernel.MS_RDONLY;
            else if (SETS.containsKey(o)) flags |= SETS.get(o);
            else if (CLEARS.containsKey(o)) flags &= ~CLEARS.get(o);
            else data.add(o);
        }
        if (data.stream().noneMatch(d -> d.startsWith("mode="))) data.add("mode=1777");
        return new TmpfsMount(flags, String.join(",", data));
    }

    /** Docker's sizes (64m, 1g, 1024) as tmpfs takes them (k, m, g suffixes or bytes). */
    static String sizeOption(String v) {
        if (v == null || !v.toLowerCase(Locale.ROOT).matches("\\d+[bkmg]?")) {
            throw new IllegalArgumentException("invalid tmpfs size \"" + v + "\": use a number with an optional unit k, m or g (e.g. 64m)");
        }
        String s = v.toLowerCase(Locale.ROOT);
        return s.endsWith("b") ? s.substring(0, s.length() - 1) : s;
    }

    /** As {@code docker inspect} lists it under Mounts. */
    public String describe() {
        return type.docker() + " " + (source == null ? "" : source + " -> ") + target + (readOnly ? " (ro)" : "");
    }
}
