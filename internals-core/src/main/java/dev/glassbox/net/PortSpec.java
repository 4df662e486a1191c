package dev.glassbox.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One published port, as Docker's {@code -p [hostip:]hostport:containerport[/tcp|/udp]} says it.
 *
 * @param hostIp the host address to listen on, {@code ""} for all of them (0.0.0.0)
 * @param hostPort the host port, 0 for one the kernel chooses
 * @param containerPort the port inside the container
 * @param protocol tcp or udp
 */
public record PortSpec(String hostIp, int hostPort, int containerPort, Protocol protocol) {

    public enum Protocol {
        TCP, UDP;

        @Override
        public String toString() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * Parses a {@code -p} value. Forms: {@code 80}, {@code 8080:80}, {@code 127.0.0.1:8080:80},
     * {@code [::1]:8080:80}, {@code 127.0.0.1::80} (any host port), {@code 8000-8001:80-81/udp}
     * (equal ranges give one spec per port). Errors read like Docker's.
     */
    public static List<PortSpec> parse(String raw) {
        String[] parts = raw.split(":", -1);
        int n = parts.length;
        String container = parts[n - 1];
        String hostPort = n >= 2 ? parts[n - 2] : "";
        String ip = n >= 3 ? String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 2)) : "";

        String proto = "tcp";
        int slash = container.indexOf('/');
        if (slash >= 0) {
            if (slash + 1 < container.length()) proto = container.substring(slash + 1);
            container = container.substring(0, slash);
        }
        if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
        if (!ip.isEmpty() && !isIpLiteral(ip)) throw new IllegalArgumentException("invalid IP address: " + ip);
        if (container.isEmpty()) throw new IllegalArgumentException("no port specified: " + raw + "<empty>");
        int[] cr = range(container, 1);
        if (cr == null) throw new IllegalArgumentException("invalid containerPort: " + container);
        int[] hr = hostPort.isEmpty() ? new int[] {0, 0} : range(hostPort, 0);
        if (hr == null) throw new IllegalArgumentException("invalid hostPort: " + hostPort);
        boolean hostRange = hr[1] != hr[0], containerRange = cr[1] != cr[0];
        if (!hostPort.isEmpty() && (hr[1] - hr[0]) != (cr[1] - cr[0])) {
            if (containerRange) {
                throw new IllegalArgumentException("invalid ranges specified for container and host Ports: "
                        + container + " and " + hostPort);
            }
            if (hostRange) {
                throw new IllegalArgumentException("host port range " + hostPort + " for one container port is not supported: give one host port");
            }
        }
        Protocol p = switch (proto.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            case "sctp" -> throw new IllegalArgumentException("unsupported proto: sctp (Glassbox publishes tcp and udp)");
            default -> throw new IllegalArgumentException("invalid proto: " + proto);
        };
        List<PortSpec> out = new ArrayList<>();
        for (int i = 0; i <= cr[1] - cr[0]; i++) {
            out.add(new PortSpec(ip, hr[0] == 0 ? 0 : hr[0] + i, cr[0] + i, p));
        }
        return out;
    }

    /** Where to listen: the host IP, or 0.0.0.0 for all. */
    public InetAddress hostAddress() {
        try {
            return InetAddress.getByName(hostIp.isEmpty() ? "0.0.0.0" : hostIp);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address: " + hostIp, e);
        }
    }

    /** Docker's notation: {@code 127.0.0.1:8080:80/tcp}, {@code 8080:80/udp}, {@code 80/tcp} (any host port). */
    @Override
    public String toString() {
        String ip = hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        String host = hostIp.isEmpty() ? (hostPort == 0 ? "" : hostPort + ":") : ip + ":" + (hostPort == 0 ? "" : hostPort) + ":";
        return host + containerPort + "/" + protocol;
    }

    /** {@code 80} or {@code 8000-8010} within [min, 65535], or null. */
    private static int[] range(String s, int min) {
        int dash = s.indexOf('-');
        Integer a = port(dash < 0 ? s : s.substring(0, dash), min);
        Integer b = dash < 0 ? a : port(s.substring(dash + 1), min);
        if (a == null || b == null || b < a) return null;
        return new int[] {a, b};
    }

    private static Integer port(String s, int min) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) return null;
        int v = Integer.parseInt(s);
        return v < min || v > 65535 ? null : v;
    }

    private static boolean isIpLiteral(String s) {
        if (s.contains(":")) {
            if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) return false;
            try {
                InetAddress.getByName(s); // a literal: no lookup happens
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        try {
            Subnet.parseIpv4(s, s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
