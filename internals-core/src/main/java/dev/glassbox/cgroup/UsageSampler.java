package dev.glassbox.cgroup;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Samples memory, CPU and task counts of a set of cgroups at a fixed period into a bounded ring
 * buffer per cgroup, for live charts. Each sample reads three small files per cgroup with
 * plain file reads (no process spawned), cheap enough for 10 Hz over 50 cgroups. Runs on one
 * daemon thread; {@link #sampleNow()} takes one round on the caller's thread (tests, or a
 * one-off refresh).
 */
public final class UsageSampler implements AutoCloseable {

    /**
     * One point of a chart. A value the kernel does not expose there is -1.
     *
     * @param cpuPercent CPU time used since the previous sample over wall time, in percent of one
     *                   CPU (can exceed 100 with several CPUs, like docker stats); 0 for the first sample
     */
    public record Sample(Instant at, long memoryBytes, double cpuPercent, long pids) {}

    private final int capacity;
    private final InstantSource clock;
    private final Map<CgroupNode, Track> tracks = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;

    /** Keeps the last {@code capacity} samples of each cgroup. */
    public UsageSampler(int capacity) {
        this(capacity, InstantSource.system());
    }

    public UsageSampler(int capacity, InstantSource clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity + ": keep at least one sample");
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Starts sampling {@code node} (no effect when already watched). */
    public void watch(CgroupNode node) {
        tracks.computeIfAbsent(node, n -> new Track(capacity));
    }

    public void unwatch(CgroupNode node) {
        tracks.remove(node);
    }

    public Set<CgroupNode> watched() {
        return Set.copyOf(tracks.keySet());
    }

    /** Samples every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration period) {
        if (task != null) throw new IllegalStateException("the sampler is running already");
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cgroup-usage-sampler");
            t.setDaemon(true);
            return t;
        });
        long nanos = period.toNanos();
        task = executor.scheduleAtFixedRate(this::sampleQuietly, 0, nanos, TimeUnit.NANOSECONDS);
    }

    private void sampleQuietly() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            // one bad round must not end the schedule; the next round tries again
        }
    }

    /** One round over every watched cgroup. A cgroup that has gone away gets no sample. */
    public void sampleNow() {
        for (Map.Entry<CgroupNode, Track> e : tracks.entrySet()) {
            CgroupNode node = e.getKey();
            long cpu;
            long memory;
            long pids;
            try {
                cpu = node.cpuNanosNow();
                memory = node.memoryBytesNow();
                pids = node.pidsNow();
            } catch (CgroupException | NumberFormatException ex) {
                continue;
            }
            if (cpu < 0 && memory < 0 && pids < 0 && !node.exists()) continue;
            e.getValue().add(clock.instant(), memory, cpu, pids);
        }
    }

    /** The samples kept for {@code node}, oldest first. */
    public List<Sample> samples(CgroupNode node) {
        Track t = tracks.get(node);
        return t == null ? List.of() : t.snapshot();
    }

    public Optional<Sample> latest(CgroupNode node) {
        List<Sample> s = samples(node);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.getLast());
    }

    @Override
    public synchronized void close() {
        if (task != null) task.cancel(false);
        if (executor != null) executor.shutdownNow();
        task = null;
        executor = null;
    }

    /** A ring of samples plus the last CPU reading, to turn CPU time into a percentage. */
    private static final class Track {
        private final Sample[] ring;
        private int next;
        private int size;
        private Instant lastAt;
        private long lastCpuNanos = -1;

        Track(int capacity) {
            ring = new Sample[capacity];
        }

        synchronized void add(Instant at, long memory, long cpuNanos, long pids) {
            double percent = 0;
            if (lastAt != null && cpuNanos >= 0 && lastCpuNanos >= 0) {
                long wallNanos = Duration.between(lastAt, at).toNanos();
                if (wallNanos > 0) percent = Math.max(0, cpuNanos - lastCpuNanos) * 100.0 / wallNanos;
            }
            lastAt = at;
            lastCpuNanos = cpuNanos;
            ring[next] = new Sample(at, memory, percent, pids);
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
        }

        synchronized List<Sample> snapshot() {
            List<Sample> out = new ArrayList<>(size);
            int start = (next - size + ring.length) % ring.length;
            for (int i = 0; i < size; i++) out.add(ring[(start + i) % ring.length]);
            return out;
        }
    }
}
