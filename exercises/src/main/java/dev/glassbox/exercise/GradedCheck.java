package dev.glassbox.exercise;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.exercise.check.Check;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One check of an exercise with its grading: an id, the points it is worth, the feedback line
 * for a failure (with {@code {expected}} and {@code {observed}} filled in), an optional hint,
 * and feedback for known mistakes, chosen by what was observed. In a file the check's own
 * fields sit beside these:
 *
 * <pre>
 * - id: memory
 *   type: cgroup-limit
 *   of: {container: limited}
 *   resource: memory
 *   equals: 64m
 *   points: 2
 *   feedback: "limited should have 64 MiB of memory: expected {expected}, observed {observed}"
 *   mistakes:
 *     - observed: "128m.*"
 *       feedback: "You gave 128m: --memory takes the size itself (64m)."
 * </pre>
 */
@JsonDeserialize(using = GradedCheck.Reader.class)
public record GradedCheck(String id, int points, String feedback, String hint, List<Mistake> mistakes, Check check) {

    /** Feedback for one known wrong answer: used when the observation matches {@code observed} (a regex, found anywhere). */
    public record Mistake(String observed, String feedback) {}

    public GradedCheck {
        mistakes = mistakes == null ? List.of() : List.copyOf(mistakes);
    }

    /** The feedback for a failure that observed {@code observed}: a known mistake's, or the general line. */
    public String feedbackFor(String expected, String observed) {
        for (Mistake m : mistakes) {
            if (java.util.regex.Pattern.compile(m.observed()).matcher(observed).find()) return fill(m.feedback(), expected, observed);
        }
        return fill(feedback, expected, observed);
    }

    /**
     * The feedback when the check could not look at its target ({@code observed} says why, e.g.
     * "no container named web"): a known mistake's if one matches; the general line when it does
     * not need the expected value; else what was checked and what stood in the way, since the
     * general line's {@code {expected}} is a value ("64 MiB") and the check's description is not.
     */
    public String feedbackForUnresolved(String description, String observed) {
        for (Mistake m : mistakes) {
            if (java.util.regex.Pattern.compile(m.observed()).matcher(observed).find()) return fill(m.feedback(), description, observed);
        }
        if (!feedback.contains("{expected}")) return fill(feedback, description, observed);
        return "Checked that " + description + ", but " + observed + ".";
    }

    private static String fill(String template, String expected, String observed) {
        return template.replace("{expected}", expected).replace("{observed}", observed);
    }

    /** Splits the grading fields from the check's; the check is read by its type, strictly. */
    static final class Reader extends JsonDeserializer<GradedCheck> {
        @Override
        public GradedCheck deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode n = p.readValueAsTree();
            if (!(n instanceof ObjectNode o)) throw ctx.weirdStringException(n.toString(), GradedCheck.class, "a check is a mapping");
            ObjectNode rest = o.deepCopy();
            String id = text(rest.remove("id"));
            JsonNode pointsNode = rest.remove("points");
            String feedback = text(rest.remove("feedback"));
            String hint = text(rest.remove("hint"));
            JsonNode mistakesNode = rest.remove("mistakes");
            List<Mistake> mistakes = new ArrayList<>();
            if (mistakesNode != null) {
                for (JsonNode m : mistakesNode) mistakes.add(new Mistake(text(m.get("observed")), text(m.get("feedback"))));
            }
            Check check = ctx.readTreeAsValue(rest, Check.class);
            return new GradedCheck(id, pointsNode == null ? 1 : pointsNode.asInt(), feedback, hint, mistakes, check);
        }

        private static String text(JsonNode n) {
            return n == null || n.isNull() ? null : n.asText();
        }
    }
}
