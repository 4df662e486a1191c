package dev.glassbox.exercise.check;

import dev.glassbox.inspect.NsType;
import dev.glassbox.net.Link;
import dev.glassbox.net.Rtnl;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** The target's network namespace has exactly these interfaces ({@code [lo]} for --network none). */
public record Links(Target of, List<String> only) implements Check {
    public Links {
        Objects.requireNonNull(of, "links needs of: {container|process|netns}");
        Objects.requireNonNull(only, "links needs only: [NAMES]");
        only = List.copyOf(only);
    }

    @Override
    public Observation evaluate(Machine m) {
        try (Rtnl rt = Rtnl.open(m.nsFile(of, NsType.NET))) {
            TreeSet<String> got = new TreeSet<>(rt.links().stream().map(Link::name).toList());
            return Observation.of(got.equals(new TreeSet<>(only)), "interfaces " + new TreeSet<>(only), "interfaces " + got);
        }
    }

    @Override public String view() { return NETWORK; }

    @Override public String describe() { return of.describe() + " has only the interfaces " + only; }
}
