package dev.glassbox.cli.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class ShowCommandTest {
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final String self = Long.toString(ProcessHandle.current().pid());

    int run(String... args) {
        CommandLine cl = new CommandLine(new ShowCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void everySubcommandPrintsATableForThisJvm() {
        for (String sub : new String[] {"ns", "caps", "mounts", "layers", "procs"}) {
            assertEquals(0, run(sub, self), sub + ": " + err);
        }
        String text = out.toString();
        assertTrue(text.contains("namespaces of PID " + self), text);
        assertTrue(text.contains("CapBnd (bounding)"), text);
        assertTrue(text.contains("MOUNTPOINT"), text);
        assertTrue(text.contains("HOST PID"), text);
    }

    @Test
    void jsonFormatIsJson() throws Exception {
        assertEquals(0, run("ns", self, "--format", "json"));
        assertEquals(Integer.parseInt(self), new ObjectMapper().readTree(out.toString()).get("pid").asInt());
    }

    @Test
    void cgroupAndNetPrintTablesAndJsonForThisJvm() throws Exception {
        assertEquals(0, run("cgroup", self), err.toString());
        assertTrue(out.toString().contains("cgroups of PID " + self), out.toString());
        assertTrue(out.toString().contains("tree around it"), out.toString());
        assertEquals(0, run("net", self), err.toString());
        assertTrue(out.toString().contains("network of PID " + self), out.toString());
        assertTrue(out.toString().contains("listening sockets"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("cgroup", self, "--format", "json"));
        assertEquals(Integer.parseInt(self), new ObjectMapper().readTree(out.toString()).get("pid").asInt());
        out.getBuffer().setLength(0);
        assertEquals(0, run("net", self, "--format", "json"));
        var net = new ObjectMapper().readTree(out.toString());
        assertTrue(net.get("interfaces").isArray() && net.get("interfaces").size() > 0, out.toString());
    }

    @Test
    void jsonOfMountsCapsProcsAndLayersHasTheViewsFields() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int pid = Integer.parseInt(self);
        assertEquals(0, run("mounts", self, "--format", "json"), err.toString());
        var mounts = json.readTree(out.toString());
        assertEquals(pid, mounts.get("pid").asInt());
        assertTrue(mounts.get("mntNamespace").asLong() > 0, out.toString());
        assertTrue(mounts.get("mounts").isArray() && mounts.get("mounts").size() > 0, out.toString());
        boolean root = false;
        for (var m : mounts.get("mounts")) {
            assertTrue(m.has("fsType") && m.has("propagation") && m.has("root"), m.toString());
            root |= m.get("mountPoint").asText().equals("/");
        }
        assertTrue(root, "a mount at / among " + mounts.get("mounts").size());
        assertTrue(mounts.get("overlays").isArray());

        out.getBuffer().setLength(0);
        assertEquals(0, run("caps", self, "--format", "json"), err.toString());
        var caps = json.readTree(out.toString());
        assertEquals(pid, caps.get("pid").asInt());
        for (String f : new String[] {"inheritable", "permitted", "effective", "bounding", "ambient"}) {
            assertTrue(caps.get(f).has("hex"), f + ": " + out);
        }
        for (String f : new String[] {"vsHost", "vsDocker", "noNewPrivs", "seccomp", "uid", "gid", "uidMap", "gidMap"}) {
            assertTrue(caps.has(f), f + ": " + out);
        }
        assertEquals(0, caps.at("/uidMap/0/inside").asLong());

        out.getBuffer().setLength(0);
        assertEquals(0, run("procs", self, "--format", "json"), err.toString());
        var procs = json.readTree(out.toString());
        assertEquals(pid, procs.get("pid").asInt());
        assertTrue(procs.get("pidNamespace").asLong() > 0);
        boolean found = false;
        for (var p : procs.get("processes")) {
            for (String f : new String[] {"hostPid", "nsPids", "ppid", "depth", "comm", "cmdline", "state"}) {
                assertTrue(p.has(f), f + ": " + p);
            }
            found |= p.get("hostPid").asInt() == pid;
        }
        assertTrue(found, "this JVM is among the processes of its own PID namespace");

        out.getBuffer().setLength(0);
        assertEquals(0, run("layers", self, "--format", "json"), err.toString());
        var layers = json.readTree(out.toString());
        assertTrue(layers.isArray(), out.toString());
        for (var l : layers) assertTrue(l.has("overlay") && l.has("upper"), l.toString());
    }

    @Test
    @dev.glassbox.testing.RootOnly
    void layersJsonOfAProcessWithAnOverlayHasItsStackAndItsDiff(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path lower = java.nio.file.Files.createDirectories(tmp.resolve("lower")),
                upper = java.nio.file.Files.createDirectories(tmp.resolve("upper")),
                work = java.nio.file.Files.createDirectories(tmp.resolve("work")),
                merged = java.nio.file.Files.createDirectories(tmp.resolve("merged"));
        java.nio.file.Files.writeString(lower.resolve("motd"), "hi\n");
        // the overlay lives in a private mount namespace of the shell's own: it goes when the process does
        String script = "mount -t overlay overlay -o lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work
                + " " + merged + " && echo new > " + merged + "/added && rm " + merged + "/motd && exec sleep 60";
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            java.nio.file.Path comm = java.nio.file.Path.of("/proc/" + p.pid() + "/comm");
            while (!java.nio.file.Files.readString(comm).trim().equals("sleep")) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "the shell did not mount the overlay");
                Thread.sleep(10);
            }
            assertEquals(0, run("layers", Long.toString(p.pid()), "--format", "json"), err.toString());
            var layers = new ObjectMapper().readTree(out.toString());
            com.fasterxml.jackson.databind.JsonNode ours = null;
            for (var l : layers) if (l.at("/overlay/mountPoint").asText().equals(merged.toString())) ours = l;
            assertTrue(ours != null, "the overlay at " + merged + " in " + out);
            assertEquals(lower.toString(), ours.at("/overlay/lowerDirs/0").asText());
            assertEquals(1, ours.at("/overlay/lowerDirs").size());
            assertEquals(upper.toString(), ours.at("/overlay/upperDir").asText());
            assertEquals(work.toString(), ours.at("/overlay/workDir").asText());
            java.util.List<String> changes = new java.util.ArrayList<>();
            for (var c : ours.at("/upper/changes")) changes.add(c.get("kind").asText() + " " + c.get("path").asText());
            assertTrue(changes.containsAll(java.util.List.of("A /added", "D /motd")), changes.toString());
            assertEquals("/motd", ours.at("/upper/whiteouts/0").asText(), ours.toString());
        } finally {
            p.destroyForcibly();
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void watchRefreshesAtTheIntervalAndStopsCleanlyWhenInterrupted() throws Exception {
        int[] rc = {-1};
        Thread t = new Thread(() -> rc[0] = run("ns", self, "--watch", "--interval", "0.1"), "show-watch");
        t.start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (frames() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(frames() >= 3, "three frames within 20 s: " + frames());
        } finally {
            t.interrupt();
            t.join(10_000);
        }
        assertTrue(!t.isAlive(), "--watch stopped");
        assertEquals(0, rc[0], err.toString());
        assertEquals("", err.toString());
        String text = out.toString();
        // each frame is the clear-screen sequence then a whole table
        String[] parts = text.split(java.util.regex.Pattern.quote(ShowCommand.CLEAR_SCREEN), -1);
        assertEquals("", parts[0]);
        for (int i = 1; i < parts.length; i++) assertTrue(parts[i].contains("namespaces of PID " + self), parts[i]);
    }

    private int frames() {
        String s = out.toString();
        return s.split(java.util.regex.Pattern.quote(ShowCommand.CLEAR_SCREEN), -1).length - 1;
    }

    @Test
    void anIntervalOutOfRangeIsAOneLineError() {
        assertEquals(2, run("ns", self, "--watch", "--interval", "0"));
        assertEquals("glassbox show: --interval 0.0 is out of range: give 0.1 to 3600.0 seconds", err.toString().trim());
        assertEquals("", out.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("ns", self, "--interval", "fast"));
        assertTrue(err.toString().contains("--interval"), err.toString());
    }

    @Test
    void glassboxShowFallsBackToAPidWhenNoEngineKnowsTheName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        var bytes = new java.io.ByteArrayOutputStream();
        var errBytes = new java.io.ByteArrayOutputStream();
        int rc = new dev.glassbox.cli.Main(java.io.InputStream.nullInputStream(), new java.io.PrintStream(bytes, true),
                new java.io.PrintStream(errBytes, true), null, System::getenv)
                .execute("--root", root.toString(), "show", "cgroup", self);
        assertEquals(0, rc, errBytes.toString());
        assertTrue(bytes.toString().contains("cgroups of PID " + self), bytes.toString());
        rc = new dev.glassbox.cli.Main(java.io.InputStream.nullInputStream(), new java.io.PrintStream(bytes, true),
                new java.io.PrintStream(errBytes, true), null, System::getenv)
                .execute("--root", root.toString(), "show", "net", "no-such-container");
        assertEquals(2, rc);
        assertTrue(errBytes.toString().contains("no container or process \"no-such-container\""), errBytes.toString());
    }

    @Test
    void aGoneProcessOrABadArgumentIsAOneLineError() {
        assertEquals(1, run("caps", "999999999"));
        assertTrue(err.toString().startsWith("glassbox show: no process with PID 999999999"), err.toString());
        assertEquals(2, run("caps", "web"));
        assertTrue(err.toString().contains("not a PID: \"web\""), err.toString());
    }
}
