package dev.glassbox.app.core;

import dev.glassbox.slides.draw.Palette;

/** The figure palette for the app's current mode. */
public final class Palettes {
    private Palettes() {}

    public static Palette of(AppContext ctx) {
        return ctx.presenterProperty().get() ? Palette.HIGH_CONTRAST : Palette.NORMAL;
    }
}
