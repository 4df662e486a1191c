package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ImageFacts;
import java.util.Objects;

/** Two images share their first {@code atLeast} layers: the build cache was used for them. */
public record ImageSharesLayers(String image, String with, Integer atLeast) implements Check {
    public ImageSharesLayers {
        Objects.requireNonNull(image, "image-shares-layers needs image: NAME");
        Objects.requireNonNull(with, "image-shares-layers needs with: NAME");
        Objects.requireNonNull(atLeast, "image-shares-layers needs atLeast: N");
    }

    @Override
    public Observation evaluate(Machine m) {
        ImageFacts a = Images.require(m, image), b = Images.require(m, with);
        int shared = 0;
        while (shared < a.layers().size() && shared < b.layers().size() && a.layers().get(shared).equals(b.layers().get(shared))) shared++;
        boolean differ = !a.id().equals(b.id());
        return Observation.of(shared >= atLeast && differ, "two different images sharing their first " + atLeast + " layers",
                differ ? "they share their first " + shared + " layers (of " + a.layers().size() + " and " + b.layers().size() + ")"
                        : "they are the same image " + a.id());
    }

    @Override public String view() { return LAYERS; }

    @Override public String describe() { return image + " and " + with + " share their first " + atLeast + " layers"; }
}
