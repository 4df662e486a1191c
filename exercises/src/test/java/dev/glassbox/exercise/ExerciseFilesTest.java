package dev.glassbox.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped exercise file is valid; invalid files are rejected with a message that says why. */
class ExerciseFilesTest {
    private static final Path DIR = Path.of("src/main/resources/exercises");

    static Stream<String> shippedFiles() {
        return ExerciseCatalog.indexedFiles().stream();
    }

    @ParameterizedTest
    @MethodSource("shippedFiles")
    void everyShippedFileValidates(String name) {
        assertEquals(List.of(), ExerciseValidator.validate(ExerciseCatalog.resource(name), name));
    }

    @Test
    void theIndexListsEveryFileInTheDirectoryOnce() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".json")).forEach(onDisk::add);
        }
        List<String> index = ExerciseCatalog.indexedFiles();
        assertEquals(onDisk, new TreeSet<>(index));
        assertEquals(index.size(), new TreeSet<>(index).size());
    }

    @Test
    void theCatalogLoadsInCourseOrderWithUniqueIds() {
        ExerciseCatalog c = ExerciseCatalog.builtIn();
        List<Session> order = c.all().stream().map(Exercise::session).toList();
        List<Session> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "sessions follow the course");
        assertEquals(c.all().size(), c.all().stream().map(Exercise::id).distinct().count());
    }

    private static List<String> problemsOf(String yaml) {
        return ExerciseValidator.validate(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static final String VALID = """
            id: t
            session: by-hand
            title: T
            instructions: do it
            hints: [h]
            checks:
              - id: c
                type: container-exists
                container: web
                points: 1
                feedback: "expected web; observed {observed}"
            """;

    @Test
    void aValidFileHasNoProblems() {
        assertEquals(List.of(), problemsOf(VALID));
    }

    @Test
    void anUnknownCheckTypeIsRejectedByName() {
        List<String> p = problemsOf(VALID.replace("type: container-exists", "type: container-teleports"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.getFirst().contains("unknown type \"container-teleports\""), p.getFirst());
    }

    @Test
    void anUnknownFieldIsRejectedByName() {
        List<String> p = problemsOf(VALID.replace("container: web", "container: web\n    colour: blue"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.getFirst().contains("unknown field \"colour\""), p.getFirst());
    }

    @Test
    void aCheckWithoutFeedbackIsRejected() {
        List<String> p = problemsOf(VALID.replace("    feedback: \"expected web; observed {observed}\"\n", ""));
        assertTrue(p.stream().anyMatch(s -> s.contains("feedback is missing")), p.toString());
    }

    @Test
    void feedbackThatHidesTheObservationIsRejected() {
        List<String> p = problemsOf(VALID.replace("observed {observed}", "wrong"));
        assertTrue(p.stream().anyMatch(s -> s.contains("{observed}")), p.toString());
    }

    @Test
    void aCheckMissingARequiredFieldSaysWhich() {
        List<String> p = problemsOf(VALID.replace("    container: web\n", ""));
        assertFalse(p.isEmpty());
        assertTrue(p.getFirst().contains("container-exists needs container"), p.getFirst());
    }

    @Test
    void anActionOutsideExerciseMaterialIsRejected() {
        List<String> p = problemsOf(VALID + "reset:\n  - type: remove-path\n    path: /etc\n");
        assertTrue(p.stream().anyMatch(s -> s.contains("not an absolute exercise path")), p.toString());
    }

    @Test
    void anUnknownCapabilityIsRejected() {
        List<String> p = problemsOf(VALID.replace("type: container-exists\n    container: web",
                "type: capability\n    of: {container: web}\n    has: [CAP_FLY]"));
        assertTrue(p.stream().anyMatch(s -> s.contains("CAP_FLY")), p.toString());
    }
}
