package dev.glassbox.exercise.check;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which process a check looks at. Exactly one field is set:
 * <ul>
 *   <li>{@code container}: the init of the container with this name (Glassbox or Docker);</li>
 *   <li>{@code process}: the newest process whose command line, words joined by spaces, matches
 *       this regular expression in full (by-hand exercises: {@code "sleep 1001"});</li>
 *   <li>{@code pidFile}: the PID written in this host file;</li>
 *   <li>{@code netns}: a named network namespace, {@code /run/netns/NAME} (network checks only);</li>
 *   <li>{@code host}: PID 1, the host itself.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(String container, String process, String pidFile, String netns, Boolean host) {

    public Target {
        int set = (container != null ? 1 : 0) + (process != null ? 1 : 0) + (pidFile != null ? 1 : 0)
                + (netns != null ? 1 : 0) + (Boolean.TRUE.equals(host) ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a target names exactly one of container, process, pidFile, netns or host: true");
        }
    }

    public static Target container(String name) { return new Target(name, null, null, null, null); }

    public static Target process(String cmdlineRegex) { return new Target(null, cmdlineRegex, null, null, null); }

    public static Target netns(String name) { return new Target(null, null, null, name, null); }

    public static Target hostTarget() { return new Target(null, null, null, null, true); }

    public boolean isHost() { return Boolean.TRUE.equals(host); }

    /** How feedback names it: "container web", "process `sleep 1001`", "the host". */
    public String describe() {
        if (container != null) return "container " + container;
        if (process != null) return "process `" + process + "`";
        if (pidFile != null) return "the process in " + pidFile;
        if (netns != null) return "network namespace " + netns;
        return "the host";
    }
}
