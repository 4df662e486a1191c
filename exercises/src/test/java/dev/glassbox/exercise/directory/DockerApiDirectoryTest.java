package dev.glassbox.exercise.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Docker's JSON (as dockerd 26 answers GET /containers/ID/json) maps to the grader's facts. */
class DockerApiDirectoryTest {
    private static final String INSPECT = """
            {"Id":"4f1c0a","Name":"/writer","State":{"Status":"running","Pid":4242,"ExitCode":0},
             "Config":{"Cmd":["sleep","3600"],"Entrypoint":null,"User":"65534","Tty":false,"OpenStdin":false,
                       "Hostname":"4f1c0a","WorkingDir":"","Image":"busybox"},
             "HostConfig":{"ReadonlyRootfs":true,"AutoRemove":false,"Privileged":false,"NetworkMode":"appnet",
                           "Memory":67108864,"NanoCpus":500000000,"PidsLimit":50,
                           "PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]}},
             "Mounts":[{"Type":"volume","Name":"notes","Source":"/var/lib/docker/volumes/notes/_data",
                        "Destination":"/notes","RW":true}],
             "NetworkSettings":{"Networks":{"appnet":{"IPAddress":"172.20.0.2"}}}}
            """;

    @Test
    void inspectJsonBecomesFacts() throws Exception {
        ContainerFacts f = DockerApiDirectory.facts(new ObjectMapper().readTree(INSPECT));
        assertEquals("writer", f.name());
        assertEquals("running", f.state());
        assertEquals(4242, f.pid());
        assertNull(f.exitCode());
        assertEquals("sleep 3600", f.config().get("cmd"));
        assertEquals("true", f.config().get("readOnlyRootfs"));
        assertEquals("127.0.0.1:8080->80/tcp", f.config().get("ports"));
        assertEquals(List.of(new ContainerFacts.MountFacts("volume", "/var/lib/docker/volumes/notes/_data", "/notes", "notes", true)), f.mounts());
        assertEquals(Map.of("appnet", "172.20.0.2"), f.networks());
    }

    @Test
    void multiplexedLogsAreJoinedWithoutTheirFrameHeaders() {
        byte[] a = "hello ".getBytes(StandardCharsets.UTF_8), b = "world\n".getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[8 + a.length + 8 + b.length];
        raw[0] = 1;
        raw[7] = (byte) a.length;
        System.arraycopy(a, 0, raw, 8, a.length);
        raw[8 + a.length] = 2;
        raw[8 + a.length + 7] = (byte) b.length;
        System.arraycopy(b, 0, raw, 16 + a.length, b.length);
        assertEquals("hello world\n", DockerApiDirectory.demultiplex(raw));
    }
}
