package dev.glassbox.exercise.check;

import java.util.List;

/** Small formatting shared by checks: sizes as Docker writes them, tails of outputs. */
final class Text {
    private Text() {}

    /** 67108864 -> "64m (67108864 bytes)"; null -> "no limit". */
    static String bytes(Long b) {
        if (b == null || b < 0) return "no limit";
        String unit;
        if (b % (1L << 30) == 0 && b > 0) unit = (b >> 30) + "g";
        else if (b % (1L << 20) == 0 && b > 0) unit = (b >> 20) + "m";
        else if (b % (1L << 10) == 0 && b > 0) unit = (b >> 10) + "k";
        else unit = b + "b";
        return unit + " (" + b + " bytes)";
    }

    static String tail(String text, int lines) {
        List<String> l = text.strip().lines().toList();
        return String.join("\\n", l.subList(Math.max(0, l.size() - lines), l.size()));
    }

    static String clip(String s, int max) {
        String one = s.replace('\0', ' ').strip().replace("\n", "\\n");
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }
}
