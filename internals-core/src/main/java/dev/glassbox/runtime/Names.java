package dev.glassbox.runtime;

import java.util.List;
import java.util.random.RandomGenerator;

/** Random container names in Docker's style: an adjective and a pioneer of computing. */
final class Names {
    private static final List<String> ADJECTIVES = List.of("agile", "bold", "brave", "calm", "clever", "cosy", "curious",
            "daring", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lively", "lucid", "merry", "nimble",
            "patient", "quiet", "rapid", "sharp", "steady", "sunny", "tidy", "upbeat", "vivid", "witty", "zealous");
    private static final List<String> PIONEERS = List.of("allen", "babbage", "backus", "borg", "cerf", "dijkstra",
            "engelbart", "hamilton", "hopper", "kahn", "knuth", "lamport", "liskov", "lovelace", "mccarthy", "perlman",
            "ritchie", "shannon", "sutherland", "thompson", "torvalds", "turing", "wirth", "wozniak");

    private Names() {}

    static String random(RandomGenerator random) {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + PIONEERS.get(random.nextInt(PIONEERS.size()));
    }
}
