package dev.glassbox.exercise.check;

import dev.glassbox.inspect.ProcessView;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Among the processes of the target's PID namespace (what {@code docker top} lists), one runs a
 * command line matching {@code cmdline} (words joined by spaces, in full), optionally with this
 * PID inside its namespace ({@code innerPid: 1} for a namespace's init) and this uid.
 * With {@code present: false}, none does.
 */
public record ProcessCheck(Target of, String cmdline, Integer innerPid, Integer uid, Boolean present) implements Check {
    public ProcessCheck {
        Objects.requireNonNull(of, "process needs of: {container|process|...}");
        Objects.requireNonNull(cmdline, "process needs cmdline: REGEX");
        if (present == null) present = true;
    }

    @Override
    public void validate() {
        Machine.compile(cmdline);
    }

    @Override
    public Observation evaluate(Machine m) {
        ProcessView v = m.inspector().processes(m.pid(of));
        Pattern p = Machine.compile(cmdline);
        List<ProcessView.Proc> same = v.processes().stream().filter(ProcessView.Proc::sameNamespace).toList();
        List<ProcessView.Proc> matching = same.stream().filter(pr -> p.matcher(String.join(" ", pr.cmdline())).matches()).toList();
        boolean found = matching.stream().anyMatch(pr -> (innerPid == null || pr.innerPid() == innerPid) && (uid == null || pr.uid() == uid));
        String expected = (present ? "a process " : "no process ") + "`" + cmdline + "`"
                + (innerPid == null ? "" : " with PID " + innerPid + " inside") + (uid == null ? "" : " as uid " + uid);
        String observed;
        if (matching.isEmpty()) {
            observed = "processes: " + String.join("; ", same.stream().limit(6)
                    .map(pr -> pr.innerPid() + " " + Text.clip(String.join(" ", pr.cmdline().isEmpty() ? List.of("[" + pr.comm() + "]") : pr.cmdline()), 40)).toList());
        } else {
            ProcessView.Proc first = matching.getFirst();
            observed = "`" + String.join(" ", first.cmdline()) + "` is PID " + first.innerPid() + " inside (host PID " + first.hostPid() + "), uid " + first.uid();
        }
        return Observation.of(found == present, expected, observed);
    }

    @Override public String view() { return NAMESPACES; }

    @Override public String describe() { return of.describe() + (present ? " runs `" : " does not run `") + cmdline + "`"; }
}
