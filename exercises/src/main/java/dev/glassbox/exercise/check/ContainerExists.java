package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ContainerFacts;
import java.util.Objects;
import java.util.Optional;

/** A container with this name exists (any state), or, with {@code exists: false}, does not. */
public record ContainerExists(String container, Boolean exists) implements Check {
    public ContainerExists {
        Objects.requireNonNull(container, "container-exists needs container: NAME");
        if (exists == null) exists = true;
    }

    @Override
    public Observation evaluate(Machine m) {
        Optional<ContainerFacts> c = m.directory().find(container);
        String observed = c.map(f -> "container " + container + " exists (" + f.state() + ")").orElse("no container named " + container);
        return Observation.of(c.isPresent() == exists, exists ? "a container named " + container : "no container named " + container, observed);
    }

    @Override public String view() { return NAMESPACES; }

    @Override public String describe() { return exists ? "a container named " + container + " exists" : "no container named " + container + " is left"; }
}
