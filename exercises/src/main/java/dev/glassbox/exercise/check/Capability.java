package dev.glassbox.exercise.check;

import dev.glassbox.caps.CapSet;
import dev.glassbox.inspect.CapabilityView;
import java.util.List;
import java.util.Objects;

/**
 * The target's capability set ({@code effective} by default: CapEff; or bounding, permitted,
 * inheritable, ambient) has every capability in {@code has}, none in {@code lacks}, and, when
 * {@code exactly} is given, nothing else.
 */
public record Capability(Target of, String set, List<String> has, List<String> lacks, List<String> exactly) implements Check {
    public Capability {
        Objects.requireNonNull(of, "capability needs of: {container|process|...}");
        if (set == null) set = "effective";
        has = has == null ? List.of() : List.copyOf(has);
        lacks = lacks == null ? List.of() : List.copyOf(lacks);
        if (has.isEmpty() && lacks.isEmpty() && exactly == null) throw new IllegalArgumentException("capability needs has, lacks or exactly");
    }

    @Override
    public void validate() {
        CapSet.parseNames(has);
        CapSet.parseNames(lacks);
        if (exactly != null) CapSet.parseNames(exactly);
        if (!List.of("effective", "bounding", "permitted", "inheritable", "ambient").contains(set)) {
            throw new IllegalArgumentException("capability: unknown set " + set + " (effective, bounding, permitted, inheritable, ambient)");
        }
    }

    @Override
    public Observation evaluate(Machine m) {
        CapabilityView v = m.inspector().capabilities(m.pid(of));
        CapSet got = switch (set) {
            case "bounding" -> v.bounding();
            case "permitted" -> v.permitted();
            case "inheritable" -> v.inheritable();
            case "ambient" -> v.ambient();
            default -> v.effective();
        };
        CapSet want = CapSet.parseNames(has), not = CapSet.parseNames(lacks);
        CapSet missing = want.minus(got), extra = got.intersect(not);
        boolean pass = missing.isEmpty() && extra.isEmpty();
        StringBuilder expected = new StringBuilder();
        if (exactly != null) {
            CapSet exact = CapSet.parseNames(exactly);
            pass &= got.equals(exact);
            expected.append("exactly ").append(names(exact));
        } else {
            if (!want.isEmpty()) expected.append("with ").append(names(want));
            if (!not.isEmpty()) expected.append(expected.isEmpty() ? "" : ", ").append("without ").append(names(not));
        }
        String observed = setName() + " = " + (got.size() > 20 ? got.size() + " capabilities" : names(got));
        if (!missing.isEmpty()) observed += "; lacks " + names(missing);
        if (!extra.isEmpty()) observed += "; still has " + names(extra);
        return Observation.of(pass, setName() + " " + expected, observed);
    }

    private String setName() {
        return switch (set) {
            case "bounding" -> "CapBnd";
            case "permitted" -> "CapPrm";
            case "inheritable" -> "CapInh";
            case "ambient" -> "CapAmb";
            default -> "CapEff";
        };
    }

    private static String names(CapSet s) {
        return s.isEmpty() ? "(none)" : String.join(",", s.names());
    }

    @Override public String view() { return CAPS; }

    @Override
    public String describe() {
        if (exactly != null) return of.describe() + " has exactly " + String.join(",", exactly) + " in " + setName();
        return of.describe() + (has.isEmpty() ? "" : " has " + String.join(",", has)) + (lacks.isEmpty() ? "" : " lacks " + String.join(",", lacks)) + " in " + setName();
    }
}
