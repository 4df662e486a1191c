package dev.glassbox.slides.figures;

import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small time-series chart: the series as a line, an optional limit as a dashed red line
 * across, and marks (OOM kills) as red ticks with a label.
 */
public final class ChartFigure {
    private ChartFigure() {}

    /** {@code t} seconds from the chart's start; {@code v} the value. */
    public record Point(double t, double v) {}

    /**
     * @param limit  the limit to draw, or null
     * @param marks  times (seconds from start) to mark, e.g. OOM kills
     * @param format how to print a value on the axis ("64 MiB", "50 %")
     */
    public static Drawing draw(String title, List<Point> points, Double limit, List<Double> marks, double windowSeconds,
                               double width, double height, DoubleFunction<String> format, Palette p) {
        Drawing.Builder b = Drawing.builder();
        double left = 80, right = width - 16, top = 34, bottom = height - 26;
        double max = 1;
        for (Point pt : points) max = Math.max(max, pt.v());
        if (limit != null) max = Math.max(max, limit * 1.1);
        else max *= 1.2;
        double tEnd = points.isEmpty() ? windowSeconds : Math.max(windowSeconds, points.getLast().t());
        double tStart = tEnd - windowSeconds;
        b.box(left, top, right - left, bottom - top, p.chartFill(), p.hostStroke(), null);
        String last = points.isEmpty() ? "\u2013" : format.apply(points.getLast().v());
        b.bold(left, 22, title + ":  " + last + (limit != null ? "  (limit " + format.apply(limit) + ")" : ""),
                p.size(13), p.text());
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4, y = bottom - (bottom - top) * i / 4;
            b.line(left - 4, y, left, y, p.line(), 1);
            b.add(new Drawing.Text(left - 8, y + 4, format.apply(v), p.size(10), p.muted(), false, "end", false));
        }
        b.text(left, height - 8, String.format(Locale.ROOT, "last %.0f s", windowSeconds), p.size(10), p.muted());
        if (limit != null) {
            double y = bottom - (bottom - top) * limit / max;
            b.dashedLine(left, y, right, y, p.warn(), 1.5);
            b.add(new Drawing.Text(right - 4, y - 4, "limit " + format.apply(limit), p.size(10), p.warn(), true, "end", false));
        }
        double[] pts = new double[points.size() * 2];
        int n = 0;
        for (Point pt : points) {
            if (pt.t() < tStart) continue;
            pts[n++] = left + (right - left) * (pt.t() - tStart) / windowSeconds;
            pts[n++] = bottom - (bottom - top) * pt.v() / max;
        }
        if (n >= 4) b.polyline(java.util.Arrays.copyOf(pts, n), p.containerStroke(), 2, false);
        for (double m : marks) {
            if (m < tStart) continue;
            double x = left + (right - left) * (m - tStart) / windowSeconds;
            b.line(x, top, x, bottom, p.warn(), 2);
            b.add(new Drawing.Text(x + 3, top + 12, "OOM kill", p.size(10), p.warn(), true, "start", false));
        }
        return b.build(width, height);
    }

    public static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f %%", v);
    }
}
