package dev.glassbox.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test creates with {@code ip netns add gbtest-XXXX} and deletes on close,
 * with the processes it started inside. The only place tests run {@code ip}: as a reference.
 * Public for the runtime's tests, which give the engine's host NAT one of these instead of the host.
 */
public final class TestNetns implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every namespace the tests created in this JVM, to check none is left. */
    private static final java.util.Set<String> CREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public final String name;
    public final Path file;
    private final List<Process> processes = new ArrayList<>();

    private TestNetns(String name) {
        this.name = name;
        this.file = Path.of("/run/netns", name);
    }

    public static TestNetns create() {
        String name = "gbtest-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        run("ip", "netns", "add", name);
        CREATED.add(name);
        return new TestNetns(name);
    }

    /** {@code sleep infinity} inside this namespace; its pid stands for a container's. */
    int startSleeper() throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", name, "sleep", "infinity")
                .redirectErrorStream(true).start();
        processes.add(p);
        // `ip netns exec` enters the namespace, then execs sleep in place: wait until it has
        String want = "net:[" + Files.getAttribute(file, "unix:ino") + "]";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.readSymbolicLink(NetNs.ofPid((int) p.pid())).toString().equals(want)) return (int) p.pid();
            } catch (IOException e) {
                // not there yet
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("sleeper did not enter " + name);
    }

    /** {@code ip -n NAME -j ARGS...} parsed. */
    JsonNode ipJson(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name, "-j"));
        cmd.addAll(List.of(args));
        return parse(run(cmd.toArray(String[]::new)));
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.isBlank() ? "[]" : json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    /** Runs a command, returns stdout, fails on a non-zero exit. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + err);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        run("ip", "netns", "del", name);
    }

    /** Fails when a namespace a test created, or a host link with a test prefix, is still there. */
    static void assertNothingLeftBehind() {
        String netns = run("ip", "netns", "list");
        for (String n : CREATED) {
            if (netns.contains(n)) throw new AssertionError("network namespace " + n + " left behind");
        }
        for (JsonNode l : parse(run("ip", "-j", "link"))) {
            String name = l.get("ifname").asText();
            if (name.startsWith("gbtpx")) throw new AssertionError("host link " + name + " left behind");
        }
    }
}
