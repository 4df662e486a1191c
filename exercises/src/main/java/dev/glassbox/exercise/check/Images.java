package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ImageFacts;

/** Finding an image for the image checks. */
final class Images {
    private Images() {}

    static ImageFacts require(Machine m, String ref) {
        return m.directory().image(ref).orElseThrow(() -> new Unresolved("no image " + ref));
    }

    /** Layers that hold files (docker history lines without "0B"). */
    static long fileLayers(ImageFacts i) {
        return i.layers().size();
    }
}
