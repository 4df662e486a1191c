package dev.glassbox.app.core;

import java.time.Duration;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * A live view: reads a snapshot of the current target on a background thread (a
 * {@link LivePoller}) while the page is on screen, and shows each new one on the FX thread
 * (one pick-up posted per changed read). Subclasses say how to read ({@link #read}, off the FX thread, from
 * the inspectors) and how to show ({@link #show}, on it).
 */
public abstract class LivePage<T> extends BorderPane {
    protected final AppContext ctx;
    private final LivePoller<T> poller;
    protected final Label message = new Label();
    private volatile Target reading;

    protected LivePage(AppContext ctx, String title, String explanation, Duration period) {
        this.ctx = ctx;
        this.reading = ctx.target();
        this.poller = new LivePoller<>(() -> read(reading), period);
        Label t = new Label(title);
        t.getStyleClass().add("page-title");
        Label e = new Label(explanation);
        e.getStyleClass().add("page-explanation");
        e.setWrapText(true);
        setTop(new VBox(2, t, e));
        message.getStyleClass().add("page-message");
        message.setWrapText(true);
        setBottom(message);
        poller.whenNew(ctx.tasks().ui(), this::pickUpNow);
        ctx.targetProperty().addListener((o, a, b) -> {
            reading = b;
            poller.refresh();
        });
        // runs only while on screen
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) start();
            else stop();
        });
    }

    /** Off the FX thread: everything {@link #show} needs, immutable. May throw. */
    protected abstract T read(Target target);

    /** On the FX thread. */
    protected abstract void show(T snapshot);

    public void pickUpNow() {
        poller.pickUp(v -> {
            message.setText("");
            show(v);
        }, err -> message.setText(UserMessage.of("Reading " + reading, err)));
    }

    public void start() {
        poller.start();
    }

    public void stop() {
        poller.stop();
    }

    /** Tests: one read now on this thread, then show it (no waiting on the poller). */
    public void refreshNow() {
        poller.readNow();
        pickUpNow();
    }

    protected LivePoller<T> poller() {
        return poller;
    }
}
