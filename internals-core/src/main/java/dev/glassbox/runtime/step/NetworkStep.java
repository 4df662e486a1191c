package dev.glassbox.runtime.step;

import dev.glassbox.net.Attachment;
import dev.glassbox.net.BridgeNetwork;
import dev.glassbox.net.EtcFiles;
import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.Networks;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Host side (rtnetlink) and init stage: give the network namespace its interfaces and addresses. */
public final class NetworkStep implements Step {
    /** Writes /etc/hosts of the containers on a network, so they resolve each other by name. */
    public interface HostsWriter {
        void refresh(String network);
    }

    private final Networks networks;
    private final HostsWriter hosts;

    public NetworkStep(Networks networks, HostsWriter hosts) {
        this.networks = networks;
        this.hosts = hosts;
    }

    @Override public String id() { return "network"; }

    @Override public String title() { return "Connect the network namespace"; }

    @Override public String explanation() {
        return "A new network namespace has only a loopback interface, down. On a bridge network the engine "
                + "creates a veth pair, a virtual cable: one end stays on the host and is plugged into the bridge "
                + "(a virtual switch holding the gateway address), the other end is created inside the container's "
                + "namespace as eth0, gets an address from the network's range, and a default route via the "
                + "gateway. All of it through rtnetlink, the kernel's network configuration socket. "
                + "--network none keeps only lo; --network host shares the host's stack.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        String mode = ctx.spec().networkMode();
        int pid = ctx.initPid();
        if (mode.equals("none")) return List.of("nsenter --net --target " + pid + " ip link set lo up");
        if (mode.equals("host")) return List.of("# nothing: the container uses the host's network namespace");
        if (mode.startsWith("container:")) return List.of("# the container joins the network namespace of " + mode.substring(10));
        BridgeNetwork n = networks.get(mode);
        List<String> out = new ArrayList<>(networks.upShellEquivalent(n));
        out.addAll(n.attachShellEquivalent(ctx.spec().id(), pid, "eth0"));
        return out;
    }

    @Override public List<String> apply(StepContext ctx) throws IOException {
        ContainerSpec s = ctx.spec();
        String mode = s.networkMode();
        List<String> out = new ArrayList<>();
        InetAddress ip = null;
        if (mode.equals("none")) {
            ctx.init().call("ifup", "lo");
            out.add("lo: up, 127.0.0.1/8 (the only interface)");
        } else if (mode.equals("host")) {
            out.add("--network host: the host's interfaces are used");
        } else if (mode.startsWith("container:")) {
            ctx.init().call("joinns", mode.substring(10), "net");
            out.add("joined the network namespace of PID " + mode.substring(10));
        } else {
            BridgeNetwork n = networks.up(networks.get(mode));
            Attachment a = n.attach(s.id(), ctx.initPid(), "eth0");
            ctx.put(Attachment.class, a);
            ip = a.ip();
            out.add("bridge " + n.bridgeName() + " (" + n.subnet() + "), gateway " + a.gateway().getHostAddress());
            out.add("veth pair: " + a.hostVeth() + " (host, port of " + n.bridgeName() + ") <-> " + a.containerIfName() + " (container)");
            out.add("eth0: " + a.cidr() + ", MAC " + a.mac() + ", default route via " + a.gateway().getHostAddress());
            out.add("lo: up, 127.0.0.1/8");
        }
        writeEtcFiles(s, ip);
        if (ctx.get(Attachment.class) != null) hosts.refresh(mode);
        out.add("/etc/hosts, /etc/hostname, /etc/resolv.conf written for the container");
        return out;
    }

    private static void writeEtcFiles(ContainerSpec s, InetAddress ip) throws IOException {
        Path dir = s.containerDir();
        Files.writeString(dir.resolve("hostname"), EtcFiles.hostname(s.hostname()));
        Files.writeString(dir.resolve("hosts"), EtcFiles.hosts(s.hostname(), ip, Map.of()));
        String hostResolv = Files.exists(Path.of("/etc/resolv.conf")) ? Files.readString(Path.of("/etc/resolv.conf")) : "";
        Files.writeString(dir.resolve("resolv.conf"),
                s.networkMode().equals("host") ? hostResolv : EtcFiles.resolvConfFromHost(hostResolv));
    }

    @Override public void undo(StepContext ctx) {
        Attachment a = ctx.remove(Attachment.class);
        if (a != null) {
            networks.get(a.network()).detach(ctx.spec().id());
            hosts.refresh(a.network());
        }
    }
}
