package dev.glassbox.app.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a snapshot on a background thread every {@code period} and hands the newest one to the
 * FX thread: when a read differs from the last, one pick-up is posted (never more than one
 * waiting, so {@code runLater} is never flooded); the FX thread takes the newest value with
 * {@link #pickUp}. No timer runs on the FX thread: a running {@code Timeline} would keep
 * JavaFX pulsing at 60 Hz (layout and CSS every frame) for a 1 Hz view. Runs only while
 * started (the view is visible). Snapshots must be immutable.
 */
public final class LivePoller<T> implements AutoCloseable {
    private final Supplier<T> reader;
    private final Duration period;
    private final AtomicReference<Object> latest = new AtomicReference<>();
    private volatile Thread thread;
    private Object delivered;
    private final java.util.concurrent.atomic.AtomicBoolean posted = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.concurrent.Executor ui;
    private volatile Runnable onNew;
    private Object lastRead;

    /** A failure of one read: shown as a message, the poller keeps going. */
    public record Failure(Throwable error) {}

    public LivePoller(Supplier<T> reader, Duration period) {
        this.reader = reader;
        this.period = period;
    }

    public synchronized void start() {
        if (thread != null) return;
        // assigned before it runs: the loop goes on while it is the poller's thread, and a thread
        // started first could look before the assignment, see another, and end at once
        Thread t = Thread.ofPlatform().daemon().name("lab-poller").priority(Thread.NORM_PRIORITY - 1).unstarted(this::loop);
        thread = t;
        t.start();
    }

    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) LockSupport.unpark(t);
    }

    public boolean running() {
        return thread != null;
    }

    /** Asks for a read now (the target changed). */
    public void refresh() {
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /** After each read that differs from the one before, {@code onNew} runs on {@code ui} (at most one queued). */
    public void whenNew(java.util.concurrent.Executor ui, Runnable onNew) {
        this.ui = ui;
        this.onNew = onNew;
    }

    /** One read on the caller's thread (tests, or a first paint). */
    public void readNow() {
        Object v;
        try {
            v = reader.get();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // shown on the page; a poller thread that died of it would leave the view blank
            v = new Failure(e);
        }
        latest.set(v);
        boolean changed = !Objects.equals(v, lastRead) || v instanceof Failure;
        lastRead = v;
        java.util.concurrent.Executor u = ui;
        Runnable r = onNew;
        if (changed && u != null && r != null && posted.compareAndSet(false, true)) {
            u.execute(() -> {
                posted.set(false);
                r.run();
            });
        }
    }

    private void loop() {
        Thread me = Thread.currentThread();
        // parked, not interrupted, between reads: an interrupt would close the /proc and netlink
        // channels a read has open (ClosedByInterruptException)
        while (thread == me) {
            readNow();
            LockSupport.parkNanos(period.toNanos());
        }
    }

    /**
     * On the FX thread: passes the newest snapshot to {@code onValue} when it differs from the one
     * passed last, or its failure to {@code onFailure}.
     */
    @SuppressWarnings("unchecked")
    public void pickUp(Consumer<T> onValue, Consumer<Throwable> onFailure) {
        Object v = latest.get();
        if (v == null || Objects.equals(v, delivered)) return;
        delivered = v;
        if (v instanceof Failure f) onFailure.accept(f.error());
        else onValue.accept((T) v);
    }

    @Override
    public void close() {
        stop();
    }
}
