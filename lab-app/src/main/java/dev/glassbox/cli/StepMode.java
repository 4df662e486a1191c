package dev.glassbox.cli;

import dev.glassbox.engine.EngineClient;
import dev.glassbox.runtime.step.StepReport;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code run --step}: starts a container one step at a time, saying after each what the kernel did. */
final class StepMode {
    static final int WIDTH = 88;

    private StepMode() {}

    /**
     * Applies every step, pausing after each but the last for Enter. Returns false when the
     * user aborted (q or end of input): the steps so far are undone, the container stays created.
     * {@code clientAttaches}: we attach to its terminal after the last step.
     */
    static boolean run(EngineClient client, String id, PrintStream out, LineSource lines, boolean clientAttaches) {
        List<String> titles = client.beginSteps(id, clientAttaches);
        for (int k = 1; k <= titles.size(); k++) {
            StepReport r = client.nextStep(id);
            print(r, out);
            if (k == titles.size()) break;
            out.print("Press Enter for the next step (q to abort)... ");
            out.flush();
            String line = lines.readLine();
            out.println();
            if (line == null || line.strip().equalsIgnoreCase("q")) {
                client.abortSteps(id);
                out.println("Aborted: the steps so far were undone; the container " + id.substring(0, Math.min(12, id.length()))
                        + " is still created (glassbox rm removes it, glassbox start runs it).");
                return false;
            }
        }
        out.println();
        return true;
    }

    static void print(StepReport r, PrintStream out) {
        out.println("Step " + r.index() + "/" + r.total() + ": " + r.title());
        for (String line : wrap(r.explanation() == null ? "" : r.explanation(), WIDTH)) out.println(line);
        if (r.shellEquivalent() != null && !r.shellEquivalent().isEmpty()) {
            out.println("Equivalent commands:");
            r.shellEquivalent().forEach(l -> out.println("    " + l));
        }
        if (r.changes() != null && !r.changes().isEmpty()) {
            out.println("What changed:");
            r.changes().forEach(l -> out.println("    " + l));
        }
    }

    /** Words filled into lines of at most {@code width} columns; paragraphs (blank lines) kept. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String para : text.strip().split("\\n\\s*\\n")) {
            if (!lines.isEmpty()) lines.add("");
            StringBuilder line = new StringBuilder();
            for (String word : para.strip().split("\\s+")) {
                if (word.isEmpty()) continue;
                if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (!line.isEmpty()) line.append(' ');
                line.append(word);
            }
            if (!line.isEmpty()) lines.add(line.toString());
        }
        return lines;
    }

    /** Where the answers to the prompts come from. */
    interface LineSource {
        String readLine();

        /**
         * /dev/tty when stdin is a terminal (so a later -i still has all of stdin), else stdin
         * itself, read a byte at a time so nothing past the line is taken from the container.
         */
        static LineSource of(InputStream stdin, boolean stdinIsTerminal) {
            return () -> {
                if (stdinIsTerminal) {
                    try (InputStream tty = new FileInputStream("/dev/tty")) {
                        return readLine(tty);
                    } catch (IOException e) {
                        return readLine(stdin);
                    }
                }
                return readLine(stdin);
            };
        }

        private static String readLine(InputStream in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                int c;
                while ((c = in.read()) >= 0 && c != '\n') b.write(c);
                if (c < 0 && b.size() == 0) return null;
            } catch (IOException e) {
                return null;
            }
            return b.toString();
        }
    }
}
