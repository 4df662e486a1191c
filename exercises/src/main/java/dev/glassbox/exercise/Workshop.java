package dev.glassbox.exercise;

import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.exercise.action.Action;
import dev.glassbox.exercise.action.ActionRunner;
import dev.glassbox.exercise.action.ContainerControl;
import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.directory.CompositeDirectory;
import dev.glassbox.exercise.directory.ContainerDirectory;
import dev.glassbox.exercise.directory.DockerApiDirectory;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CLI and the app's Exercises pane use: the catalog, start and reset (setup actions),
 * and grading on this machine. One instance per engine choice; thread-safe for grading.
 *
 * <pre>{@code
 * Workshop w = new Workshop(ExerciseCatalog.builtIn(), Machine.live(directory), actions);
 * for (Workshop.Summary s : w.list()) ...            // the pane's list
 * String md = w.instructions("s1-limits");            // Markdown
 * ExerciseResult r = w.grade("s1-limits");           // per-check pass/fail, observed, points, feedback, view
 * }</pre>
 */
public final class Workshop {
    private final ExerciseCatalog catalog;
    private final Grader grader;
    private final ActionRunner actions;

    public Workshop(ExerciseCatalog catalog, Machine machine, ActionRunner actions) {
        this.catalog = catalog;
        this.grader = new Grader(machine);
        this.actions = actions;
    }

    /**
     * The built-in course graded on this machine, as the CLI and the app both do: containers are
     * looked up in Glassbox's directory first (null: none), then through Docker's API socket when
     * it exists (GET requests only), so a student may use either; setup actions go to
     * {@code control}; the kernel is read directly.
     */
    public static Workshop onThisMachine(ContainerDirectory glassbox, ContainerControl control, Path dockerSocket) {
        List<ContainerDirectory> dirs = new ArrayList<>();
        if (glassbox != null) dirs.add(glassbox);
        if (dockerSocket != null && Files.exists(dockerSocket)) dirs.add(new DockerApiDirectory(dockerSocket));
        ContainerDirectory directory = dirs.isEmpty() ? ContainerDirectory.NONE : new CompositeDirectory(dirs);
        return new Workshop(ExerciseCatalog.builtIn(), Machine.live(directory),
                new ActionRunner(Syscalls.linux(), CgroupReader.host(), control));
    }

    /** A line of the exercise list. */
    public record Summary(String id, Session session, String sessionTitle, String title, int maxPoints, int checks, String view) {}

    public ExerciseCatalog catalog() { return catalog; }

    public List<Summary> list() {
        return catalog.all().stream().map(e -> new Summary(e.id(), e.session(), e.session().title(), e.title(), e.maxPoints(),
                e.checks().size(), e.view())).toList();
    }

    public Exercise exercise(String id) { return catalog.require(id); }

    /** The instructions in Markdown, with the title as a heading. */
    public String instructions(String id) {
        Exercise e = exercise(id);
        return "# " + e.title() + "\n\n" + e.instructions().strip() + "\n";
    }

    /** Resets, then prepares what the exercise starts from. */
    public void start(String id) {
        Exercise e = exercise(id);
        reset(e);
        actions.run(e.setup());
    }

    /** Removes what the exercise's setup and its solution leave behind; safe to run twice. */
    public void reset(String id) {
        reset(exercise(id));
    }

    private void reset(Exercise e) {
        RuntimeException first = null;
        for (Action a : e.reset()) {
            try {
                actions.run(a);
            } catch (RuntimeException ex) {
                if (first == null) first = ex;
                else first.addSuppressed(ex);
            }
        }
        if (first != null) throw first;
    }

    public ExerciseResult grade(String id) {
        return grader.grade(exercise(id));
    }

    public ExerciseResult grade(Exercise e) {
        return grader.grade(e);
    }

    public List<ExerciseResult> gradeAll() {
        return catalog.all().stream().map(grader::grade).toList();
    }
}
