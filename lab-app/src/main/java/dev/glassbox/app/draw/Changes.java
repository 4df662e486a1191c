package dev.glassbox.app.draw;

import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Marks in a figure what the last step changed: every box whose tag the step reported is
 * drawn in the warning colours with a thick outline, and, when {@code note} is given, the note
 * is written at its right ("made by the last step").
 */
public final class Changes {
    private Changes() {}

    /** The shapes of {@code d}, with the boxes whose tag {@code changed} accepts marked. */
    public static Drawing mark(Drawing d, Predicate<String> changed, String note, Palette p) {
        List<Drawing.Shape> out = new ArrayList<>();
        List<Drawing.Shape> notes = new ArrayList<>();
        double width = d.width();
        for (Drawing.Shape s : d.shapes()) {
            if (s instanceof Drawing.Box b && b.tag() != null && changed.test(b.tag())) {
                out.add(new Drawing.Box(b.x(), b.y(), b.w(), b.h(), p.warnFill(), p.warn(), false, b.radius(), b.tag()));
                if (note != null) {
                    double x = b.x() + b.w() + 8;
                    notes.add(new Drawing.Text(x, b.y() + b.h() / 2 + 4, note, p.size(11), p.warn(), true, "start", false));
                    width = Math.max(width, x + dev.glassbox.slides.draw.Texts.width(note, p.size(11)) + 16);
                }
            } else {
                out.add(s);
            }
        }
        out.addAll(notes);
        return new Drawing(width, d.height(), out);
    }

    /** The tags of boxes marked in {@code d} with {@code p}'s warning fill (tests). */
    public static Set<String> marked(Drawing d, Palette p) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Drawing.Shape s : d.shapes()) {
            if (s instanceof Drawing.Box b && b.tag() != null && p.warnFill().equals(b.fill()) && p.warn().equals(b.stroke())) out.add(b.tag());
        }
        return out;
    }

    /**
     * Whether a cgroup box's tag ({@code cgroup:/glassbox/ab}) is one the step reported: the same
     * path, or the reported one ends with it (a v1 controller directory in front).
     */
    public static boolean cgroupChanged(String boxTag, Set<String> changed) {
        if (!boxTag.startsWith("cgroup:")) return false;
        String path = boxTag.substring("cgroup:".length());
        if (path.isEmpty() || path.equals("/")) return false;
        for (String c : changed) {
            if (!c.startsWith("cgroup:")) continue;
            String r = c.substring("cgroup:".length());
            if (r.equals(path) || r.endsWith(path) && path.startsWith("/")) return true;
        }
        return false;
    }
}
