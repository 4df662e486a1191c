package dev.glassbox.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces a test makes with {@code ip netns add gbi-XXXX-N}, the processes it starts
 * in them, and their removal on close (processes first, then the namespaces, which takes their
 * veths with them). {@code ip} is only the test's tool and reference here.
 */
final class TestNamespaces implements AutoCloseable {
    private final String prefix = "gbi-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final List<String> names = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** A new namespace; its name is returned. */
    String add(String suffix) {
        String name = prefix + "-" + suffix;
        Commands.run("ip", "netns", "add", name);
        names.add(name);
        return name;
    }

    /** {@code ip -n NS ARGS...}. */
    void ip(String ns, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", ns));
        argv.addAll(List.of(args));
        Commands.run(argv.toArray(String[]::new));
    }

    /** {@code ip -n NS -j ARGS...} parsed. */
    JsonNode ipJson(String ns, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", ns, "-j"));
        argv.addAll(List.of(args));
        try {
            return new ObjectMapper().readTree(Commands.run(argv.toArray(String[]::new)));
        } catch (IOException e) {
            throw new AssertionError("ip printed no JSON", e);
        }
    }

    /** The inode of a namespace: what /proc/PID/ns/net of a process in it points at. */
    long inode(String ns) throws IOException {
        return ((Number) Files.getAttribute(Path.of("/run/netns", ns), "unix:ino")).longValue();
    }

    /** Starts {@code argv} inside {@code ns} and returns its PID once it is in there. */
    int start(String ns, String... argv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(argv));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        String want = "net:[" + inode(ns) + "]";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                // ip netns exec enters the namespace, then execs the command in place
                if (Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "ns", "net")).toString().equals(want)
                        && !Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).trim().equals("ip")) {
                    return (int) p.pid();
                }
            } catch (IOException e) {
                // not there yet
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException(List.of(argv) + " did not start in " + ns);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        AssertionError failed = null;
        for (String n : names) {
            try {
                Commands.run("ip", "netns", "del", n);
            } catch (AssertionError e) {
                if (failed == null) failed = e; else failed.addSuppressed(e);
            }
        }
        names.clear();
        processes.clear();
        if (failed != null) throw failed;
    }
}
