package dev.glassbox.slides.figures;

import dev.glassbox.mount.Layer;
import dev.glassbox.mount.OverlayStack;
import dev.glassbox.mount.UpperDirReport;
import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.slides.draw.Texts;
import java.util.List;
import java.util.Map;

/**
 * An overlay stack as a diagram: the merged view on top, the writable upper layer, the
 * read-only lower layers (the image) below in lookup order, and the work directory beside.
 */
public final class LayerFigure {
    static final double LEFT = 16, W = 560, H = 46, GAP = 10;

    private LayerFigure() {}

    /**
     * @param report what the upper layer holds (may be {@link UpperDirReport#NONE})
     * @param notes  a short note per layer directory (an image layer's digest or size), may be empty
     */
    public static Drawing draw(OverlayStack s, UpperDirReport report, Map<String, String> notes, Palette p) {
        Drawing.Builder b = Drawing.builder();
        b.bold(LEFT, 26, "Overlay file system: what the container sees at " + s.mountPoint(), p.size(16), p.text());
        b.text(LEFT, 46, "a lookup walks the layers top first; writes go to the upper layer (copy-up)",
                p.size(12), p.muted());
        double y = 60;
        b.box(LEFT, y, W, H, p.highlightFill(), p.highlightStroke(), "merged");
        b.bold(LEFT + 12, y + 20, "merged  (the container's /)", p.size(13), p.text());
        b.mono(LEFT + 12, y + 37, Texts.shorten(s.merged(), 70), p.size(10), p.muted());
        y += H + GAP;
        List<Layer> layers = s.layers();
        for (Layer l : layers) {
            boolean up = l.upper();
            b.box(LEFT, y, W, H, up ? p.containerFill() : p.hostFill(), up ? p.containerStroke() : p.hostStroke(),
                    "layer:" + l.name());
            String title = up ? "upper  (read-write: the container layer)"
                    : l.name() + (OverlayStack.isInitLayer(l.dir()) ? "  (read-only, init layer: mount points)" : "  (read-only, image layer)");
            b.bold(LEFT + 12, y + 20, title, p.size(13), p.text());
            b.mono(LEFT + 12, y + 37, Texts.shorten(l.dir(), 70), p.size(10), p.muted());
            String note = notes.get(l.dir());
            if (up) {
                note = report.changes().size() + " changes, " + report.whiteouts().size() + " whiteouts, "
                        + report.opaqueDirs().size() + " opaque dirs";
            }
            if (note != null) b.add(new Drawing.Text(LEFT + W - 10, y + 20, note, p.size(11), p.muted(), false, "end", false));
            y += H + GAP;
        }
        if (s.workDir() != null) {
            b.dashedBox(LEFT, y + 6, W, 34, null, p.line(), "workdir");
            b.text(LEFT + 12, y + 28, "workdir (overlay's scratch space): "
                    + Texts.shorten(s.workDir(), 28), p.size(11), p.muted());
        }
        return b.build();
    }
}
