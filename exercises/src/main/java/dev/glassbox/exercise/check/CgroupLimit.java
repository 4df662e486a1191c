package dev.glassbox.exercise.check;

import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.cgroup.ProcessCgroups;
import java.util.Objects;

/**
 * The cgroup of the target holds this limit, read back from the kernel's files:
 * {@code memory} ("64m", memory.max or memory.limit_in_bytes), {@code memory-swap} (memory plus
 * swap, as Docker's --memory-swap), {@code cpus} ("0.5", the CFS quota over the period),
 * {@code pids} ("50", pids.max). {@code equals: none} asks for no limit.
 */
public record CgroupLimit(Target of, String resource, String equals) implements Check {
    public CgroupLimit {
        Objects.requireNonNull(of, "cgroup-limit needs of: {container|process|...}");
        Objects.requireNonNull(resource, "cgroup-limit needs resource: memory|memory-swap|cpus|pids");
        Objects.requireNonNull(equals, "cgroup-limit needs equals: VALUE (64m, 0.5, 50, none)");
    }

    @Override
    public void validate() {
        expectedValue();
    }

    /** The expected value in the unit of the file: bytes, CPUs, tasks; null for "none". */
    private Double expectedValue() {
        if (equals.equals("none")) return null;
        return switch (resource) {
            case "memory" -> (double) Limits.parseMemory(equals);
            case "memory-swap" -> (double) Limits.parseMemorySwap(equals);
            case "cpus" -> Double.parseDouble(equals);
            case "pids" -> (double) Long.parseLong(equals);
            default -> throw new IllegalArgumentException("cgroup-limit: unknown resource " + resource + " (memory, memory-swap, cpus, pids)");
        };
    }

    @Override
    public Observation evaluate(Machine m) {
        int pid = m.pid(of);
        ProcessCgroups pc = m.cgroups().of(pid);
        CgroupNode node = pc.node();
        if (node == null) throw new Unresolved(of.describe() + " is in no cgroup the grader can read");
        Limits l = node.limits();
        Double want = expectedValue();
        Double got;
        String observed;
        switch (resource) {
            case "memory" -> {
                got = l.memoryBytes() == null ? null : l.memoryBytes().doubleValue();
                observed = Text.bytes(l.memoryBytes());
            }
            case "memory-swap" -> {
                got = l.memorySwapBytes() == null || l.memorySwapBytes() < 0 ? null : l.memorySwapBytes().doubleValue();
                observed = Text.bytes(l.memorySwapBytes());
            }
            case "cpus" -> {
                got = l.cpus();
                observed = got == null ? "no limit" : String.format(java.util.Locale.ROOT, "%.2f CPUs (quota %d µs per %d µs)", got, l.cpuQuotaMicros(), l.cpuPeriodMicros());
            }
            default -> {
                got = l.pidsMax() == null ? null : l.pidsMax().doubleValue();
                observed = l.pidsMax() == null ? "no limit" : l.pidsMax() + " tasks";
            }
        }
        boolean pass = want == null ? got == null : got != null && Math.abs(want - got) <= Math.max(1e-3, Math.abs(want) * 1e-6);
        String expected = want == null ? "no limit" : switch (resource) {
            case "memory", "memory-swap" -> Text.bytes(want.longValue());
            case "cpus" -> equals + " CPUs";
            default -> equals + " tasks";
        };
        return Observation.of(pass, expected, observed + " in cgroup " + node.path());
    }

    @Override public String view() { return CGROUPS; }

    @Override public String describe() { return of.describe() + " has a " + resource + " limit of " + equals; }
}
