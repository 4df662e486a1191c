package dev.glassbox.engine;

import dev.glassbox.runtime.ContainerException;
import java.util.List;
import java.util.Locale;

/** Signal names as {@code docker kill -s} takes them: {@code SIGTERM}, {@code TERM}, {@code term} or {@code 15}. */
public final class Signals {
    private Signals() {}

    // signal(7), x86-64 and arm64 numbering; index = signal number
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    /** The signal number, or a 400 naming the bad value. */
    public static int parse(String signal) {
        if (signal == null || signal.isBlank()) return 9; // docker kill's default
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s.length() > 3 ? "999" : s);
            if (n >= 1 && n <= 64) return n;
        } else {
            if (s.startsWith("SIG")) s = s.substring(3);
            int n = NAMES.indexOf(s);
            if (n > 0) return n;
        }
        throw ContainerException.badParameter("invalid signal \"" + signal
                + "\": use a name such as SIGTERM, TERM or KILL, or a number from 1 to 64");
    }
}
