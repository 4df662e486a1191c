package dev.glassbox.slides.draw;

/**
 * The colours of every figure. {@link #NORMAL} for screens and slides, {@link #HIGH_CONTRAST}
 * for a projector in a bright room (the app's presenter mode).
 */
public record Palette(String text, String muted, String line, String hostFill, String hostStroke,
                      String containerFill, String containerStroke, String highlightFill, String highlightStroke,
                      String warnFill, String warn, String accent, String chartFill, double fontScale) {

    public static final Palette NORMAL = new Palette("#1f2328", "#57606a", "#6e7781", "#eaeef2", "#8c959f",
            "#ddf4ff", "#0969da", "#fff8c5", "#bf8700", "#ffebe9", "#cf222e", "#8250df", "#f6f8fa", 1.0);

    public static final Palette HIGH_CONTRAST = new Palette("#000000", "#222222", "#000000", "#e0e0e0", "#000000",
            "#c8e6ff", "#003d99", "#ffe066", "#000000", "#ffd0d0", "#b00000", "#5a00b0", "#ffffff", 1.35);

    /** A font size in this palette's scale. */
    public double size(double base) {
        return Math.round(base * fontScale * 10) / 10.0;
    }
}
