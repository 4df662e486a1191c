package dev.glassbox.exercise.action;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code glassbox exercise start} does before a student begins and {@code reset} does to
 * clean up: a fixed vocabulary, like the checks. Every path an action touches must name
 * "gbx" so a mistaken file can never remove anything but exercise material.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Action.Mkdir.class, name = "mkdir"),
        @JsonSubTypes.Type(value = Action.WriteFile.class, name = "write-file"),
        @JsonSubTypes.Type(value = Action.RemovePath.class, name = "remove-path"),
        @JsonSubTypes.Type(value = Action.InstallBusybox.class, name = "install-busybox"),
        @JsonSubTypes.Type(value = Action.CopyProgram.class, name = "copy-program"),
        @JsonSubTypes.Type(value = Action.KillProcesses.class, name = "kill-processes"),
        @JsonSubTypes.Type(value = Action.Unmount.class, name = "unmount"),
        @JsonSubTypes.Type(value = Action.DeleteNetns.class, name = "delete-netns"),
        @JsonSubTypes.Type(value = Action.RemoveCgroup.class, name = "remove-cgroup"),
        @JsonSubTypes.Type(value = Action.RunContainer.class, name = "run-container"),
        @JsonSubTypes.Type(value = Action.RemoveContainer.class, name = "remove-container"),
        @JsonSubTypes.Type(value = Action.RemoveImage.class, name = "remove-image"),
        @JsonSubTypes.Type(value = Action.RemoveVolume.class, name = "remove-volume"),
        @JsonSubTypes.Type(value = Action.RemoveNetwork.class, name = "remove-network"),
})
public sealed interface Action {

    /** Rejects an action that could touch something that is not exercise material. */
    default void validate() {}

    /** What it does, for {@code exercise show} and logs. */
    String describe();

    private static void gbxPath(String kind, String path) {
        Objects.requireNonNull(path, kind + " needs path");
        if (!path.startsWith("/") || !path.contains("gbx") || path.contains("..")) {
            throw new IllegalArgumentException(kind + ": " + path + " is not an absolute exercise path containing \"gbx\"");
        }
    }

    record Mkdir(String path) implements Action {
        @Override public void validate() { gbxPath("mkdir", path); }

        @Override public String describe() { return "mkdir -p " + path; }
    }

    /** A file with this text; mode as octal text ("755"), 644 by default. */
    record WriteFile(String path, String content, String mode) implements Action {
        @Override public void validate() {
            gbxPath("write-file", path);
            Objects.requireNonNull(content, "write-file needs content");
        }

        @Override public String describe() { return "write " + path; }
    }

    /** rm -rf, never following symlinks out of the path. */
    record RemovePath(String path) implements Action {
        @Override public void validate() { gbxPath("remove-path", path); }

        @Override public String describe() { return "rm -rf " + path; }
    }

    /** A tiny root file system: /bin/busybox and a link per listed applet. */
    record InstallBusybox(String dir, List<String> applets) implements Action {
        @Override public void validate() { gbxPath("install-busybox", dir); }

        @Override public String describe() { return "install busybox into " + dir; }
    }

    /** Copies a program shipped with the exercises (resources under exercises/programs/NAME) to a directory. */
    record CopyProgram(String program, String to) implements Action {
        @Override public void validate() {
            Objects.requireNonNull(program, "copy-program needs program");
            gbxPath("copy-program", to);
        }

        @Override public String describe() { return "copy the program " + program + " to " + to; }
    }

    /** SIGKILL to processes whose command line matches (in full) one of these regular expressions. */
    record KillProcesses(List<String> cmdlines) implements Action {
        @Override public void validate() {
            Objects.requireNonNull(cmdlines, "kill-processes needs cmdlines");
            for (String c : cmdlines) if (c.length() < 6) throw new IllegalArgumentException("kill-processes: \"" + c + "\" is too broad");
        }

        @Override public String describe() { return "kill " + String.join(", ", cmdlines); }
    }

    /** umount -l, when something is mounted there. */
    record Unmount(String path) implements Action {
        @Override public void validate() { gbxPath("unmount", path); }

        @Override public String describe() { return "umount -l " + path; }
    }

    /** ip netns delete NAME. */
    record DeleteNetns(String name) implements Action {
        @Override public void validate() { gbxPath("delete-netns", "/run/netns/" + name); }

        @Override public String describe() { return "ip netns delete " + name; }
    }

    /** Kills the processes in a cgroup the exercise made and removes it from every hierarchy. */
    record RemoveCgroup(String path) implements Action {
        @Override public void validate() { gbxPath("remove-cgroup", path); }

        @Override public String describe() { return "rmdir cgroup " + path; }
    }

    /** docker run -d (or create, with start: false), through the engine the grader uses. */
    record RunContainer(String name, String image, List<String> cmd, Boolean start, List<String> capDrop,
                        List<String> capAdd, String user, Map<String, String> labels) implements Action {
        @Override public void validate() {
            Objects.requireNonNull(name, "run-container needs name");
            Objects.requireNonNull(image, "run-container needs image");
        }

        @Override public String describe() {
            return (Boolean.FALSE.equals(start) ? "docker create" : "docker run -d") + " --name " + name + " " + image
                    + (cmd == null ? "" : " " + String.join(" ", cmd));
        }
    }

    record RemoveContainer(String name) implements Action {
        @Override public void validate() { Objects.requireNonNull(name, "remove-container needs name"); }

        @Override public String describe() { return "docker rm -f " + name; }
    }

    record RemoveImage(String name) implements Action {
        @Override public void validate() { Objects.requireNonNull(name, "remove-image needs name"); }

        @Override public String describe() { return "docker image rm " + name; }
    }

    record RemoveVolume(String name) implements Action {
        @Override public void validate() { Objects.requireNonNull(name, "remove-volume needs name"); }

        @Override public String describe() { return "docker volume rm " + name; }
    }

    record RemoveNetwork(String name) implements Action {
        @Override public void validate() { Objects.requireNonNull(name, "remove-network needs name"); }

        @Override public String describe() { return "docker network rm " + name; }
    }
}
