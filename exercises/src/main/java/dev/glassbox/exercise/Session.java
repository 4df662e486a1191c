package dev.glassbox.exercise;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The parts of the course, in the order they are taught. */
public enum Session {
    USING_CONTAINERS("using-containers", "Session 1: using containers"),
    BY_HAND("by-hand", "Internals by hand"),
    IMAGES("images", "Session 2: images and Dockerfiles"),
    DOCKERIZE("dockerize", "Session 3: dockerize a program"),
    SECURITY("security", "Security");

    private final String id;
    private final String title;

    Session(String id, String title) {
        this.id = id;
        this.title = title;
    }

    @JsonValue
    public String id() { return id; }

    public String title() { return title; }

    @JsonCreator
    public static Session of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown session " + id + " (" + String.join(", ", Arrays.stream(values()).map(Session::id).toList()) + ")"));
    }
}
