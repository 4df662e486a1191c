package dev.glassbox.exercise;

import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.exercise.action.ActionRunner;
import dev.glassbox.exercise.action.ContainerControl;
import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.check.Target;
import dev.glassbox.exercise.check.Unresolved;
import dev.glassbox.exercise.directory.ContainerDirectory;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Performs solutions in tests: runs shell as a student would, then grades once started processes exist. */
final class Solver {
    private final Workshop workshop;
    private final Machine machine;

    Solver(Machine machine, ContainerControl control) {
        this.machine = machine;
        this.workshop = new Workshop(ExerciseCatalog.builtIn(), machine,
                new ActionRunner(Syscalls.linux(), CgroupReader.host(), control));
    }

    static Solver byHand() {
        return new Solver(Machine.live(ContainerDirectory.NONE), ContainerControl.NONE);
    }

    Workshop workshop() { return workshop; }

    /** Runs the commands with bash; background processes keep running after it returns. */
    void shell(String script) throws IOException, InterruptedException {
        Path log = Files.createTempFile("gbx-solution", ".log");
        try {
            Process p = new ProcessBuilder("bash", "-euc", script).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            int rc = p.waitFor();
            if (rc != 0) throw new AssertionError("the solution failed with " + rc + ":\n" + script + "\n" + Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Grades once every process the checks look for exists (a background `unshare ... &` may
     * not have exec'd its command yet), or after 5 s whatever is there.
     */
    ExerciseResult gradeWhenSettled(Exercise e) throws InterruptedException {
        List<String> processes = e.checks().stream().map(c -> targetOf(c)).filter(Objects::nonNull)
                .map(Target::process).filter(Objects::nonNull).distinct().toList();
        Instant end = Instant.now().plus(Duration.ofSeconds(5));
        for (String p : processes) {
            while (Instant.now().isBefore(end)) {
                try {
                    machine.newestProcess(p);
                    break;
                } catch (Unresolved u) {
                    Thread.sleep(20);
                }
            }
        }
        Thread.sleep(100); // let `sh -c '...; exec sleep'` finish its last step (hostname) before exec
        return workshop.grade(e);
    }

    private static Target targetOf(GradedCheck c) {
        return switch (c.check()) {
            case dev.glassbox.exercise.check.Namespace n -> n.of();
            case dev.glassbox.exercise.check.ProcessCheck p -> p.of();
            case dev.glassbox.exercise.check.Capability p -> p.of();
            case dev.glassbox.exercise.check.ProcessUser p -> p.of();
            case dev.glassbox.exercise.check.CgroupLimit p -> p.of();
            case dev.glassbox.exercise.check.InCgroup p -> p.of();
            case dev.glassbox.exercise.check.Hostname p -> p.of();
            default -> null;
        };
    }

    static String describe(ExerciseResult r) {
        List<String> lines = new ArrayList<>();
        lines.add(r.exerciseId() + " " + r.score() + "/" + r.maxScore());
        for (CheckResult c : r.checks()) {
            lines.add((c.passed() ? "  ok   " : "  FAIL ") + c.id() + ": observed " + c.observed() + (c.passed() ? "" : " | " + c.feedback()));
        }
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
