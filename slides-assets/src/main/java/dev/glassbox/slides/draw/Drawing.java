package dev.glassbox.slides.draw;

import java.util.ArrayList;
import java.util.List;

/**
 * A figure as plain shapes: what the lab app draws on screen and what {@link SvgWriter} writes
 * for the slides. Layout code builds one; renderers never decide positions.
 *
 * @param width  the figure's width in pixels
 * @param height its height
 * @param shapes back to front
 */
public record Drawing(double width, double height, List<Shape> shapes) {

    public Drawing {
        shapes = List.copyOf(shapes);
    }

    /** One thing to draw. Colours are {@code #rrggbb}; null fill means none. */
    public sealed interface Shape permits Box, Line, Text, Polyline {}

    /**
     * A rectangle. {@code tag} names what it stands for (a namespace id, a cgroup path, a file),
     * so the app can highlight or click it; null when it stands for nothing.
     */
    public record Box(double x, double y, double w, double h, String fill, String stroke, boolean dashed,
                      double radius, String tag) implements Shape {}

    public record Line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed,
                       boolean arrow) implements Shape {}

    /** {@code anchor}: "start", "middle" or "end", as SVG's text-anchor; y is the baseline. */
    public record Text(double x, double y, String text, double size, String color, boolean bold, String anchor,
                       boolean mono) implements Shape {}

    /** An open line through the points (x0, y0, x1, y1, ...). */
    public record Polyline(double[] points, String stroke, double width, boolean dashed) implements Shape {
        public Polyline {
            points = points.clone();
        }
    }

    /** Collects shapes; grows the size to what was drawn plus a margin. */
    public static final class Builder {
        private final List<Shape> shapes = new ArrayList<>();
        private double maxX;
        private double maxY;

        public Builder box(double x, double y, double w, double h, String fill, String stroke, String tag) {
            return add(new Box(x, y, w, h, fill, stroke, false, 6, tag), x + w, y + h);
        }

        public Builder dashedBox(double x, double y, double w, double h, String fill, String stroke, String tag) {
            return add(new Box(x, y, w, h, fill, stroke, true, 6, tag), x + w, y + h);
        }

        public Builder line(double x1, double y1, double x2, double y2, String stroke, double width) {
            return add(new Line(x1, y1, x2, y2, stroke, width, false, false), Math.max(x1, x2), Math.max(y1, y2));
        }

        public Builder dashedLine(double x1, double y1, double x2, double y2, String stroke, double width) {
            return add(new Line(x1, y1, x2, y2, stroke, width, true, false), Math.max(x1, x2), Math.max(y1, y2));
        }

        public Builder arrow(double x1, double y1, double x2, double y2, String stroke, double width) {
            return add(new Line(x1, y1, x2, y2, stroke, width, false, true), Math.max(x1, x2), Math.max(y1, y2));
        }

        public Builder text(double x, double y, String text, double size, String color) {
            return add(new Text(x, y, text, size, color, false, "start", false), x + Texts.width(text, size), y);
        }

        public Builder bold(double x, double y, String text, double size, String color) {
            return add(new Text(x, y, text, size, color, true, "start", false), x + Texts.width(text, size), y);
        }

        public Builder mono(double x, double y, String text, double size, String color) {
            return add(new Text(x, y, text, size, color, false, "start", true), x + Texts.monoWidth(text, size), y);
        }

        public Builder centered(double x, double y, String text, double size, String color, boolean bold) {
            return add(new Text(x, y, text, size, color, bold, "middle", false), x + Texts.width(text, size) / 2, y);
        }

        public Builder polyline(double[] points, String stroke, double width, boolean dashed) {
            double mx = 0, my = 0;
            for (int i = 0; i + 1 < points.length; i += 2) {
                mx = Math.max(mx, points[i]);
                my = Math.max(my, points[i + 1]);
            }
            return add(new Polyline(points, stroke, width, dashed), mx, my);
        }

        /** A shape as is (right- or centre-anchored text, say); grows the size to include it. */
        public Builder add(Shape s) {
            return switch (s) {
                case Box r -> add(r, r.x() + r.w(), r.y() + r.h());
                case Line l -> add(l, Math.max(l.x1(), l.x2()), Math.max(l.y1(), l.y2()));
                case Text t -> add(t, t.x() + ("start".equals(t.anchor()) ? Texts.width(t.text(), t.size()) : 0), t.y());
                case Polyline p -> polyline(p.points(), p.stroke(), p.width(), p.dashed());
            };
        }

        private Builder add(Shape s, double x, double y) {
            shapes.add(s);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
            return this;
        }

        public Drawing build() {
            return new Drawing(Math.ceil(maxX + 16), Math.ceil(maxY + 16), shapes);
        }

        /** A drawing of exactly this size (charts, whose frame sets the size). */
        public Drawing build(double width, double height) {
            return new Drawing(width, height, shapes);
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
