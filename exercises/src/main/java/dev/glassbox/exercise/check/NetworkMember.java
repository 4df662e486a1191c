package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ContainerFacts;
import java.util.Objects;

/**
 * The container is (or, with {@code member: false}, is not) attached to the engine network of
 * this name ({@code bridge} is Docker's default bridge, {@code host}, {@code none}, or a
 * user-defined one).
 */
public record NetworkMember(String container, String network, Boolean member) implements Check {
    public NetworkMember {
        Objects.requireNonNull(container, "network needs container: NAME");
        Objects.requireNonNull(network, "network needs network: NAME");
        if (member == null) member = true;
    }

    @Override
    public Observation evaluate(Machine m) {
        ContainerFacts c = m.container(container);
        boolean in = c.networks().containsKey(network);
        String observed = c.networks().isEmpty() ? "on no network" : "on " + String.join(", ", c.networks().entrySet().stream()
                .map(e -> e.getKey() + (e.getValue().isEmpty() ? "" : " (" + e.getValue() + ")")).sorted().toList());
        return Observation.of(in == member, (member ? "on network " : "not on network ") + network, observed);
    }

    @Override public String view() { return NETWORK; }

    @Override public String describe() { return "container " + container + (member ? " is on network " : " is not on network ") + network; }
}
