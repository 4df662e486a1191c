package dev.glassbox.runtime;

import dev.glassbox.net.PortProxy;
import dev.glassbox.net.PortSpec;

/**
 * A published port as {@code docker port} prints it: {@code 80/tcp -> 0.0.0.0:8080}; kept in
 * the run state as {@code hostIp:hostPort->containerIp:containerPort/proto}.
 */
public record PortMapping(String hostIp, int hostPort, String containerIp, int containerPort, String protocol) {
    static PortMapping of(PortProxy p) {
        return new PortMapping(p.hostAddress().getAddress().getHostAddress(), p.hostPort(),
                p.target().getAddress().getHostAddress(), p.target().getPort(), p.spec().protocol().toString());
    }

    static PortMapping parse(String s) {
        String[] sides = s.split("->");
        String host = sides[0], ctr = sides[1];
        int hc = host.lastIndexOf(':'), cc = ctr.lastIndexOf(':'), slash = ctr.indexOf('/');
        return new PortMapping(host.substring(0, hc), Integer.parseInt(host.substring(hc + 1)), ctr.substring(0, cc),
                Integer.parseInt(ctr.substring(cc + 1, slash)), ctr.substring(slash + 1));
    }

    /** The {@code -p} it was published with, its host port now fixed. */
    PortSpec spec() {
        return new PortSpec(hostIp, hostPort, containerPort, protocol.equals("udp") ? PortSpec.Protocol.UDP : PortSpec.Protocol.TCP);
    }

    @Override
    public String toString() {
        return hostIp + ":" + hostPort + "->" + containerIp + ":" + containerPort + "/" + protocol;
    }

    /** {@code 80/tcp -> 0.0.0.0:8080}, as docker port prints it. */
    public String docker() {
        return containerPort + "/" + protocol + " -> " + hostIp + ":" + hostPort;
    }
}
