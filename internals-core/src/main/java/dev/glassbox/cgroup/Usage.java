package dev.glassbox.cgroup;

/**
 * Live usage of one cgroup, read from its files. A field is {@code null} when the kernel does
 * not expose it there (controller not enabled or not mounted, older kernel, v1 has no OOM
 * event count).
 *
 * @param memoryBytes       v1 memory.usage_in_bytes, v2 memory.current
 * @param memoryPeakBytes   v1 memory.max_usage_in_bytes, v2 memory.peak (Linux 5.19+)
 * @param memoryLimitHits   times usage hit the limit: v1 memory.failcnt, v2 memory.events "max"
 * @param cpuUsageNanos     CPU time used: v1 cpuacct.usage, v2 cpu.stat usage_usec x 1000
 * @param cpuPeriods        CFS periods that had runnable tasks (cpu.stat nr_periods)
 * @param cpuThrottledPeriods periods in which the quota ran out (cpu.stat nr_throttled)
 * @param cpuThrottledNanos time spent throttled: v1 throttled_time, v2 throttled_usec x 1000
 * @param pids              pids.current: tasks (threads) in the cgroup
 * @param pidsLimitHits     forks refused by pids.max: pids.events "max"
 * @param oomEvents         times the limit was reached and reclaim failed: v2 memory.events "oom"
 * @param oomKillEvents     processes killed by the OOM killer: v1 memory.oom_control "oom_kill" (4.13+), v2 memory.events "oom_kill"
 */
public record Usage(Long memoryBytes, Long memoryPeakBytes, Long memoryLimitHits, Long cpuUsageNanos, Long cpuPeriods,
        Long cpuThrottledPeriods, Long cpuThrottledNanos, Long pids, Long pidsLimitHits, Long oomEvents,
        Long oomKillEvents) {}
