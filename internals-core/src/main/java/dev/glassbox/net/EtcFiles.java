package dev.glassbox.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three files a container's resolver reads, as Docker writes them, returned as text for the
 * runtime to put into the container: {@code /etc/hostname}, {@code /etc/hosts}, {@code /etc/resolv.conf}.
 */
public final class EtcFiles {
    /** Used when the host's resolv.conf leaves no nameserver a container can reach, as Docker does. */
    public static final List<String> FALLBACK_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

    private EtcFiles() {}

    /** {@code /etc/hostname}: the name and a newline. */
    public static String hostname(String hostname) {
        return hostname + "\n";
    }

    /**
     * {@code /etc/hosts}: localhost and the IPv6 names Docker lists, the container's own address
     * with its hostname ({@code ip} null on {@code --network none}: no such line), then
     * {@code extraHosts} (other containers by name, {@code --add-host}) in the map's order.
     */
    public static String hosts(String hostname, InetAddress ip, Map<String, ? extends InetAddress> extraHosts) {
        StringBuilder sb = new StringBuilder();
        sb.append("127.0.0.1\tlocalhost\n");
        sb.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        sb.append("fe00::0\tip6-localnet\n");
        sb.append("ff00::0\tip6-mcastprefix\n");
        sb.append("ff02::1\tip6-allnodes\n");
        sb.append("ff02::2\tip6-allrouters\n");
        extraHosts.forEach((name, addr) -> sb.append(IpText.format(addr)).append('\t').append(name).append('\n'));
        if (ip != null) sb.append(IpText.format(ip)).append('\t').append(hostname).append('\n');
        return sb.toString();
    }

    /** {@code /etc/resolv.conf} from its parts (each list may be empty). */
    public static String resolvConf(List<String> nameservers, List<String> search, List<String> options) {
        StringBuilder sb = new StringBuilder();
        if (!search.isEmpty()) sb.append("search ").append(String.join(" ", search)).append('\n');
        for (String ns : nameservers) sb.append("nameserver ").append(ns).append('\n');
        if (!options.isEmpty()) sb.append("options ").append(String.join(" ", options)).append('\n');
        return sb.toString();
    }

    /**
     * {@code /etc/resolv.conf} made from the host's: search and options kept, nameservers on the
     * host's loopback (127.0.0.53 of systemd-resolved, ::1) dropped because they are unreachable
     * from the container's own loopback; none left: {@link #FALLBACK_NAMESERVERS}.
     */
    public static String resolvConfFromHost(String hostResolvConf) {
        List<String> nameservers = new ArrayList<>(), search = new ArrayList<>(), options = new ArrayList<>();
        for (String raw : hostResolvConf.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "nameserver" -> {
                    if (w.length > 1 && !isLoopback(w[1])) nameservers.add(w[1]);
                }
                case "search", "domain" -> {
                    search.clear();
                    for (int i = 1; i < w.length; i++) search.add(w[i]);
                }
                case "options" -> {
                    for (int i = 1; i < w.length; i++) options.add(w[i]);
                }
                default -> {}
            }
        }
        if (nameservers.isEmpty()) nameservers.addAll(FALLBACK_NAMESERVERS);
        return resolvConf(nameservers, search, options);
    }

    private static boolean isLoopback(String ns) {
        return ns.startsWith("127.") || ns.equals("::1") || ns.equalsIgnoreCase("0:0:0:0:0:0:0:1");
    }
}
