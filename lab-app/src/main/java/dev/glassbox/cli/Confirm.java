package dev.glassbox.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Docker's prompt before a prune: the warning, "Are you sure you want to continue? [y/N]", one line read. */
final class Confirm {
    private Confirm() {}

    /**
     * True when the user answered y or yes. Refuses (a one-line error) when our stdin is the
     * process's and not a terminal: a script must say -f, not pipe a "y".
     */
    static boolean ask(Verb v, String warning, String forceHint) {
        Main m = v.main();
        if (m.in == System.in && !m.sys().isatty(0)) {
            throw new CliException("cannot ask for confirmation: stdin is not a terminal; add " + forceHint + " to go ahead without asking");
        }
        v.out().println(warning);
        v.out().print("Are you sure you want to continue? [y/N] ");
        v.out().flush();
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(m.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new CliException("cannot read the answer from stdin: " + e.getMessage());
        }
        if (line == null) v.out().println();
        String a = line == null ? "" : line.strip().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }
}
