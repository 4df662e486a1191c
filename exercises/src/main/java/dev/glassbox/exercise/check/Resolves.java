package dev.glassbox.exercise.check;

import dev.glassbox.inspect.NsType;
import dev.glassbox.net.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * From inside the target, the name resolves: first through its own {@code /etc/hosts}, then by
 * asking the first {@code nameserver} of its own {@code /etc/resolv.conf} from inside its network
 * namespace (Docker's embedded DNS at 127.0.0.11 answers there for user-defined networks).
 * With {@code toAddressOf}, the answer must be that container's address.
 */
public record Resolves(Target from, String name, String toAddressOf) implements Check {
    public Resolves {
        Objects.requireNonNull(from, "resolves needs from: {container|process}");
        Objects.requireNonNull(name, "resolves needs name: HOSTNAME");
    }

    @Override
    public Observation evaluate(Machine m) {
        String expected = name + " resolves" + (toAddressOf == null ? "" : " to the address of container " + toAddressOf) + " inside " + from.describe();
        List<String> wanted = toAddressOf == null ? List.of() : m.container(toAddressOf).networks().values().stream().filter(a -> !a.isEmpty()).toList();
        Optional<String> byHosts = fromHosts(m.inside(from, "/etc/hosts"), name);
        String how;
        Optional<String> address;
        if (byHosts.isPresent()) {
            address = byHosts;
            how = " (its /etc/hosts)";
        } else {
            Optional<String> server = nameserver(m.inside(from, "/etc/resolv.conf"));
            if (server.isEmpty()) return Observation.of(false, expected, name + " is not in its /etc/hosts and it has no nameserver");
            Path ns = m.nsFile(from, NsType.NET);
            address = NetNs.run(ns, () -> Dns.queryA(server.get(), name));
            how = " (nameserver " + server.get() + ")";
        }
        if (address.isEmpty()) return Observation.of(false, expected, name + " does not resolve" + how);
        boolean pass = wanted.isEmpty() ? toAddressOf == null : wanted.contains(address.get());
        return Observation.of(pass, expected, name + " resolves to " + address.get() + how
                + (toAddressOf == null || pass ? "" : "; " + toAddressOf + " has " + (wanted.isEmpty() ? "no address" : String.join(", ", wanted))));
    }

    static Optional<String> fromHosts(Path hosts, String name) {
        try {
            for (String line : Files.readAllLines(hosts)) {
                String l = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                String[] f = l.trim().split("\\s+");
                for (int i = 1; i < f.length; i++) if (f[i].equals(name)) return Optional.of(f[0]);
            }
        } catch (IOException e) {
            // no hosts file: the nameserver decides
        }
        return Optional.empty();
    }

    static Optional<String> nameserver(Path resolvConf) {
        try {
            return Files.readAllLines(resolvConf).stream().map(String::trim).filter(l -> l.startsWith("nameserver"))
                    .map(l -> l.split("\\s+")).filter(f -> f.length > 1).map(f -> f[1]).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override public String view() { return NETWORK; }

    @Override public String describe() { return name + " resolves inside " + from.describe(); }
}
