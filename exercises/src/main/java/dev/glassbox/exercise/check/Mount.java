package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ContainerFacts;
import dev.glassbox.mount.MountInfo;
import dev.glassbox.mount.MountTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Something is mounted at {@code path} in the target's mount namespace (its mountinfo), of a
 * {@code kind} (bind, volume, tmpfs, overlay, proc, or any file system type), with these
 * {@code options} (per-mount like {@code ro}, or per-superblock like {@code size=16384k}),
 * from a host {@code source} directory, from the volume named {@code volume}, or from the same
 * place as the mount at {@code sameSourceAs.path} in {@code sameSourceAs.of} (--volumes-from).
 * With {@code present: false}, nothing may be mounted there.
 */
public record Mount(Target of, String path, String kind, List<String> options, String source, String volume,
                    SameSource sameSourceAs, Boolean present) implements Check {

    /** Where the other mount is: a target and a path in it. */
    public record SameSource(Target of, String path) {}

    private static final Pattern VOLUME_DIR = Pattern.compile(".*/volumes/([^/]+)/_data/?");

    public Mount {
        Objects.requireNonNull(of, "mount needs of: {container|process|host: true}");
        Objects.requireNonNull(path, "mount needs path: /MOUNT/POINT");
        options = options == null ? List.of() : List.copyOf(options);
        if (present == null) present = true;
    }

    /** What the grader makes of one mount: its kind, where its files are on the host, its volume. */
    record Seen(MountInfo info, String kind, String hostSource, String volume) {
        String describe() {
            StringBuilder b = new StringBuilder(kind);
            if (volume != null) b.append(" ").append(volume);
            if (hostSource != null && !kind.equals("tmpfs")) b.append(" from ").append(hostSource);
            b.append(" (").append(String.join(",", info.mountOptions()));
            if (info.fsType().equals("tmpfs") || info.fsType().equals("overlay")) {
                List<String> size = info.superOptions().stream().filter(o -> o.startsWith("size=")).toList();
                if (!size.isEmpty()) b.append(",").append(size.getFirst());
            }
            return b.append(")").toString();
        }
    }

    static Optional<Seen> seen(Machine m, Target t, String mountPoint) {
        int pid = m.pid(t);
        MountTable table = m.inspector().mounts(pid).table();
        Optional<MountInfo> at = table.mounts().stream().filter(mi -> mi.mountPoint().equals(mountPoint)).reduce((a, b) -> b);
        if (at.isEmpty()) return Optional.empty();
        MountInfo mi = at.get();
        String hostSource = hostPath(mi, m.inspector().mounts(m.hostPid()).table());
        ContainerFacts.MountFacts facts = null;
        if (t.container() != null) {
            facts = m.container(t.container()).mounts().stream().filter(f -> f.destination().equals(mountPoint)).findFirst().orElse(null);
        }
        String kind;
        String volume = null;
        if (facts != null) {
            kind = facts.type();
            volume = facts.volumeName();
            if (facts.source() != null && !facts.source().isEmpty()) hostSource = facts.source();
        } else if (!mi.root().equals("/")) {
            Matcher v = hostSource == null ? null : VOLUME_DIR.matcher(hostSource);
            if (v != null && v.matches()) {
                kind = "volume";
                volume = v.group(1);
            } else {
                kind = "bind";
            }
        } else {
            kind = mi.fsType();
        }
        if (volume == null && hostSource != null && kind.equals("volume")) {
            Matcher v = VOLUME_DIR.matcher(hostSource);
            if (v.matches()) volume = v.group(1);
        }
        return Optional.of(new Seen(mi, kind, hostSource, volume));
    }

    /** The host path of a mount's files: the host's mount of the same device, plus the mount's root within it. */
    static String hostPath(MountInfo mi, MountTable host) {
        MountInfo best = null;
        for (MountInfo h : host.mounts()) {
            if (h.major() != mi.major() || h.minor() != mi.minor()) continue;
            if (!mi.root().startsWith(h.root())) continue;
            if (best == null || h.root().length() > best.root().length()) best = h;
        }
        if (best == null) return null;
        String rest = mi.root().substring(best.root().length());
        if (best.mountPoint().equals("/")) return rest.isEmpty() ? "/" : (rest.startsWith("/") ? rest : "/" + rest);
        return best.mountPoint() + (rest.isEmpty() || rest.startsWith("/") ? rest : "/" + rest);
    }

    @Override
    public Observation evaluate(Machine m) {
        Optional<Seen> s = seen(m, of, path);
        String expected = expectedText();
        if (s.isEmpty()) return Observation.of(!present, expected, "nothing is mounted at " + path);
        if (!present) return Observation.of(false, expected, s.get().describe() + " at " + path);
        Seen seen = s.get();
        List<String> wrong = new ArrayList<>();
        if (kind != null && !kind.equals(seen.kind())) wrong.add("kind");
        for (String o : options) {
            if (!seen.info().mountOptions().contains(o) && !seen.info().superOptions().contains(o)) wrong.add("option " + o);
        }
        if (source != null && !source.equals(seen.hostSource())) wrong.add("source");
        if (volume != null && !volume.equals(seen.volume())) wrong.add("volume");
        if (sameSourceAs != null) {
            Optional<Seen> other = seen(m, sameSourceAs.of(), sameSourceAs.path());
            if (other.isEmpty() || !sameData(other.get().info(), seen.info())) {
                wrong.add("source");
                return Observation.of(false, expected, seen.describe() + " at " + path + "; " + sameSourceAs.of().describe() + " has "
                        + other.map(Seen::describe).orElse("nothing") + " at " + sameSourceAs.path());
            }
        }
        return Observation.of(wrong.isEmpty(), expected, seen.describe() + " at " + path);
    }

    private static boolean sameData(MountInfo a, MountInfo b) {
        return a.major() == b.major() && a.minor() == b.minor() && a.root().equals(b.root());
    }

    private String expectedText() {
        if (!present) return "nothing mounted at " + path;
        StringBuilder b = new StringBuilder(kind == null ? "a mount" : kind);
        if (volume != null) b.append(" ").append(volume);
        if (source != null) b.append(" from ").append(source);
        if (sameSourceAs != null) b.append(" of the same files as ").append(sameSourceAs.path()).append(" in ").append(sameSourceAs.of().describe());
        if (!options.isEmpty()) b.append(" with ").append(String.join(",", options));
        return b.append(" at ").append(path).toString();
    }

    @Override public String view() { return LAYERS; }

    @Override public String describe() { return of.describe() + " has " + expectedText(); }
}
