package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ImageFacts;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The image's history (docker history, oldest first) has instructions matching these regular
 * expressions in this order: dependencies before the source, so a change of source leaves the
 * dependency layers cached.
 */
public record ImageHistory(String image, List<String> order) implements Check {
    public ImageHistory {
        Objects.requireNonNull(image, "image-history needs image: NAME[:TAG]");
        Objects.requireNonNull(order, "image-history needs order: [REGEX, ...]");
        order = List.copyOf(order);
    }

    @Override
    public void validate() {
        order.forEach(Machine::compile);
    }

    @Override
    public Observation evaluate(Machine m) {
        ImageFacts i = Images.require(m, image);
        int at = 0;
        StringBuilder found = new StringBuilder();
        for (String regex : order) {
            Pattern p = Pattern.compile(regex);
            int hit = -1;
            for (int k = at; k < i.history().size(); k++) {
                if (p.matcher(i.history().get(k).createdBy()).find()) {
                    hit = k;
                    break;
                }
            }
            if (hit < 0) {
                int anywhere = -1;
                for (int k = 0; k < i.history().size(); k++) if (p.matcher(i.history().get(k).createdBy()).find()) anywhere = k;
                return Observation.of(false, "instructions in order: " + order,
                        anywhere < 0 ? "no instruction matches " + regex : "`" + Text.clip(i.history().get(anywhere).createdBy(), 60)
                                + "` comes too early (step " + (anywhere + 1) + ")" + found);
            }
            found.append(found.isEmpty() ? "; " : ", ").append(regex).append(" at step ").append(hit + 1);
            at = hit + 1;
        }
        return Observation.of(true, "instructions in order: " + order, "in order" + found);
    }

    @Override public String view() { return LAYERS; }

    @Override public String describe() { return "image " + image + " is built in the order " + order; }
}
