package dev.glassbox.exercise.check;

import dev.glassbox.exercise.directory.ContainerFacts;
import java.util.Objects;

/** The container is in this state (created, running, paused, exited) and, when given, ended with this code. */
public record ContainerState(String container, String state, Integer exitCode) implements Check {
    public ContainerState {
        Objects.requireNonNull(container, "container-state needs container: NAME");
        Objects.requireNonNull(state, "container-state needs state: created|running|paused|exited");
    }

    @Override
    public void validate() {
        if (!java.util.List.of("created", "running", "paused", "exited", "dead").contains(state)) {
            throw new IllegalArgumentException("container-state: unknown state " + state + " (created, running, paused, exited, dead)");
        }
    }

    @Override
    public Observation evaluate(Machine m) {
        ContainerFacts c = m.container(container);
        String expected = state + (exitCode == null ? "" : " with exit code " + exitCode);
        String observed = c.state() + (c.exitCode() == null ? "" : " with exit code " + c.exitCode());
        boolean pass = c.state().equals(state) && (exitCode == null || exitCode.equals(c.exitCode()));
        return Observation.of(pass, expected, observed);
    }

    @Override public String view() { return NAMESPACES; }

    @Override public String describe() { return "container " + container + " is " + state + (exitCode == null ? "" : " (exit code " + exitCode + ")"); }
}
