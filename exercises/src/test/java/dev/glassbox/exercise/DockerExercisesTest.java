package dev.glassbox.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.exercise.action.ContainerControl;
import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.directory.DockerApiDirectory;
import dev.glassbox.testing.DockerDaemon;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exercises solved with the real docker CLI against a real dockerd (Debian's docker.io), as a
 * student who uses Docker instead of Glassbox would: the commands are the exercise file's own
 * reference solution and first wrong solution, run by bash with DOCKER_HOST set to the test's
 * daemon; the grader finds the containers through Docker's API socket (GET requests only).
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerExercisesTest {
    private DockerDaemon docker;
    private Solver solver;
    private String current;

    @BeforeAll
    void startDockerWithBusybox() throws Exception {
        docker = DockerDaemon.startWithBridge();
        docker.importBusybox("busybox:latest");
        solver = new Solver(Machine.live(new DockerApiDirectory(docker.socket())), new DockerCliControl(docker));
    }

    @AfterEach
    void resetExercise() throws Exception {
        if (current != null) solver.workshop().reset(current);
        String left = docker.docker("ps", "-aq").strip();
        if (!left.isEmpty()) docker.docker(Stream.concat(Stream.of("rm", "-f"), left.lines()).toArray(String[]::new));
    }

    @AfterAll
    void stopDocker() throws Exception {
        if (docker != null) docker.close();
        try (var left = java.nio.file.Files.list(Path.of("/tmp/gbx-answers"))) {
            if (left.findAny().isEmpty()) java.nio.file.Files.delete(Path.of("/tmp/gbx-answers"));
        } catch (java.nio.file.NoSuchFileException e) {
            // no answer was written
        }
    }

    /**
     * Containers, networks, storage, users, limits and capabilities, as session 1 teaches them
     * with docker. (Not sec-missing-cap: its wrong solution is --privileged, which a sandboxed
     * test machine whose bounding set lacks capabilities refuses in runc.)
     */
    static List<String> exercises() {
        return List.of("s1-run", "s1-net-none", "s1-net-user-bridge", "s1-bind-mount", "s1-volume", "s1-tmpfs",
                "s1-volumes-from", "s1-user", "s1-read-only", "s1-limits", "sec-least-privilege");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exercises")
    void dockersContainersAreGradedLikeGlassboxs(String id) throws Exception {
        current = id;
        Workshop w = solver.workshop();
        Exercise e = w.exercise(id);

        w.start(id);
        ExerciseResult fresh = w.grade(e);
        assertEquals(0, fresh.score(), Solver.describe(fresh));

        solver.shell(docker.environment() + e.solution());
        ExerciseResult solved = solver.gradeWhenSettled(e);
        assertEquals(solved.maxScore(), solved.score(), Solver.describe(solved));

        w.start(id);
        Exercise.WrongSolution mistake = e.wrongSolutions().getFirst();
        solver.shell(docker.environment() + mistake.shell());
        ExerciseResult r = solver.gradeWhenSettled(e);
        CheckResult failed = r.checks().stream().filter(c -> c.id().equals(mistake.failsCheck())).findFirst().orElseThrow();
        assertFalse(failed.passed(), Solver.describe(r));
        assertTrue(failed.feedback().contains(mistake.feedbackContains()), failed.feedback());
    }

    /** Setup and reset actions through the docker CLI, as the student's own engine. */
    record DockerCliControl(DockerDaemon docker) implements ContainerControl {
        @Override
        public void run(String name, String image, List<String> cmd, boolean start, List<String> capDrop, List<String> capAdd,
                        String user, Map<String, String> labels) {
            List<String> args = new java.util.ArrayList<>(List.of(start ? "run" : "create", "--name", name));
            if (start) args.add("-d");
            if (capDrop != null) capDrop.forEach(c -> args.addAll(List.of("--cap-drop", c)));
            if (capAdd != null) capAdd.forEach(c -> args.addAll(List.of("--cap-add", c)));
            if (user != null) args.addAll(List.of("--user", user));
            if (labels != null) labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
            args.add(image);
            if (cmd != null) args.addAll(cmd);
            try {
                docker.docker(args.toArray(String[]::new));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void removeContainer(String name) { quietly("rm", "-f", name); }

        @Override
        public void removeImage(String name) { quietly("rmi", "-f", name); }

        @Override
        public void removeVolume(String name) { quietly("volume", "rm", "-f", name); }

        @Override
        public void removeNetwork(String name) { quietly("network", "rm", name); }

        /** Clean-up: a docker command whose failure (no such object) is fine. */
        private void quietly(String... args) {
            try {
                docker.run(List.of(args));
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException("docker " + String.join(" ", args) + ": " + e.getMessage(), e);
            }
        }
    }
}
