package dev.glassbox.cli.exercise;

import dev.glassbox.exercise.CheckResult;
import dev.glassbox.exercise.Exercise;
import dev.glassbox.exercise.ExerciseCatalog;
import dev.glassbox.exercise.ExerciseResult;
import dev.glassbox.exercise.ExerciseValidator;
import dev.glassbox.exercise.GradedCheck;
import dev.glassbox.exercise.Workshop;
import dev.glassbox.exercise.report.GradeReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code glassbox exercise list|show|start|reset|grade|validate}: the graded lab work. Grading
 * reads the machine (the kernel through the inspectors, containers through Glassbox and
 * Docker's socket), never what the student typed.
 */
@Command(name = "exercise", mixinStandardHelpOptions = true,
        description = "Graded exercises: list, show, start, reset, grade, validate.",
        subcommands = {ExerciseCommand.ListCmd.class, ExerciseCommand.Show.class, ExerciseCommand.Start.class,
                ExerciseCommand.Reset.class, ExerciseCommand.Grade.class, ExerciseCommand.Validate.class})
public final class ExerciseCommand implements Runnable {
    private final Supplier<Workshop> workshop;

    @CommandLine.Spec CommandSpec spec;

    @Option(names = "--docker-socket", description = "Docker's API socket to grade containers made with docker (default ${DEFAULT-VALUE}).",
            defaultValue = "/var/run/docker.sock", scope = CommandLine.ScopeType.INHERIT)
    Path dockerSocket;

    @Option(names = "--root", description = "Glassbox's state directory (default ${DEFAULT-VALUE}).",
            defaultValue = "/var/lib/glassbox", scope = CommandLine.ScopeType.INHERIT)
    Path root;

    /** The command on this machine, with Glassbox's state under --root and Docker's socket. */
    public ExerciseCommand() {
        this.workshop = null;
    }

    /** The command over a workshop the caller builds (the lead's engine client, tests). */
    public ExerciseCommand(Supplier<Workshop> workshop) {
        this.workshop = workshop;
    }

    Workshop workshop() {
        return workshop != null ? workshop.get() : Workshops.onThisMachine(root, dockerSocket);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand ExerciseCommand parent;
        @CommandLine.Spec CommandSpec spec;

        PrintWriter out() { return spec.commandLine().getOut(); }

        PrintWriter err() { return spec.commandLine().getErr(); }

        /** The id, when the course has such an exercise; otherwise the user's one-line error. */
        static String known(String id) {
            if (id != null && ExerciseCatalog.builtIn().find(id).isEmpty()) {
                throw new dev.glassbox.cli.CliException("no exercise " + id + ": see 'glassbox exercise list' for the ids");
            }
            return id;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the exercises in the order of the course.")
    static final class ListCmd extends Sub {
        @Override
        public Integer call() {
            ExerciseCatalog c = ExerciseCatalog.builtIn();
            out().printf("%-26s %-17s %6s  %s%n", "ID", "SESSION", "POINTS", "TITLE");
            for (Exercise e : c.all()) out().printf("%-26s %-17s %6d  %s%n", e.id(), e.session().id(), e.maxPoints(), e.title());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an exercise: instructions, what is checked, hints.")
    static final class Show extends Sub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--solution", description = "Also print the reference solution (for teachers).") boolean solution;

        @Override
        public Integer call() {
            Exercise e = ExerciseCatalog.builtIn().require(known(id));
            out().println("# " + e.title());
            out().println("(" + e.id() + ", " + e.session().title() + ", " + e.maxPoints() + " points)");
            out().println();
            out().println(e.instructions().strip());
            out().println();
            out().println("Checked:");
            for (GradedCheck c : e.checks()) out().printf("  [%d] %s%n", c.points(), c.check().describe());
            out().println();
            out().println("Hints:");
            for (String h : e.hints()) out().println("  - " + h);
            if (solution && e.solution() != null) {
                out().println();
                out().println("Reference solution:");
                e.solution().strip().lines().forEach(l -> out().println("  " + l));
            }
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Reset, then prepare what the exercise starts from.")
    static final class Start extends Sub {
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            Workshop w = parent.workshop();
            w.start(known(id));
            out().println(w.instructions(id));
            out().println("Ready. Check your work with: glassbox exercise grade " + id);
            return 0;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Remove what the exercise and its solution left behind.")
    static final class Reset extends Sub {
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            parent.workshop().reset(known(id));
            out().println("reset " + id);
            return 0;
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true, description = "Check the machine: each check with pass/fail, what was observed, and the points.")
    static final class Grade extends Sub {
        @Parameters(paramLabel = "ID", arity = "0..1") String id;
        @Option(names = "--all", description = "Grade every exercise.") boolean all;
        @Option(names = "--report", paramLabel = "FILE", description = "Write FILE.json (evidence) and FILE.csv (Moodle gradebook import).") Path report;
        @Option(names = "--student", description = "The student's id or name in the report (default: $SUDO_USER, else $USER).") String student;
        @Option(names = "--json", description = "Print the results as JSON.") boolean json;

        @Override
        public Integer call() {
            if (all == (id != null)) {
                err().println("glassbox exercise grade: give one exercise ID or --all");
                return 2;
            }
            Workshop w = parent.workshop();
            List<ExerciseResult> results = all ? w.gradeAll() : List.of(w.grade(known(id)));
            String who = student != null ? student : GradeReport.studentFromEnvironment();
            GradeReport r = new GradeReport(who, hostname(), Instant.now(), results);
            if (json) {
                out().println(r.toJson());
            } else {
                for (ExerciseResult e : results) print(e);
                if (all) out().printf("Total: %d/%d%n", r.score(), r.maxScore());
            }
            if (report != null) {
                List<Path> files = r.write(report);
                out().println("Report written: " + files.get(0) + " and " + files.get(1));
            }
            return 0;
        }

        private void print(ExerciseResult e) {
            out().printf("%s  %d/%d  %s%n", e.exerciseId(), e.score(), e.maxScore(), e.title());
            for (CheckResult c : e.checks()) {
                out().printf("  %s %-18s %d/%d  %s%n", c.passed() ? "PASS" : "FAIL", c.id(), c.points(), c.maxPoints(), c.description());
                out().println("       observed: " + c.observed());
                if (!c.passed()) {
                    out().println("       " + c.feedback());
                    if (c.hint() != null) out().println("       hint: " + c.hint());
                }
            }
            if (!e.complete() && !e.hints().isEmpty()) out().println("  hint: " + e.hints().getFirst());
        }

        private static String hostname() {
            try {
                return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (java.io.IOException ex) {
                return "unknown";
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Validate exercise files (the built-in ones when none is given).")
    static final class Validate extends Sub {
        @Parameters(paramLabel = "FILE", arity = "0..*") List<Path> files = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> problems = new ArrayList<>();
            int n = 0;
            if (files.isEmpty()) {
                for (String name : ExerciseCatalog.indexedFiles()) {
                    problems.addAll(ExerciseValidator.validate(ExerciseCatalog.resource(name), name));
                    n++;
                }
            } else {
                for (Path f : files) {
                    problems.addAll(ExerciseValidator.validate(f));
                    n++;
                }
            }
            problems.forEach(err()::println);
            out().println(n + " file(s), " + problems.size() + " problem(s)");
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
