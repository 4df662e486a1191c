package dev.glassbox.exercise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exercises shipped with Glassbox, in the order of the course: the files named in
 * {@code exercises/index.txt} on the classpath, each validated when loaded.
 */
public final class ExerciseCatalog {
    public static final String INDEX = "/exercises/index.txt";

    private final List<Exercise> exercises;

    public ExerciseCatalog(List<Exercise> exercises) {
        this.exercises = List.copyOf(exercises);
    }

    /** The built-in exercises; throws naming the first invalid file. */
    public static ExerciseCatalog builtIn() {
        List<Exercise> out = new ArrayList<>();
        for (String name : indexedFiles()) {
            try (InputStream in = resource(name)) {
                Exercise e = ExerciseFiles.read(in, name);
                List<String> problems = ExerciseValidator.problems(e);
                if (!problems.isEmpty()) throw new InvalidExerciseException(name + ": " + problems.getFirst());
                out.add(e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read exercise " + name, e);
            }
        }
        return new ExerciseCatalog(out);
    }

    /** The file names listed in the index, in course order. */
    public static List<String> indexedFiles() {
        try (InputStream in = ExerciseCatalog.class.getResourceAsStream(INDEX)) {
            if (in == null) throw new IllegalStateException("no " + INDEX + " on the classpath: the exercises module is incomplete");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    /** One built-in file's bytes, for validate. */
    public static InputStream resource(String name) {
        InputStream in = ExerciseCatalog.class.getResourceAsStream("/exercises/" + name);
        if (in == null) throw new IllegalStateException(INDEX + " lists " + name + " but there is no such file");
        return in;
    }

    public List<Exercise> all() { return exercises; }

    public Optional<Exercise> find(String id) {
        return exercises.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The exercise, or an exception whose message lists how to find the ids. */
    public Exercise require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no exercise " + id + ": see `glassbox exercise list`"));
    }
}
