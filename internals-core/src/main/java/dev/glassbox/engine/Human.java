package dev.glassbox.engine;

import java.time.Duration;
import java.util.Locale;

/** Durations and sizes written the way the docker CLI writes them ("Up 3 seconds", "7.8MB"). */
public final class Human {
    private Human() {}

    /** "Less than a second", "1 second", "5 seconds", "About a minute", ..., "3 weeks", "2 years". */
    public static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = d.toMinutes();
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return d.toHours() / 24 / 365 + " years";
    }

    /** Decimal units with about three significant digits, as {@code docker images}: "512B", "7.8MB", "1.23GB". */
    public static String size(long bytes) {
        return size(bytes, 3);
    }

    /**
     * Decimal units with {@code digits} significant digits: 3 as {@code docker images} and
     * {@code ps -s}, 4 as {@code system df} ("16.43MB").
     */
    public static String size(long bytes, int digits) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String n = String.format(Locale.ROOT, "%." + digits + "g", v);
        if (n.contains(".")) n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        return n + units[u];
    }
}
