package dev.glassbox.app.core;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where the app runs work: {@code background} for anything that may block (engine calls,
 * /proc scans, netlink), {@code ui} to publish results (the FX thread). Tests pass
 * {@link #sameThread()} so view-models run without a toolkit.
 */
public record Tasks(Executor background, Executor ui) {

    /** Virtual threads for work, {@code Platform.runLater} for results. */
    public static Tasks fx() {
        return new Tasks(r -> Thread.ofVirtual().name("lab-work").start(r), javafx.application.Platform::runLater);
    }

    public static Tasks sameThread() {
        return new Tasks(Runnable::run, Runnable::run);
    }

    /** Runs {@code work} in the background, then {@code done} or {@code failed} on the UI thread. */
    public <T> void run(java.util.concurrent.Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        background.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable t) {
                ui.execute(() -> failed.accept(t));
                return;
            }
            ui.execute(() -> done.accept(result));
        });
    }
}
