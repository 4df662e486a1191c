package dev.glassbox.exercise.directory;

import java.util.Map;

/**
 * A network of the engine: name, driver and members.
 *
 * @param containers member container names to their IPv4 address on it
 */
public record NetworkFacts(String id, String name, String driver, Map<String, String> containers) {
    public NetworkFacts {
        containers = Map.copyOf(containers);
    }
}
