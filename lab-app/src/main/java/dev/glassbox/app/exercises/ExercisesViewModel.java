package dev.glassbox.app.exercises;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.Containers;
import dev.glassbox.app.core.Target;
import dev.glassbox.app.core.UserMessage;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.exercise.Exercise;
import dev.glassbox.exercise.ExerciseResult;
import dev.glassbox.exercise.GradedCheck;
import dev.glassbox.exercise.Workshop;
import dev.glassbox.exercise.check.Check;
import dev.glassbox.exercise.directory.DockerApiDirectory;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Exercises page: the course's exercises in order, the chosen one's instructions, Start,
 * Reset and Check (each off the FX thread: they call the engine and read the kernel), the
 * per-check results, hints one at a time, and the way to the live view that shows what the
 * exercise is about, looking at the exercise's container.
 */
public final class ExercisesViewModel {
    private final AppContext ctx;
    private final Supplier<Workshop> workshop;
    private final ObservableList<Workshop.Summary> exercises = FXCollections.observableArrayList();
    private final ObjectProperty<Workshop.Summary> selected = new SimpleObjectProperty<>();
    private final StringProperty instructions = new SimpleStringProperty("");
    private final ObjectProperty<ExerciseResult> result = new SimpleObjectProperty<>();
    private final ObservableList<String> hints = FXCollections.observableArrayList();
    private final IntegerProperty hintsShown = new SimpleIntegerProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");

    /** @param workshop made on first use, off the FX thread */
    public ExercisesViewModel(AppContext ctx, Supplier<Workshop> workshop) {
        this.ctx = ctx;
        this.workshop = memoize(workshop);
    }

    /**
     * The workshop on the app's engine and, when it has a socket, Docker's daemon: the page tells
     * students they may use either, so Check finds containers as {@code glassbox exercise grade} does.
     */
    public static Workshop onEngine(Supplier<EngineClient> engine) {
        return onEngine(engine, DockerApiDirectory.DEFAULT_SOCKET);
    }

    /**
     * The same with Docker's API socket at {@code dockerSocket} (asked read-only, and only when it
     * exists); setup actions go to the app's engine, so they show in its container list.
     */
    public static Workshop onEngine(Supplier<EngineClient> engine, Path dockerSocket) {
        return Workshop.onThisMachine(new EngineDirectory(engine), new EngineControl(engine), dockerSocket);
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }

    /** Reads the catalog (off the FX thread) and selects the first exercise. */
    public void load() {
        run("Loading the exercises", () -> workshop.get().list(), list -> {
            exercises.setAll(list);
            if (selected.get() == null && !list.isEmpty()) select(list.getFirst());
            message.set(list.size() + " exercises, in the order of the course. Start prepares one, Check grades it.");
        });
    }

    public void select(Workshop.Summary s) {
        if (s == null || (selected.get() != null && selected.get().id().equals(s.id()))) return;
        selected.set(s);
        result.set(null);
        hintsShown.set(0);
        hints.clear();
        instructions.set("");
        run("Reading " + s.id(), () -> {
            Workshop w = workshop.get();
            return new Object[] {w.instructions(s.id()), w.exercise(s.id()).hints()};
        }, r -> {
            if (selected.get() != s) return;
            instructions.set((String) r[0]);
            @SuppressWarnings("unchecked") List<String> h = (List<String>) r[1];
            hints.setAll(h);
        });
    }

    /** Selects by id ("s1-limits"); for tests and links. */
    public void select(String id) {
        exercises.stream().filter(e -> e.id().equals(id)).findFirst().ifPresent(this::select);
    }

    /** Resets, then runs the exercise's setup. */
    public void start() {
        Workshop.Summary s = selected.get();
        if (s == null) return;
        run("Starting " + s.id(), () -> {
            workshop.get().start(s.id());
            return null;
        }, ok -> {
            result.set(null);
            message.set(s.id() + " is ready: follow the instructions, then Check.");
        });
    }

    /** Removes what the exercise's setup and solution left behind. */
    public void reset() {
        Workshop.Summary s = selected.get();
        if (s == null) return;
        run("Resetting " + s.id(), () -> {
            workshop.get().reset(s.id());
            return null;
        }, ok -> {
            result.set(null);
            message.set(s.id() + " was reset: what its setup and its solution make is gone.");
        });
    }

    /** Grades the exercise on this machine now. */
    public void check() {
        Workshop.Summary s = selected.get();
        if (s == null) return;
        run("Checking " + s.id(), () -> workshop.get().grade(s.id()), r -> {
            if (selected.get() != s) return;
            result.set(r);
            message.set(r.complete() ? "All checks pass: " + r.score() + "/" + r.maxScore() + " points."
                    : r.failed().size() + " of " + r.checks().size() + " checks fail: " + r.score() + "/" + r.maxScore()
                    + " points. The feedback says what the kernel holds.");
        });
    }

    /** Shows one more hint; false when every hint is shown. */
    public boolean nextHint() {
        if (hintsShown.get() >= hints.size()) return false;
        hintsShown.set(hintsShown.get() + 1);
        return true;
    }

    public List<String> shownHints() {
        return List.copyOf(hints.subList(0, Math.min(hintsShown.get(), hints.size())));
    }

    /** The live view the exercise (or its first failed check) is about. */
    public String view() {
        ExerciseResult r = result.get();
        if (r != null && r.view() != null) return r.view();
        Workshop.Summary s = selected.get();
        return s == null || s.view() == null ? Check.NAMESPACES : s.view();
    }

    /** The navigation title of a view name of the exercises. */
    public static String pageOf(String view) {
        return switch (view == null ? "" : view) {
            case Check.CGROUPS -> "cgroups";
            case Check.CAPS -> "Capabilities";
            case Check.LAYERS -> "Layers";
            case Check.NETWORK -> "Network";
            default -> "Namespaces";
        };
    }

    /**
     * Opens the exercise's live view, looking at the exercise's container when it names one and
     * the engine has it.
     */
    public void openView() {
        Workshop.Summary s = selected.get();
        if (s == null) return;
        String page = pageOf(view());
        run("Finding the container of " + s.id(), () -> {
            Optional<String> name = containerOf(workshop.get().exercise(s.id()));
            if (name.isEmpty()) return Optional.<Target>empty();
            return Containers.list(ctx.engine(), true).stream().filter(c -> c.name().equals(name.get())).findFirst()
                    .map(Containers.Row::target);
        }, t -> {
            t.ifPresent(ctx.targetProperty()::set);
            ctx.showPageProperty().set(page);
        });
    }

    /** The first container the exercise's checks look at, if any. */
    public static Optional<String> containerOf(Exercise e) {
        for (GradedCheck gc : e.checks()) {
            Check c = gc.check();
            for (RecordComponent rc : c.getClass().getRecordComponents()) {
                if (rc.getType() != dev.glassbox.exercise.check.Target.class) continue;
                try {
                    var t = (dev.glassbox.exercise.check.Target) rc.getAccessor().invoke(c);
                    if (t != null && t.container() != null) return Optional.of(t.container());
                } catch (ReflectiveOperationException ex) {
                    // a record's accessor is public: cannot happen
                }
            }
        }
        return Optional.empty();
    }

    private <T> void run(String what, Callable<T> work, Consumer<T> done) {
        busy.set(true);
        message.set(what + "\u2026");
        ctx.tasks().run(work, v -> {
            busy.set(false);
            done.accept(v);
        }, err -> {
            busy.set(false);
            message.set(UserMessage.of(what, err));
        });
    }

    public ObservableList<Workshop.Summary> exercises() { return exercises; }
    public ObjectProperty<Workshop.Summary> selectedProperty() { return selected; }
    public StringProperty instructionsProperty() { return instructions; }
    public ObjectProperty<ExerciseResult> resultProperty() { return result; }
    public ObservableList<String> hints() { return hints; }
    public IntegerProperty hintsShownProperty() { return hintsShown; }
    public BooleanProperty busyProperty() { return busy; }
    public StringProperty messageProperty() { return message; }
}
