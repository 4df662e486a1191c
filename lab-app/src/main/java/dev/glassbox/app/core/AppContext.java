package dev.glassbox.app.core;

import dev.glassbox.engine.EngineClient;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * What the pages share: the engine's client, where work runs, the target the live views
 * follow, what the last step changed (highlighted in the views), presenter mode and the
 * status line. Properties are touched on the FX thread only.
 */
public final class AppContext {
    private final Supplier<EngineClient> engine;
    private final Tasks tasks;
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(Target.HOST);
    private final ObservableSet<String> changed = FXCollections.observableSet();
    private final BooleanProperty presenter = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<TerminalRequest> terminal = new SimpleObjectProperty<>();
    private final ObjectProperty<String> showPage = new SimpleObjectProperty<>();

    /** @param engine the engine's client, made on first use (it may start the engine: call it off the FX thread) */
    public AppContext(Supplier<EngineClient> engine, Tasks tasks) {
        this.engine = memoize(engine);
        this.tasks = tasks;
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }

    /** The engine's client; may block the first time (engine start): never on the FX thread. */
    public EngineClient engine() { return engine.get(); }

    public Tasks tasks() { return tasks; }

    public ObjectProperty<Target> targetProperty() { return target; }

    public Target target() { return target.get(); }

    /** Tags ({@code uts:[4026532]}, {@code cgroup:/glassbox/ab}, {@code layer:upper}) the last step changed. */
    public ObservableSet<String> changed() { return changed; }

    public BooleanProperty presenterProperty() { return presenter; }

    /** The one-line message at the bottom of the window (errors, progress). */
    public StringProperty statusProperty() { return status; }

    /** Set by the shell: a page name to switch to ("Terminal"). */
    public ObjectProperty<String> showPageProperty() { return showPage; }

    /** Set to open a terminal on the Terminal page (a container's pty, or an exec's). */
    public ObjectProperty<TerminalRequest> terminalProperty() { return terminal; }
}
