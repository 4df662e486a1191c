package dev.glassbox.app.layers;

import dev.glassbox.app.core.Target;
import dev.glassbox.inspect.Inspector;
import dev.glassbox.inspect.MountView;
import dev.glassbox.mount.Layer;
import dev.glassbox.mount.OverlayStack;
import dev.glassbox.mount.UpperDirReport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The overlay stack at the target's root and a browser of its merged view: each entry of the
 * current directory with the layer it comes from; entries deleted in the container (whiteouts)
 * and opaque directories marked. Read every second, so files the container writes show up in
 * the upper layer as they are copied up.
 */
public final class LayersViewModel {
    static final int MAX_ENTRIES = 500;

    private final Inspector inspector;
    private volatile String dir = "/";

    public LayersViewModel(Inspector inspector) {
        this.inspector = inspector;
    }

    /** One entry of the directory being browsed. {@code layer}: "upper", "lower1"...; "deleted" for a whiteout. */
    public record Entry(String name, boolean directory, long size, String layer, boolean opaque) {
        public boolean inUpper() { return "upper".equals(layer); }
    }

    public record Snapshot(OverlayStack stack, UpperDirReport report, String dir, List<Entry> entries) {
        public Entry entry(String name) {
            return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        }
    }

    public String dir() { return dir; }

    /** Browses into {@code path} (absolute, in the container) from the next read on. */
    public void browse(String path) {
        dir = path == null || path.isEmpty() ? "/" : path;
    }

    public void up() {
        String d = dir;
        if (d.equals("/")) return;
        int i = d.lastIndexOf('/');
        dir = i <= 0 ? "/" : d.substring(0, i);
    }

    public Snapshot read(Target target) {
        if (target.pid() <= 0) throw new IllegalStateException(target.name() + " is not running: start it, or pick a PID");
        MountView mv = inspector.mounts(target.pid());
        OverlayStack s = mv.rootOverlay();
        if (s == null) {
            throw new IllegalStateException("the root of PID " + target.pid() + " is not an overlay (the host's is not): "
                    + "pick a container");
        }
        UpperDirReport report = s.upperDir() == null ? UpperDirReport.NONE : s.scanUpper();
        String d = dir;
        List<Entry> entries = new ArrayList<>();
        Path merged = Path.of(s.merged() + (d.equals("/") ? "" : d));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(merged)) {
            for (Path p : ds) {
                if (entries.size() >= MAX_ENTRIES) break;
                String name = p.getFileName().toString();
                String shown = Files.isSymbolicLink(p) ? name + " \u2192 " + linkTarget(p) : name;
                String inContainer = (d.equals("/") ? "" : d) + "/" + name;
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                long size = isDir ? 0 : Files.isSymbolicLink(p) ? 0 : sizeOf(p);
                String layer = s.origin(inContainer).map(Layer::name).orElse("?");
                entries.add(new Entry(shown, isDir, size, layer, report.opaqueDirs().contains(inContainer)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + d + " in the container: " + e.getMessage(), e);
        }
        String prefix = d.equals("/") ? "/" : d + "/";
        for (String w : report.whiteouts()) {
            if (w.startsWith(prefix) && w.indexOf('/', prefix.length()) < 0) {
                entries.add(new Entry(w.substring(prefix.length()), false, 0, "deleted", false));
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.directory()).thenComparing(Entry::name));
        return new Snapshot(s, report, d, List.copyOf(entries));
    }

    private static String linkTarget(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
