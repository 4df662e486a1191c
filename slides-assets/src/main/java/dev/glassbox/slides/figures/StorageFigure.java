package dev.glassbox.slides.figures;

import dev.glassbox.inspect.MountView;
import dev.glassbox.mount.MountInfo;
import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.slides.draw.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Storage types of one container, from its mount table: the container layer (overlay upper),
 * bind mounts, volumes and tmpfs, each drawn from its mount point inside to where the data
 * lives outside (the host's disk, the engine's volume directory, memory).
 */
public final class StorageFigure {
    /** The kinds of storage Docker's documentation distinguishes. */
    public enum Kind { CONTAINER_LAYER, BIND, VOLUME, TMPFS }

    /** One mount worth showing: where it is inside, what kind, where the data is. */
    public record Item(Kind kind, String mountPoint, String where) {}

    private static final Set<String> RUNTIME_FILES = Set.of("/etc/hosts", "/etc/hostname", "/etc/resolv.conf");

    private StorageFigure() {}

    /** The mounts of a container that are storage the user asked for (not /proc, /dev, /sys). */
    public static List<Item> classify(MountView v) {
        List<Item> out = new ArrayList<>();
        for (MountInfo m : v.mounts()) {
            String mp = m.mountPoint();
            if (mp.equals("/") && m.isOverlay()) {
                out.add(new Item(Kind.CONTAINER_LAYER, "/", v.rootOverlay() != null && v.rootOverlay().upperDir() != null
                        ? v.rootOverlay().upperDir() : "overlay upper directory"));
                continue;
            }
            if (mp.startsWith("/proc") || mp.startsWith("/sys") || mp.equals("/dev") || mp.startsWith("/dev/")
                    || RUNTIME_FILES.contains(mp)) {
                continue;
            }
            if (m.fsType().equals("tmpfs")) out.add(new Item(Kind.TMPFS, mp, "memory (tmpfs)"));
            else if (m.root().contains("/volumes/")) out.add(new Item(Kind.VOLUME, mp, m.root()));
            else if (!m.root().equals("/") || !List.of("proc", "sysfs", "devpts", "mqueue", "cgroup", "cgroup2").contains(m.fsType())) {
                out.add(new Item(Kind.BIND, mp, m.root() + " (" + m.source() + ")"));
            }
        }
        return out;
    }

    public static Drawing draw(String container, List<Item> items, Palette p) {
        Drawing.Builder b = Drawing.builder();
        b.bold(16, 26, "Storage of " + container + ": where each path's data lives", p.size(16), p.text());
        b.text(16, 46, "container layer: gone with the container; volume: kept by the engine; bind: a host directory; tmpfs: memory",
                p.size(12), p.muted());
        double y0 = 64, row = 58, cx = 16, cw = 260, hx = 420, hw = 430;
        double h = Math.max(1, items.size()) * row + 30;
        b.box(cx, y0, cw, h, p.containerFill(), p.containerStroke(), "container");
        b.bold(cx + 10, y0 + 20, "inside " + Texts.shorten(container, 22), p.size(13), p.text());
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            double y = y0 + 30 + i * row;
            String fill = switch (it.kind()) {
                case CONTAINER_LAYER -> p.containerFill();
                case VOLUME -> p.highlightFill();
                case BIND -> p.hostFill();
                case TMPFS -> p.warnFill();
            };
            b.box(cx + 10, y, cw - 20, row - 14, "#ffffff", p.line(), "mount:" + it.mountPoint());
            b.mono(cx + 20, y + 27, Texts.shorten(it.mountPoint(), 24), p.size(12), p.text());
            b.box(hx, y, hw, row - 14, fill, p.line(), "source:" + it.mountPoint());
            b.bold(hx + 10, y + 17, label(it.kind()), p.size(12), p.text());
            b.mono(hx + 10, y + 35, Texts.shorten(it.where(), 58), p.size(10), p.muted());
            b.arrow(cx + cw - 10, y + (row - 14) / 2, hx, y + (row - 14) / 2, p.line(), 1.5);
        }
        return b.build();
    }

    static String label(Kind k) {
        return switch (k) {
            case CONTAINER_LAYER -> "container layer (overlay upper dir on the host's disk)";
            case BIND -> "bind mount (a host path)";
            case VOLUME -> "volume (managed by the engine)";
            case TMPFS -> "tmpfs (in memory, never on disk)";
        };
    }
}
