package dev.glassbox.app.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a snapshot on a background thread every {@code period} and hands the newest one to the
 * FX thread at most 5 times a second (a {@code Timeline} in the view calls {@link #pickUp}), so
 * a slow reader never blocks the UI and a fast one never floods {@code runLater}. Runs only
 * while started (the view is visible). Snapshots must be immutable.
 */
public final class LivePoller<T> implements AutoCloseable {
    private final Supplier<T> reader;
    private final Duration period;
    private final AtomicReference<Object> latest = new AtomicReference<>();
    private volatile Thread thread;
    private Object delivered;

    /** A failure of one read: shown as a message, the poller keeps going. */
    public record Failure(Throwable error) {}

    public LivePoller(Supplier<T> reader, Duration period) {
        this.reader = reader;
        this.period = period;
    }

    public synchronized void start() {
        if (thread != null) return;
        thread = Thread.ofPlatform().daemon().name("lab-poller").priority(Thread.NORM_PRIORITY - 1).start(this::loop);
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

    /** One read on the caller's thread (tests, or a first paint). */
    public void readNow() {
        try {
            latest.set(reader.get());
        } catch (RuntimeException e) {
            latest.set(new Failure(e));
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
