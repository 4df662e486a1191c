package dev.glassbox.exercise.check;

import dev.glassbox.inspect.NsType;
import dev.glassbox.net.Address;
import dev.glassbox.net.Link;
import dev.glassbox.net.Rtnl;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network interface in the target's network namespace (rtnetlink, as {@code ip -d link}
 * shows it): it exists (or not), of a {@code kind} (veth, bridge...), {@code up}, a port of the
 * bridge {@code master}, with this {@code address} (CIDR, e.g. 10.77.0.2/24).
 */
public record LinkCheck(Target of, String name, Boolean present, String kind, Boolean up, String master, String address) implements Check {
    public LinkCheck {
        Objects.requireNonNull(of, "link needs of: {netns|container|process|host}");
        Objects.requireNonNull(name, "link needs name: IFNAME");
        if (present == null) present = true;
    }

    @Override
    public Observation evaluate(Machine m) {
        try (Rtnl rt = Rtnl.open(m.nsFile(of, NsType.NET))) {
            Optional<Link> l = rt.link(name);
            String expected = expectedText();
            if (l.isEmpty()) {
                List<String> names = rt.links().stream().map(Link::name).toList();
                return Observation.of(!present, expected, "no " + name + " in " + of.describe() + " (it has " + String.join(", ", names) + ")");
            }
            if (!present) return Observation.of(false, expected, name + " exists");
            Link link = l.get();
            String masterName = link.masterIndex() == 0 ? null : rt.link(link.masterIndex()).map(Link::name).orElse("#" + link.masterIndex());
            List<String> addrs = new ArrayList<>();
            for (Address a : rt.addresses(link.index())) addrs.add(a.cidr());
            boolean pass = (kind == null || kind.equals(link.kind())) && (up == null || up == link.up())
                    && (master == null || master.equals(masterName)) && (address == null || addrs.contains(address));
            String observed = name + (link.kind() == null ? "" : " (" + link.kind() + ")") + (link.up() ? " up" : " down")
                    + (masterName == null ? ", no master" : ", master " + masterName)
                    + (addrs.isEmpty() ? ", no address" : ", " + String.join(" ", addrs));
            return Observation.of(pass, expected, observed);
        }
    }

    private String expectedText() {
        if (!present) return "no " + name + " in " + of.describe();
        StringBuilder b = new StringBuilder(name);
        if (kind != null) b.append(" (").append(kind).append(")");
        if (up != null) b.append(up ? " up" : " down");
        if (master != null) b.append(", master ").append(master);
        if (address != null) b.append(", ").append(address);
        return b.append(" in ").append(of.describe()).toString();
    }

    @Override public String view() { return NETWORK; }

    @Override public String describe() { return "there is " + expectedText(); }
}
