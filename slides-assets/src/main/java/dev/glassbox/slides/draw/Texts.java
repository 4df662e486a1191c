package dev.glassbox.slides.draw;

/**
 * Text widths estimated without a font engine, so layouts give the same result in the app, in
 * a headless figure run and in a test. Generous on purpose: a box a little wide reads better
 * than one whose label overflows.
 */
public final class Texts {
    private Texts() {}

    /** Width of {@code s} in a proportional sans-serif font of {@code size} px. */
    public static double width(String s, double size) {
        double w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("il.,:;'|!".indexOf(c) >= 0) w += 0.3;
            else if ("mwMW@".indexOf(c) >= 0) w += 0.9;
            else if (Character.isUpperCase(c) || Character.isDigit(c)) w += 0.65;
            else w += 0.56;
        }
        return w * size;
    }

    /** Width of {@code s} in a monospaced font of {@code size} px. */
    public static double monoWidth(String s, double size) {
        return s.length() * size * 0.62;
    }

    /** {@code s} cut to at most {@code max} characters, with an ellipsis in the middle (paths keep both ends). */
    public static String shorten(String s, int max) {
        if (s == null) return "";
        if (s.length() <= max) return s;
        int head = (max - 1) / 2, tail = max - 1 - head;
        return s.substring(0, head) + "\u2026" + s.substring(s.length() - tail);
    }
}
