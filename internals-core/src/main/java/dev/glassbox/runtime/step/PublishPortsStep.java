package dev.glassbox.runtime.step;

import dev.glassbox.net.Attachment;
import dev.glassbox.net.PortProxy;
import dev.glassbox.net.Nftables;
import dev.glassbox.net.PortSpec;
import dev.glassbox.runtime.Networks;
import java.util.ArrayList;
import java.util.List;

/** Host side: make the container's ports reachable from the host (-p, -P). */
public final class PublishPortsStep implements Step {
    /** The proxies the step started; the runtime keeps them until the container stops. */
    public record Published(List<PortProxy> proxies, List<Nftables.Dnat> dnats) {}

    private final Networks networks;

    public PublishPortsStep(Networks networks) {
        this.networks = networks;
    }

    @Override public String id() { return "ports"; }

    @Override public String title() { return "Publish ports"; }

    @Override public String explanation() {
        return "The container's address is private to the host. Publishing a port makes the engine listen on a "
                + "host port and forward each connection to the container's address and port (a userland proxy, "
                + "as Docker's docker-proxy), so 127.0.0.1:HOSTPORT reaches the server in the container. Where the engine "
                + "does kernel NAT, a DNAT rule in its nftables table also rewrites the destination of connections to the "
                + "host's other addresses, so the kernel forwards them without the proxy.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        List<String> out = new ArrayList<>();
        for (PortSpec p : ctx.spec().ports()) {
            String hostPort = p.hostPort() == 0 ? "<free port>" : String.valueOf(p.hostPort());
            String proto = p.protocol() == PortSpec.Protocol.UDP ? "UDP" : "TCP";
            out.add("socat " + proto + "-LISTEN:" + hostPort + ",bind=" + p.hostAddress().getHostAddress() + ",fork " + proto
                    + ":<container ip>:" + p.containerPort() + "   # the userland proxy");
            boolean loopbackOnly = !p.hostIp().isEmpty() && p.hostAddress().isLoopbackAddress();
            if (networks.hostNat() && !loopbackOnly) {
                String match = p.hostIp().isEmpty() || p.hostAddress().isAnyLocalAddress() ? "fib daddr type local" : "ip daddr " + p.hostIp();
                String rule = p.protocol() + " dport " + hostPort + " dnat to <container ip>:" + p.containerPort();
                out.add("nft 'add rule ip " + Nftables.TABLE + " " + Nftables.PREROUTING + " " + match + " " + rule + "'");
                out.add("nft 'add rule ip " + Nftables.TABLE + " " + Nftables.OUTPUT + " "
                        + (match.startsWith("fib") ? "ip daddr != 127.0.0.0/8 " : "") + match + " " + rule + "'");
            }
        }
        return out;
    }

    @Override public List<String> apply(StepContext ctx) {
        List<PortSpec> specs = ctx.spec().ports();
        if (specs.isEmpty()) return List.of("no ports published");
        Attachment a = ctx.get(Attachment.class);
        if (a == null) throw new IllegalStateException("ports can be published only on a bridge network, not --network " + ctx.spec().networkMode());
        List<PortProxy> proxies = new ArrayList<>();
        List<Nftables.Dnat> dnats = new ArrayList<>();
        List<String> out = new ArrayList<>();
        try {
            for (PortSpec p : specs) {
                PortProxy proxy = PortProxy.start(p, a.ip());
                proxies.add(proxy);
                Nftables.Dnat d = networks.publish(p, proxy.hostPort(), a.ip());
                if (d != null) {
                    dnats.add(d);
                    out.add("DNAT (nftables): " + String.join("; ", d.shellEquivalent()));
                }
                out.add(proxy.hostAddress().getAddress().getHostAddress() + ":" + proxy.hostPort() + " -> "
                        + a.ip().getHostAddress() + ":" + p.containerPort() + "/" + p.protocol());
            }
        } catch (RuntimeException e) {
            proxies.forEach(PortProxy::close);
            dnats.forEach(networks::unpublish);
            throw e;
        }
        ctx.put(Published.class, new Published(List.copyOf(proxies), List.copyOf(dnats)));
        return out;
    }

    @Override public void undo(StepContext ctx) {
        Published p = ctx.remove(Published.class);
        if (p != null) {
            p.proxies().forEach(PortProxy::close);
            p.dnats().forEach(networks::unpublish);
        }
    }
}
