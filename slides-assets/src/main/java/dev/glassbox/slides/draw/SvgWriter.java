package dev.glassbox.slides.draw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a {@link Drawing} as a standalone SVG 1.1 document. */
public final class SvgWriter {
    private SvgWriter() {}

    public static String toSvg(Drawing d) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(n(d.width()))
                .append("\" height=\"").append(n(d.height())).append("\" viewBox=\"0 0 ").append(n(d.width()))
                .append(' ').append(n(d.height())).append("\">\n");
        b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                + "fill=\"context-stroke\"/></marker></defs>\n");
        b.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (Drawing.Shape s : d.shapes()) {
            switch (s) {
                case Drawing.Box r -> {
                    b.append("<rect x=\"").append(n(r.x())).append("\" y=\"").append(n(r.y())).append("\" width=\"")
                            .append(n(r.w())).append("\" height=\"").append(n(r.h())).append("\" rx=\"")
                            .append(n(r.radius())).append("\" fill=\"").append(r.fill() == null ? "none" : r.fill())
                            .append("\" stroke=\"").append(r.stroke() == null ? "none" : r.stroke()).append('"');
                    if (r.dashed()) b.append(" stroke-dasharray=\"6 4\"");
                    if (r.tag() != null) b.append(" data-tag=\"").append(escape(r.tag())).append('"');
                    b.append("/>\n");
                }
                case Drawing.Line l -> {
                    b.append("<line x1=\"").append(n(l.x1())).append("\" y1=\"").append(n(l.y1())).append("\" x2=\"")
                            .append(n(l.x2())).append("\" y2=\"").append(n(l.y2())).append("\" stroke=\"")
                            .append(l.stroke()).append("\" stroke-width=\"").append(n(l.width())).append('"');
                    if (l.dashed()) b.append(" stroke-dasharray=\"6 4\"");
                    if (l.arrow()) b.append(" marker-end=\"url(#arrow)\"");
                    b.append("/>\n");
                }
                case Drawing.Text t -> {
                    b.append("<text x=\"").append(n(t.x())).append("\" y=\"").append(n(t.y()))
                            .append("\" font-family=\"").append(t.mono() ? "DejaVu Sans Mono, monospace" : "DejaVu Sans, Arial, sans-serif")
                            .append("\" font-size=\"").append(n(t.size())).append("\" fill=\"").append(t.color()).append('"');
                    if (t.bold()) b.append(" font-weight=\"bold\"");
                    if (!"start".equals(t.anchor())) b.append(" text-anchor=\"").append(t.anchor()).append('"');
                    b.append('>').append(escape(t.text())).append("</text>\n");
                }
                case Drawing.Polyline p -> {
                    b.append("<polyline fill=\"none\" stroke=\"").append(p.stroke()).append("\" stroke-width=\"")
                            .append(n(p.width())).append("\" points=\"");
                    double[] pts = p.points();
                    for (int i = 0; i + 1 < pts.length; i += 2) {
                        if (i > 0) b.append(' ');
                        b.append(n(pts[i])).append(',').append(n(pts[i + 1]));
                    }
                    b.append('"');
                    if (p.dashed()) b.append(" stroke-dasharray=\"6 4\"");
                    b.append("/>\n");
                }
            }
        }
        b.append("</svg>\n");
        return b.toString();
    }

    public static void write(Drawing d, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, toSvg(d), StandardCharsets.UTF_8);
    }

    private static String n(double v) {
        if (v == Math.rint(v)) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') b.append('?'); else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
