package dev.glassbox.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * IPv4 forwarding of a network namespace: {@code /proc/sys/net/ipv4/ip_forward}.
 *
 * <p>With 0 (the kernel's default) the host drops packets that arrive for an address that is
 * not its own; with 1 it routes them, which a container's packets to the outside and published
 * ports on another address need. Writing the file also sets {@code conf/all/forwarding} and every
 * interface's {@code forwarding}. Each network namespace has its own value, and {@code /proc/sys/net}
 * shows the namespace of the thread that opens the file, so the {@code netnsFile} variants do
 * their reading and writing on a thread inside that namespace.
 */
public final class IpForwarding {
    /** The sysctl {@code net.ipv4.ip_forward}. */
    public static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private IpForwarding() {}

    /** Whether the calling thread's network namespace forwards IPv4. */
    public static boolean isEnabled() {
        return read();
    }

    /** Whether the network namespace {@code netnsFile} forwards IPv4. */
    public static boolean isEnabled(Path netnsFile) {
        return NetNs.run(netnsFile, IpForwarding::read);
    }

    /**
     * Turns IPv4 forwarding on in the calling thread's namespace; closing the returned handle puts
     * back the value found (0 stays 1 if it was 1 before, as Docker leaves a router a router).
     */
    public static Restore enable() {
        boolean before = read();
        if (!before) write(true);
        return new Restore(null, before);
    }

    /** {@link #enable()} in the network namespace {@code netnsFile}. */
    public static Restore enable(Path netnsFile) {
        boolean before = NetNs.run(netnsFile, () -> {
            boolean was = read();
            if (!was) write(true);
            return was;
        });
        return new Restore(netnsFile, before);
    }

    /**
     * {@link #enable()} (in {@code netnsFile}, or the calling thread's namespace when null) that
     * survives a crash of the one who called it: the value found is also written to {@code record}
     * ("0" or "1"), and when {@code record} is already there (its writer crashed before restoring),
     * that value is the one put back on close, not the "1" the crashed engine left. Closing the
     * handle deletes {@code record}. Keep it on a tmpfs such as /run: after a reboot the kernel's
     * value is the true one again, and so is a missing record.
     */
    public static Restore enable(Path netnsFile, Path record) {
        Boolean recorded = null;
        try {
            if (Files.exists(record)) recorded = !Files.readString(record).trim().equals("0");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + record + ": " + e.getMessage(), e);
        }
        Restore r = netnsFile == null ? enable() : enable(netnsFile);
        boolean before = recorded != null ? recorded : r.wasEnabled;
        try {
            Files.createDirectories(record.toAbsolutePath().getParent());
            Files.writeString(record, before ? "1\n" : "0\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + record + ": " + e.getMessage(), e);
        }
        return new Restore(netnsFile, before, record);
    }

    /** The command a student would type for {@link #enable()}. */
    public static List<String> enableShellEquivalent() {
        return List.of("sysctl -w net.ipv4.ip_forward=1");
    }

    /** Puts back the ip_forward value found by {@link #enable}; closing twice does nothing more. */
    public static final class Restore implements AutoCloseable {
        private final Path netnsFile;
        private final boolean wasEnabled;
        private final Path record;
        private boolean closed;

        private Restore(Path netnsFile, boolean wasEnabled) {
            this(netnsFile, wasEnabled, null);
        }

        private Restore(Path netnsFile, boolean wasEnabled, Path record) {
            this.netnsFile = netnsFile;
            this.wasEnabled = wasEnabled;
            this.record = record;
        }

        /** Whether forwarding was already on before {@link #enable}. */
        public boolean wasEnabled() { return wasEnabled; }

        /** The command a student would type for {@link #close}: nothing when forwarding was on before. */
        public List<String> shellEquivalent() {
            return wasEnabled ? List.of() : List.of("sysctl -w net.ipv4.ip_forward=0");
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            if (!wasEnabled) {
                if (netnsFile == null) write(false);
                else NetNs.exec(netnsFile, () -> write(false));
            }
            if (record != null) {
                try {
                    Files.deleteIfExists(record);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + record + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static boolean read() {
        try {
            return !Files.readString(IP_FORWARD).trim().equals("0");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + IP_FORWARD + ": " + e.getMessage(), e);
        }
    }

    private static void write(boolean on) {
        try {
            Files.writeString(IP_FORWARD, on ? "1\n" : "0\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + IP_FORWARD + " (run the engine as root): " + e.getMessage(), e);
        }
    }
}
