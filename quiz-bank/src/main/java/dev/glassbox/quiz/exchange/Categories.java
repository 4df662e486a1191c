package dev.glassbox.quiz.exchange;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Moodle category paths for the bank: {@code $course$/top/Glassbox/session-N/<topic>}. */
final class Categories {
    static final String ROOT = "$course$/top/Glassbox";
    private static final Pattern OURS = Pattern.compile(".*/session-(\\d+)/([^/]+)/?$");

    private Categories() {
    }

    static String path(int session, String topic) {
        return ROOT + "/session-" + session + "/" + topic;
    }

    /** The session and topic a category path names; foreign paths use their last segment. */
    static Placement parse(String path, int defaultSession) {
        Matcher m = OURS.matcher(path.trim());
        if (m.matches()) return new Placement(Integer.parseInt(m.group(1)), m.group(2));
        String[] parts = path.trim().split("/");
        String last = parts.length == 0 ? "imported" : parts[parts.length - 1];
        return new Placement(defaultSession, slug(last.isBlank() ? "imported" : last));
    }

    static String slug(String s) {
        String slug = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "q" : slug;
    }

    record Placement(int session, String topic) {
    }
}
