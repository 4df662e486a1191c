package dev.glassbox.app.core;

import dev.glassbox.cgroup.CgroupException;
import dev.glassbox.engine.EngineException;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.sys.SysException;

/** Turns any failure into one line a learner can act on: what failed, and what to do. Never a stack trace. */
public final class UserMessage {
    private UserMessage() {}

    public static String of(String doing, Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException
                || e.getClass() == RuntimeException.class) && e.getCause() != null && e.getMessage() == null) {
            e = e.getCause();
        }
        String m = firstLine(e.getMessage());
        String advice = advice(e, m);
        String what = switch (e) {
            case EngineException x -> m;
            case ContainerException x -> m;
            case CgroupException x -> m;
            case SysException x -> m;
            case java.io.IOException x -> m.isEmpty() ? e.getClass().getSimpleName() : m;
            case InterruptedException x -> "cancelled";
            case java.util.concurrent.CancellationException x -> "cancelled";
            default -> e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
        };
        return doing + " failed: " + what + (advice.isEmpty() || what.contains(advice) ? "" : " (" + advice + ")");
    }

    private static String advice(Throwable e, String m) {
        String low = m.toLowerCase(java.util.Locale.ROOT);
        if (low.contains("eperm") || low.contains("eacces") || low.contains("permission") || low.contains("needs root")) {
            return "run the app as root: sudo ./glassbox lab";
        }
        if (e instanceof EngineException x && x.status() == 0) return "is the engine running? sudo ./glassbox engine start";
        if (low.contains("no such container")) return "it may have been removed: refresh the dashboard";
        if (low.contains("no such image")) return "import it on the Images page, or use the base image";
        if (low.contains("esrch") || low.contains("no process")) return "the process has exited: pick another";
        return "";
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
