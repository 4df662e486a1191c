package dev.glassbox.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An overlay mount (see the kernel's Documentation/filesystems/overlayfs.rst): read-only lower
 * directories stacked under one writable upper directory, seen merged at the mount point.
 * Built from a mountinfo line; the directory names are the ones the mounter gave, which for
 * Docker, Podman and Glassbox are host paths.
 *
 * <p>The lookup methods read the layer directories on disk: a lookup walks the layers top
 * first and stops at the first layer that has the path, at a whiteout (a character device
 * 0/0 that marks a deleted file), at a non-directory that hides the rest of the path, or under
 * an opaque directory, through which lower layers do not show.
 *
 * @param mountId the mount's id in mountinfo
 * @param mountPoint the mount point as the inspected process sees it
 * @param merged where the host can read the merged view, e.g. {@code /proc/1234/root/} for a container's root
 * @param lowerDirs the lower directories, top first, in the order overlay lists them
 * @param upperDir the upper directory, or null for a read-only overlay
 * @param workDir overlay's scratch directory on the upper's file system, or null
 * @param dataDirs data-only lower layers ({@code datadir+=}), reached only by metacopy redirects
 * @param userXattr whether overlay keeps its marks in {@code user.overlay.*} instead of {@code trusted.overlay.*}
 */
public record OverlayStack(int mountId, String mountPoint, String merged, List<String> lowerDirs, String upperDir,
                           String workDir, List<String> dataDirs, boolean userXattr) {

    private static final int S_IFMT = 0170000, S_IFCHR = 0020000, S_IFDIR = 0040000;

    public OverlayStack {
        lowerDirs = List.copyOf(lowerDirs);
        dataDirs = List.copyOf(dataDirs);
    }

    /**
     * A lower layer that a runtime stacks over the image's, holding the empty mount points every
     * container gets (/proc, /sys, /dev, /etc/hosts...): Glassbox's {@code init-layer.N},
     * Docker's {@code ID-init/diff}.
     */
    public static boolean isInitLayer(String dir) {
        return dir.matches("(.*/)?init-layer\\.\\d+/?") || dir.matches(".*-init/diff/?");
    }

    /** The stack of an overlay mount, or empty when {@code m} is not overlay. */
    public static Optional<OverlayStack> from(MountInfo m, String merged) {
        if (!m.isOverlay()) return Optional.empty();
        List<String> lowers = new ArrayList<>(), data = new ArrayList<>();
        String upper = null, work = null;
        boolean userXattr = false;
        for (String o : m.superOptions()) {
            if (o.startsWith("lowerdir=")) lowers.addAll(splitColons(o.substring(9)));
            else if (o.startsWith("lowerdir+=")) lowers.add(o.substring(10));
            else if (o.startsWith("datadir+=")) data.add(o.substring(9));
            else if (o.startsWith("upperdir=")) upper = o.substring(9);
            else if (o.startsWith("workdir=")) work = o.substring(8);
            else if (o.equals("userxattr")) userXattr = true;
        }
        // lowerdir=a::b separates data-only layers after "::"; those are not part of the merged view
        int dataFrom = lowers.indexOf("");
        if (dataFrom >= 0) {
            data.addAll(0, lowers.subList(dataFrom + 1, lowers.size()));
            lowers = new ArrayList<>(lowers.subList(0, dataFrom));
        }
        // Docker chdirs into its overlay2 directory and names lowers relatively (l/ABC) when the
        // option string would be too long for a page; upperdir stays absolute, two levels below it
        if (upper != null && upper.startsWith("/") && Path.of(upper).getNameCount() >= 2) {
            Path base = Path.of(upper).getParent().getParent();
            lowers = lowers.stream().map(l -> l.startsWith("/") ? l : base.resolve(l).toString()).toList();
        }
        return Optional.of(new OverlayStack(m.mountId(), m.mountPoint(), merged, lowers, upper, work, data, userXattr));
    }

    /** Splits overlay's colon-separated lowerdir list; {@code \:} is a colon inside a name. */
    static List<String> splitColons(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** The layers a lookup walks, top first: upper (if any), then lower1..lowerN. */
    public List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        if (upperDir != null) out.add(new Layer("upper", upperDir, true));
        for (int i = 0; i < lowerDirs.size(); i++) out.add(new Layer("lower" + (i + 1), lowerDirs.get(i), false));
        return out;
    }

    /**
     * The layer that {@code path} of the merged view (e.g. {@code /etc/passwd}) comes from, or
     * empty when no layer has it or it was deleted (whiteout, opaque directory).
     */
    public Optional<Layer> origin(String path) {
        return lookup(layers(), components(path));
    }

    /** Like {@link #origin} but over the lower layers only: what the image alone shows at {@code path}. */
    public Optional<Layer> originInLowers(String path) {
        return lookup(layers().stream().filter(l -> !l.upper()).toList(), components(path));
    }

    private enum Found { YES, ABSENT, HIDDEN }

    private Optional<Layer> lookup(List<Layer> layers, List<String> comps) {
        for (Layer layer : layers) {
            Found f = lookupIn(Path.of(layer.dir()), comps);
            if (f == Found.YES) return Optional.of(layer);
            if (f == Found.HIDDEN) return Optional.empty();
        }
        return Optional.empty();
    }

    /** One layer's answer: has the path, has not, or hides it (and all lower layers) from view. */
    private Found lookupIn(Path base, List<String> comps) {
        Path cur = base;
        boolean underOpaque = false;
        for (int i = 0; i < comps.size(); i++) {
            cur = cur.resolve(comps.get(i));
            Map<String, Object> st = lstat(cur);
            if (st == null) return underOpaque ? Found.HIDDEN : Found.ABSENT;
            int mode = (Integer) st.get("mode");
            if (isWhiteout(mode, (Long) st.get("rdev"))) return Found.HIDDEN;
            boolean last = i == comps.size() - 1;
            if (!last) {
                if ((mode & S_IFMT) != S_IFDIR) return Found.HIDDEN; // a file here covers the directory below
                if (isOpaque(cur)) underOpaque = true;
            }
        }
        return Found.YES;
    }

    /** Reads the upper directory: whiteouts, opaque directories and the diff against the lower layers. */
    public UpperDirReport scanUpper() {
        if (upperDir == null) return UpperDirReport.NONE;
        Path upper = Path.of(upperDir);
        List<String> whiteouts = new ArrayList<>(), opaque = new ArrayList<>();
        TreeMap<String, Change> changes = new TreeMap<>();
        try {
            Files.walkFileTree(upper, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(upper)) return FileVisitResult.CONTINUE;
                    String rel = merged(upper, dir);
                    changes.put(rel, new Change(originInLowers(rel).isPresent() ? Change.Kind.C : Change.Kind.A, rel));
                    if (isOpaque(dir)) {
                        opaque.add(rel);
                        for (String hidden : lowerNames(rel)) {
                            String child = rel + "/" + hidden;
                            if (!Files.exists(dir.resolve(hidden), LinkOption.NOFOLLOW_LINKS)) {
                                changes.put(child, new Change(Change.Kind.D, child));
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = merged(upper, file);
                    Map<String, Object> st = lstat(file);
                    if (st != null && isWhiteout((Integer) st.get("mode"), (Long) st.get("rdev"))) {
                        whiteouts.add(rel);
                        changes.put(rel, new Change(Change.Kind.D, rel));
                    } else {
                        changes.put(rel, new Change(originInLowers(rel).isPresent() ? Change.Kind.C : Change.Kind.A, rel));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while we walked: a live container writes
                }
            });
        } catch (NoSuchFileException e) {
            return UpperDirReport.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upper directory " + upperDir + ": " + e.getMessage(), e);
        }
        whiteouts.sort(null);
        opaque.sort(null);
        return new UpperDirReport(whiteouts, opaque, new ArrayList<>(changes.values()));
    }

    /** Names the lower layers show in directory {@code rel}, down to the first lower where it is opaque. */
    private TreeSet<String> lowerNames(String rel) {
        TreeSet<String> names = new TreeSet<>();
        for (String lower : lowerDirs) {
            Path d = Path.of(lower).resolve(rel.substring(1));
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) continue;
            try (var s = Files.list(d)) {
                s.forEach(p -> {
                    Map<String, Object> st = lstat(p);
                    if (st != null && !isWhiteout((Integer) st.get("mode"), (Long) st.get("rdev"))) {
                        names.add(p.getFileName().toString());
                    }
                });
            } catch (IOException e) {
                continue;
            }
            if (isOpaque(d)) break;
        }
        return names;
    }

    private static String merged(Path upper, Path p) {
        return "/" + upper.relativize(p).toString();
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) if (!c.isEmpty() && !c.equals(".")) out.add(c);
        return out;
    }

    private static Map<String, Object> lstat(Path p) {
        try {
            return Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** overlayfs marks a deleted lower file with a character device numbered 0/0. */
    static boolean isWhiteout(int mode, long rdev) {
        return (mode & S_IFMT) == S_IFCHR && rdev == 0;
    }

    /** Whether directory {@code dir} carries overlay's opaque mark ({@code overlay.opaque = "y"}). */
    public boolean isOpaque(Path dir) {
        String attr = (userXattr ? "user" : "trusted") + ".overlay.opaque";
        return XattrCalls.lgetxattr(dir.toString(), attr).map(v -> v.length == 1 && v[0] == 'y').orElse(false);
    }
}
