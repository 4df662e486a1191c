package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ImageFacts;
import java.util.Objects;
import java.util.Optional;

/** An image with this name exists, with between {@code minLayers} and {@code maxLayers} layers and at most {@code maxSizeBytes}. */
public record ImageExists(String image, Integer minLayers, Integer maxLayers, Long maxSizeBytes) implements Check {
    public ImageExists {
        Objects.requireNonNull(image, "image needs image: NAME[:TAG]");
    }

    @Override
    public Observation evaluate(Machine m) {
        Optional<ImageFacts> f = m.directory().image(image);
        String expected = "an image " + image + (minLayers == null ? "" : ", at least " + minLayers + " layers")
                + (maxLayers == null ? "" : ", at most " + maxLayers + " layers") + (maxSizeBytes == null ? "" : ", at most " + Text.bytes(maxSizeBytes));
        if (f.isEmpty()) return Observation.of(false, expected, "no image " + image);
        ImageFacts i = f.get();
        int layers = i.layers().size();
        boolean pass = (minLayers == null || layers >= minLayers) && (maxLayers == null || layers <= maxLayers)
                && (maxSizeBytes == null || i.sizeBytes() <= maxSizeBytes);
        return Observation.of(pass, expected, "image " + image + " with " + layers + " layers, " + Text.bytes(i.sizeBytes()));
    }

    @Override public String view() { return LAYERS; }

    @Override public String describe() { return "image " + image + " exists" + (maxLayers == null ? "" : " with at most " + maxLayers + " layers"); }
}
