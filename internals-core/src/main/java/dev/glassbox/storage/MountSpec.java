package dev.glassbox.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One storage mount of a container, as Docker's {@code -v}, {@code --mount} and
 * {@code --tmpfs} describe it.
 *
 * @param source a host path (bind), a volume name (volume; null before an anonymous one is named), unused for tmpfs
 * @param options for tmpfs: the mount data, e.g. {@code size=65536k,mode=1777}
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
