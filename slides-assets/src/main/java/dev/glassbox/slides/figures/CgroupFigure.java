package dev.glassbox.slides.figures;

import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;

/** Draws a {@link CgroupTree} as an indented tree of boxes, the cgroups of interest highlighted. */
public final class CgroupFigure {
    static final double ROW = 40, INDENT = 28, LEFT = 16, TOP = 88;

    private CgroupFigure() {}

    public static Drawing draw(CgroupTree tree, Palette p) {
        Drawing.Builder b = Drawing.builder();
        // true on either version: a v1 host has one such tree per controller, a v2 host one tree
        b.bold(LEFT, 26, "cgroup tree: one directory per cgroup under /sys/fs/cgroup", p.size(16), p.text());
        b.text(LEFT, 46, "highlighted: the container's cgroup; its limits are files in its directory:", p.size(12), p.muted());
        b.text(LEFT, 62, "v2: memory.max, cpu.max, pids.max", p.size(12), p.muted());
        b.text(LEFT, 78, "v1: memory.limit_in_bytes, cpu.cfs_quota_us, pids.max (one tree per controller)", p.size(12), p.muted());
        int[] row = {0};
        node(b, tree, 0, row, p, -1);
        return b.build();
    }

    private static double node(Drawing.Builder b, CgroupTree t, int depth, int[] row, Palette p, double parentY) {
        double x = LEFT + depth * INDENT, y = TOP + row[0] * ROW;
        row[0]++;
        String title = dev.glassbox.slides.draw.Texts.shorten(t.name(), 30) + (t.hidden() > 0 ? "   (+" + t.hidden() + " not shown)" : "");
        double w = Math.max(200, dev.glassbox.slides.draw.Texts.width(title, p.size(13)) + 24);
        if (!t.limits().isEmpty()) w = Math.max(w, dev.glassbox.slides.draw.Texts.width(t.limits(), p.size(11)) + 24);
        String fill = t.focus() ? p.highlightFill() : t.limits().isEmpty() ? p.hostFill() : p.containerFill();
        String stroke = t.focus() ? p.highlightStroke() : t.limits().isEmpty() ? p.hostStroke() : p.containerStroke();
        b.box(x, y, w, ROW - 6, fill, stroke, "cgroup:" + t.path());
        b.text(x + 10, y + (t.limits().isEmpty() ? 22 : 15), title, p.size(13), p.text());
        if (!t.limits().isEmpty()) b.text(x + 10, y + 29, t.limits(), p.size(11), p.muted());
        if (parentY >= 0) {
            double px = x - INDENT + 10;
            b.line(px, parentY, px, y + (ROW - 6) / 2, p.line(), 1);
            b.line(px, y + (ROW - 6) / 2, x, y + (ROW - 6) / 2, p.line(), 1);
        }
        double myBottom = y + ROW - 6;
        for (CgroupTree c : t.children()) node(b, c, depth + 1, row, p, myBottom);
        return y;
    }
}
