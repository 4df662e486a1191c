package dev.glassbox.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's flag values: sizes ({@code 64m}), CPU counts ({@code 1.5}), {@code KEY=VALUE} lists. */
final class Flags {
    private Flags() {}

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmg]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    /** A size in bytes: a number with an optional unit b, k, m or g (powers of 1024, as Docker's). */
    static long size(String flag, String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new CliException("invalid " + flag + " \"" + value
                    + "\": use a number with an optional unit b, k, m or g (e.g. 64m)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift)).longValue();
    }

    /** {@code --memory-swap}: a size, or -1 for unlimited swap. */
    static long swap(String value) {
        return value != null && value.trim().equals("-1") ? -1 : size("--memory-swap", value);
    }

    /** {@code --cpus 1.5} as Docker's NanoCpus. */
    static long nanoCpus(String value) {
        try {
            BigDecimal cpus = new BigDecimal(value.trim());
            if (cpus.signum() > 0) return cpus.movePointRight(9).longValue();
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new CliException("invalid --cpus \"" + value + "\": use a number of CPUs greater than 0 (e.g. 0.5 or 2)");
    }

    /** {@code -e KEY=VALUE} as given; {@code -e KEY} takes KEY's value from our environment, or is dropped (as Docker). */
    static List<String> env(List<String> given, Function<String, String> ourEnv) {
        List<String> out = new ArrayList<>();
        for (String e : given) {
            if (e.isEmpty() || e.startsWith("=")) throw new CliException("invalid -e \"" + e + "\": use KEY=VALUE or KEY");
            if (e.contains("=")) {
                out.add(e);
            } else {
                String v = ourEnv.apply(e);
                if (v != null) out.add(e + "=" + v);
            }
        }
        return out;
    }

    /** {@code -l key=value} (or {@code -l key}, an empty value). */
    static Map<String, String> labels(List<String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : given) {
            int eq = l.indexOf('=');
            if (eq == 0) throw new CliException("invalid --label \"" + l + "\": use key=value");
            if (eq < 0) out.put(l, "");
            else out.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return out;
    }
}
