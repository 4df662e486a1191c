package dev.glassbox.caps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A set of capabilities as the kernel stores it: a 64-bit mask, bit N for capability N
 * (the {@code CapEff:} lines of /proc/PID/status are such masks in hex). Bits this enum does
 * not know (a newer kernel) are kept and shown by number, as capsh does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CapSet(long mask) {

    public static final CapSet EMPTY = new CapSet(0);

    /**
     * What Docker (moby's {@code caps.DefaultCapabilities}) grants a container unless told
     * otherwise: 14 capabilities, without CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SYS_PTRACE, ...
     */
    public static final CapSet DOCKER_DEFAULT = of(
            Capability.CAP_CHOWN, Capability.CAP_DAC_OVERRIDE, Capability.CAP_FSETID, Capability.CAP_FOWNER,
            Capability.CAP_MKNOD, Capability.CAP_NET_RAW, Capability.CAP_SETGID, Capability.CAP_SETUID,
            Capability.CAP_SETFCAP, Capability.CAP_SETPCAP, Capability.CAP_NET_BIND_SERVICE,
            Capability.CAP_SYS_CHROOT, Capability.CAP_KILL, Capability.CAP_AUDIT_WRITE);

    public static CapSet of(Capability... caps) {
        long m = 0;
        for (Capability c : caps) m |= 1L << c.number();
        return new CapSet(m);
    }

    public static CapSet of(Set<Capability> caps) {
        return of(caps.toArray(Capability[]::new));
    }

    /** Capabilities 0..lastCap: what {@code --privileged} gives on this kernel. */
    public static CapSet all(int lastCap) {
        return new CapSet(lastCap >= 63 ? -1L : (1L << (lastCap + 1)) - 1);
    }

    /** All capabilities the running kernel knows (0 .. {@link #lastCap()}). */
    public static CapSet allOnThisKernel() {
        return all(lastCap());
    }

    /** Parses a mask as /proc/PID/status prints it ({@code 000001ffffffffff}), with or without {@code 0x}. */
    public static CapSet parseHex(String hex) {
        String h = hex.trim();
        if (h.startsWith("0x") || h.startsWith("0X")) h = h.substring(2);
        if (h.isEmpty() || h.length() > 16) throw new IllegalArgumentException("not a capability mask: \"" + hex + "\"");
        return new CapSet(Long.parseUnsignedLong(h, 16));
    }

    /**
     * Parses names as {@code --cap-add}/{@code --cap-drop} take them: {@code NET_ADMIN},
     * {@code CAP_NET_ADMIN}, {@code cap_net_admin}, or {@code ALL} for every capability of this kernel.
     *
     * @throws UnknownCapabilityException naming the first unknown name
     */
    public static CapSet parseNames(List<String> names) {
        long m = 0;
        for (String name : names) {
            String n = name.trim();
            if (n.equalsIgnoreCase("ALL") || n.equalsIgnoreCase("CAP_ALL")) {
                m |= allOnThisKernel().mask;
                continue;
            }
            Capability c = Capability.byName(n).orElseThrow(() -> new UnknownCapabilityException(name));
            m |= 1L << c.number();
        }
        return new CapSet(m);
    }

    /** The highest capability number the running kernel knows, from /proc/sys/kernel/cap_last_cap. */
    public static int lastCap() {
        return lastCap(Path.of("/proc"));
    }

    /** {@link #lastCap()} read under another proc root (tests use fixtures). */
    public static int lastCap(Path procRoot) {
        // one read(2): a sysctl file answers a second read at a non-zero offset with end of file,
        // so a reader that starts with a short buffer sees only "4" of "40"
        try (var in = Files.newInputStream(procRoot.resolve("sys/kernel/cap_last_cap"))) {
            byte[] buf = new byte[32];
            int n = in.read(buf);
            return Integer.parseInt(new String(buf, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + procRoot.resolve("sys/kernel/cap_last_cap") + ": is /proc mounted?", e);
        }
    }

    public boolean has(Capability c) { return (mask & (1L << c.number())) != 0; }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() { return mask == 0; }

    public CapSet union(CapSet other) { return new CapSet(mask | other.mask); }

    public CapSet minus(CapSet other) { return new CapSet(mask & ~other.mask); }

    public CapSet intersect(CapSet other) { return new CapSet(mask & other.mask); }

    public CapSet with(Capability c) { return new CapSet(mask | (1L << c.number())); }

    public CapSet without(Capability c) { return new CapSet(mask & ~(1L << c.number())); }

    public int size() { return Long.bitCount(mask); }

    /** The known capabilities in the set, by number. */
    public EnumSet<Capability> capabilities() {
        EnumSet<Capability> s = EnumSet.noneOf(Capability.class);
        for (Capability c : Capability.values()) if (has(c)) s.add(c);
        return s;
    }

    /** C names by number ({@code CAP_CHOWN}, ...), bits unknown to this enum as their number. */
    @JsonProperty("names")
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) == 0) continue;
            int b = bit;
            out.add(Capability.of(bit).map(Capability::cName).orElse(Integer.toString(b)));
        }
        return out;
    }

    /** The mask in 16 hex digits, as /proc/PID/status prints it. */
    @JsonProperty("hex")
    public String hex() {
        return String.format("%016x", mask);
    }

    /** As {@code capsh --decode} prints the names: {@code cap_chown,cap_kill,41}; empty for no capability. */
    @Override
    public String toString() {
        return String.join(",", names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }
}
