package dev.glassbox.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system's own tools (lsns, findmnt, capsh, runc...) as references inside tests. */
public final class Commands {
    private Commands() {}

    /**
     * {@code lsns -J -p PID} as a flat list: lsns nests a namespace under the one of the
     * process tree above it ("children"), so a child PID namespace may sit inside an ipc entry.
     */
    public static java.util.List<com.fasterxml.jackson.databind.JsonNode> lsns(int pid) {
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run("lsns", "-J", "-p", Integer.toString(pid)));
            java.util.List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
            flatten(root.get("namespaces"), out);
            return out;
        } catch (IOException e) {
            throw new AssertionError("lsns printed no JSON: " + e.getMessage(), e);
        }
    }

    private static void flatten(com.fasterxml.jackson.databind.JsonNode list, java.util.List<com.fasterxml.jackson.databind.JsonNode> out) {
        if (list == null) return;
        for (var n : list) {
            out.add(n);
            flatten(n.get("children"), out);
        }
    }

    /** Runs {@code argv}, returns stdout; fails with stderr when it exits non-zero. */
    public static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(argv));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(List.of(argv) + " exited " + p.exitValue() + ": " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
