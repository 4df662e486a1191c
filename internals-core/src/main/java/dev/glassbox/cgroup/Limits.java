package dev.glassbox.cgroup;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits Docker sets with {@code --memory}, {@code --memory-swap}, {@code --cpus} and
 * {@code --pids-limit}. {@code null} means "no limit". Values follow Docker's meanings:
 * {@code memorySwapBytes} is memory plus swap (Docker's {@code --memory-swap}), {@code -1}
 * for unlimited swap, and {@code null} for Docker's default of twice the memory (see
 * {@link #effectiveMemorySwapBytes()}). CPU is a CFS quota per period: {@code --cpus 1.5} is
 * 150000 µs of CPU time every 100000 µs.
 *
 * <p>The constructor only normalises Docker's "0 means unset"; it never throws, because the
 * same record describes what is read back from any cgroup. {@link #validate()} applies
 * Docker's rules before Glassbox writes limits.
 */
public record Limits(Long memoryBytes, Long memorySwapBytes, Long cpuQuotaMicros, long cpuPeriodMicros, Long pidsMax) {

    /** The CFS period Docker uses with {@code --cpus}. */
    public static final long DEFAULT_CPU_PERIOD_MICROS = 100_000;
    /** Docker refuses memory limits below this ({@code linuxMinMemory}): the container could not even start. */
    public static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kmgtp])?(i)?(b)?$", Pattern.CASE_INSENSITIVE);

    public Limits {
        if (memoryBytes != null && memoryBytes == 0) memoryBytes = null;
        if (memorySwapBytes != null && memorySwapBytes == 0) memorySwapBytes = null;
        if (cpuQuotaMicros != null && cpuQuotaMicros <= 0) cpuQuotaMicros = null;
        if (cpuPeriodMicros == 0) cpuPeriodMicros = DEFAULT_CPU_PERIOD_MICROS;
        if (pidsMax != null && pidsMax <= 0) pidsMax = null; // Docker: 0 and -1 both mean unlimited
    }

    /** No limit at all. */
    public static Limits none() {
        return new Limits(null, null, null, DEFAULT_CPU_PERIOD_MICROS, null);
    }

    /** {@code --memory 32m}: bytes from a number with Docker's units (b, k, m, g, also t, p; "mb", "MiB" accepted). */
    public static long parseMemory(String value) {
        return parseSize("--memory", value);
    }

    /** {@code --memory-swap}: like {@link #parseMemory} but {@code -1} means unlimited swap. */
    public static long parseMemorySwap(String value) {
        if (value != null && value.trim().equals("-1")) return -1;
        return parseSize("--memory-swap", value);
    }

    private static long parseSize(String flag, String value) {
        Matcher m = value == null ? null : SIZE.matcher(value.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("invalid " + flag + " \"" + value
                    + "\": use a number with an optional unit b, k, m or g (e.g. 64m)");
        }
        int shift = switch (m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        // Docker multiplies a float and truncates: 1.5g is 1610612736
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift))
                .setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** {@code --cpus 1.5}, checked against the CPUs this process may run on, as Docker does. */
    public static Limits fromCpus(String cpus) {
        return fromCpus(cpus, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code --cpus} with a known CPU count: quota = cpus x period (period 100000 µs).
     * Docker's messages for a value that is no number, too precise (beyond nanoCPUs) or out of
     * range. {@code 0} means no limit, as in Docker.
     */
    public static Limits fromCpus(String cpus, int onlineCpus) {
        BigDecimal value;
        try {
            value = new BigDecimal(cpus.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("invalid argument \"" + cpus + "\" for \"--cpus\" flag: failed to parse "
                    + cpus + " as a rational number");
        }
        BigDecimal nanoCpus = value.movePointRight(9);
        if (nanoCpus.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("invalid argument \"" + cpus + "\" for \"--cpus\" flag: value is too precise");
        }
        if (nanoCpus.signum() == 0) return none();
        if (nanoCpus.signum() < 0 || value.compareTo(BigDecimal.valueOf(onlineCpus)) > 0
                || value.compareTo(new BigDecimal("0.01")) < 0) {
            throw new IllegalArgumentException("Range of CPUs is from 0.01 to " + onlineCpus + ".00, as there are only "
                    + onlineCpus + " CPUs available");
        }
        long quota = nanoCpus.multiply(BigDecimal.valueOf(DEFAULT_CPU_PERIOD_MICROS)).movePointLeft(9)
                .setScale(0, RoundingMode.DOWN).longValueExact();
        return new Limits(null, null, quota, DEFAULT_CPU_PERIOD_MICROS, null);
    }

    public Limits withMemory(Long bytes) {
        return new Limits(bytes, memorySwapBytes, cpuQuotaMicros, cpuPeriodMicros, pidsMax);
    }

    public Limits withMemorySwap(Long bytes) {
        return new Limits(memoryBytes, bytes, cpuQuotaMicros, cpuPeriodMicros, pidsMax);
    }

    public Limits withCpu(Long quotaMicros, long periodMicros) {
        return new Limits(memoryBytes, memorySwapBytes, quotaMicros, periodMicros, pidsMax);
    }

    /** Takes the CPU quota and period of {@code cpu} (e.g. from {@link #fromCpus}). */
    public Limits withCpu(Limits cpu) {
        return withCpu(cpu.cpuQuotaMicros, cpu.cpuPeriodMicros);
    }

    public Limits withPidsMax(Long max) {
        return new Limits(memoryBytes, memorySwapBytes, cpuQuotaMicros, cpuPeriodMicros, max);
    }

    /**
     * Memory plus swap as it will be written: Docker's default is twice the memory when only
     * {@code --memory} is given; {@code -1} unlimited; null when there is no memory limit.
     */
    public Long effectiveMemorySwapBytes() {
        if (memoryBytes == null) return null;
        return memorySwapBytes == null ? 2 * memoryBytes : memorySwapBytes;
    }

    /** The {@code --cpus} value these limits correspond to, or null without a quota. */
    public Double cpus() {
        return cpuQuotaMicros == null ? null : (double) cpuQuotaMicros / cpuPeriodMicros;
    }

    /** Docker's checks (daemon_unix.go), with Docker's messages. Returns this. */
    public Limits validate() {
        if (memoryBytes != null && memoryBytes < 0) {
            throw new IllegalArgumentException("invalid --memory " + memoryBytes + ": use a positive size (e.g. 64m)");
        }
        if (memoryBytes != null && memoryBytes < MIN_MEMORY_BYTES) {
            throw new IllegalArgumentException("Minimum memory limit allowed is 6MB");
        }
        if (memoryBytes == null && memorySwapBytes != null && memorySwapBytes > 0) {
            throw new IllegalArgumentException("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (memorySwapBytes != null && memorySwapBytes != -1 && (memorySwapBytes < -1
                || memoryBytes != null && memorySwapBytes < memoryBytes)) {
            throw new IllegalArgumentException("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (cpuPeriodMicros < 1000 || cpuPeriodMicros > 1_000_000) {
            throw new IllegalArgumentException("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (cpuQuotaMicros != null && cpuQuotaMicros < 1000) {
            throw new IllegalArgumentException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        return this;
    }
}
