package dev.glassbox.image.build;

import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction as written, before variables are substituted.
 *
 * @param line     the line it starts on (1-based), for messages
 * @param keyword  upper case: FROM, RUN, COPY...
 * @param flags    leading {@code --name=value} flags (COPY --chown, FROM --platform), in order
 * @param args     the rest of the instruction, continuation lines joined
 * @param json     the exec (JSON array) form's strings, or null for the shell form
 */
public record Instruction(int line, String keyword, Map<String, String> flags, String args, List<String> json) {

    public Instruction {
        flags = Map.copyOf(flags);
        json = json == null ? null : List.copyOf(json);
    }

    public boolean jsonForm() {
        return json != null;
    }

    /** The instruction as {@code docker history} and the cache key show it: {@code RUN echo hi}. */
    public String text() {
        StringBuilder b = new StringBuilder(keyword);
        flags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(f -> b.append(" --").append(f.getKey()).append('=').append(f.getValue()));
        if (!args.isEmpty()) b.append(' ').append(args);
        return b.toString();
    }
}
