package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ContainerFacts;
import java.util.Objects;

/**
 * A setting of the container as its engine records it: {@code tty}, {@code openStdin},
 * {@code user}, {@code readOnlyRootfs}, {@code hostname}, {@code autoRemove}, {@code image},
 * {@code cmd}, {@code networkMode}, {@code ports}... equals the given text, or matches
 * the regular expression in {@code matches}.
 */
public record ContainerConfig(String container, String field, String equals, String matches) implements Check {
    public ContainerConfig {
        Objects.requireNonNull(container, "container-config needs container: NAME");
        Objects.requireNonNull(field, "container-config needs field: (tty, user, image, cmd, ...)");
        if ((equals == null) == (matches == null)) throw new IllegalArgumentException("container-config needs one of equals or matches");
    }

    @Override
    public void validate() {
        if (matches != null) Machine.compile(matches);
    }

    @Override
    public Observation evaluate(Machine m) {
        ContainerFacts c = m.container(container);
        String value = field.equals("image") ? c.image() : c.config().get(field);
        String observed = value == null ? "no " + field + " recorded" : field + " = " + value;
        boolean pass = value != null && (equals != null ? equals.equals(value) : Machine.compile(matches).matcher(value).matches());
        return Observation.of(pass, field + (equals != null ? " = " + equals : " matching " + matches), observed);
    }

    @Override public String view() { return NAMESPACES; }

    @Override public String describe() { return "container " + container + " has " + field + (equals != null ? " = " + equals : " matching " + matches); }
}
