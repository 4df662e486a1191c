package dev.glassbox.runtime;

import dev.glassbox.net.BridgeNetwork;
import dev.glassbox.net.FibRules;
import dev.glassbox.net.IpForwarding;
import dev.glassbox.net.Nftables;
import dev.glassbox.net.PortSpec;
import dev.glassbox.net.Subnet;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What Docker does to the host's network so containers reach out and published ports reach
 * in, done through netlink: IP forwarding on, an nftables table {@code ip glassbox} with
 * masquerading for each bridge's subnet and DNAT for published ports, and policy-routing
 * rules that keep different bridge networks apart (Docker's isolation chains). Undone on
 * engine shutdown. When the kernel has no nf_tables, the userland proxy alone publishes
 * ports (Docker's fallback) and containers have no outbound access.
 */
final class HostNat implements AutoCloseable {
    private final Nftables nft;
    private final IpForwarding.Restore forwarding;
    private final Path netns;

    private HostNat(Nftables nft, IpForwarding.Restore forwarding, Path netns) {
        this.nft = nft;
        this.forwarding = forwarding;
        this.netns = netns;
    }

    /**
     * Sets up the host, or returns null (with a note on stderr) when nf_tables is missing; in the
     * network namespace {@code netns}, or the engine's own when null. Tests
     * give one they created, so that they never change the host's firewall, routing rules or forwarding.
     *
     * <p>What an engine that crashed left is cleared first: table {@code ip glassbox} is made anew,
     * empty ({@link Nftables#resetTable}), and Glassbox's policy-routing rules are deleted. The
     * engine then adds again what its networks and running containers need ({@link #networkUp},
     * {@link #publish}), so the rules of containers that are gone do not stay and those of the
     * running ones are known again (their {@code rm} removes them). With {@code forwardingRecord}
     * (a file under the engine's run directory), the ip_forward value found before the first engine
     * turned it on is remembered across crashes, so the last shutdown puts that one back.
     */
    static HostNat start(Path netns, Path forwardingRecord) {
        if (!(netns == null ? Nftables.available() : Nftables.available(netns))) {
            System.err.println("glassbox: nf_tables is not available: containers get no outbound NAT; published ports use the userland proxy only");
            return null;
        }
        Nftables nft = netns == null ? Nftables.open() : Nftables.open(netns);
        try {
            nft.resetTable(false);
            try (FibRules rules = fibRules(netns)) {
                for (var r : rules.glassboxRules()) rules.delete(r);
            }
            IpForwarding.Restore forwarding = forwardingRecord != null ? IpForwarding.enable(netns, forwardingRecord)
                    : netns == null ? IpForwarding.enable() : IpForwarding.enable(netns);
            return new HostNat(nft, forwarding, netns);
        } catch (RuntimeException e) {
            nft.close();
            throw e;
        }
    }

    private static FibRules fibRules(Path netns) {
        return netns == null ? FibRules.open() : FibRules.open(netns);
    }

    /** A bridge network is up: masquerade its traffic out, forward to and from it, isolate it from the others. */
    synchronized void networkUp(BridgeNetwork n, Collection<Subnet> others) {
        nft.addMasquerade(n.subnet(), n.bridgeName());
        nft.acceptForwarding(n.bridgeName());
        try (FibRules rules = fibRules(netns)) {
            rules.isolate(n.subnet(), others);
        }
    }

    synchronized void networkDown(BridgeNetwork n) {
        nft.removeMasquerade(n.subnet());
        nft.removeForwarding(n.bridgeName());
        try (FibRules rules = fibRules(netns)) {
            rules.unisolate(n.subnet());
        }
    }

    /** DNAT for a published port on non-loopback addresses; loopback stays with the userland proxy. Null if none. */
    synchronized Nftables.Dnat publish(PortSpec spec, int hostPort, Inet4Address containerIp) {
        if (!spec.hostIp().isEmpty() && !spec.hostIp().equals("0.0.0.0")) {
            if (spec.hostAddress().isLoopbackAddress() || !(spec.hostAddress() instanceof Inet4Address)) return null;
        }
        Inet4Address host = spec.hostIp().isEmpty() ? null : (Inet4Address) spec.hostAddress();
        return nft.addDnat(host, hostPort, spec.protocol(), containerIp, spec.containerPort());
    }

    synchronized void unpublish(Nftables.Dnat dnat) {
        nft.removeDnat(dnat);
    }

    /** The table goes, forwarding is put back as it was. */
    @Override
    public synchronized void close() {
        List<RuntimeException> errors = new ArrayList<>();
        try {
            nft.deleteTable();
        } catch (RuntimeException e) {
            errors.add(e);
        }
        try {
            try (FibRules rules = fibRules(netns)) {
                for (var r : rules.glassboxRules()) rules.delete(r);
            }
        } catch (RuntimeException e) {
            errors.add(e);
        }
        nft.close();
        forwarding.close();
        if (!errors.isEmpty()) throw errors.getFirst();
    }
}
