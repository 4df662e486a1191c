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
