package dev.glassbox.net;

import java.nio.file.Path;

/** A network namespace to put a link into: by a process in it (IFLA_NET_NS_PID) or by its file (IFLA_NET_NS_FD). */
public sealed interface NsRef {
    /** The namespace of process {@code pid}. */
    static NsRef pid(int pid) { return new Pid(pid); }

    /** The namespace bound at {@code file} ({@code /proc/PID/ns/net}, {@code /run/netns/NAME}). */
    static NsRef file(Path file) { return new File(file); }

    record Pid(int pid) implements NsRef {
        @Override
        public String toString() { return "netns of pid " + pid; }
    }

    record File(Path path) implements NsRef {
        @Override
        public String toString() { return "netns " + path; }
    }
}
