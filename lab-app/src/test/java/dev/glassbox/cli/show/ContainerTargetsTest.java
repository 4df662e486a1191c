package dev.glassbox.cli.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerTargetsTest {
    final List<String> asked = new ArrayList<>();

    /** An engine client that knows one running container "web" (PID 4321) and one stopped "old". */
    EngineClient engine() {
        return (EngineClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EngineClient.class}, (p, m, args) -> {
            switch (m.getName()) {
                case "inspect" -> {
                    String ref = (String) args[0];
                    asked.add(ref);
                    var n = new ObjectMapper().createObjectNode();
                    if (ref.equals("web")) n.putObject("State").put("Pid", 4321).put("Running", true);
                    else if (ref.equals("old")) n.putObject("State").put("Pid", 0).put("Running", false);
                    else throw new EngineException(404, "No such container: " + ref);
                    return n;
                }
                case "close" -> { return null; }
                default -> throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void aGlassboxContainerNameBecomesItsInitPid(@TempDir Path run) throws Exception {
        Path socket = Files.createFile(run.resolve("glassbox.sock"));
        ContainerTargets t = new ContainerTargets(ContainerTargets.engine(socket, s -> engine()), ref -> OptionalInt.empty());
        assertEquals(4321, t.pid("web"));
        assertEquals(77, t.pid("77"), "a number no engine knows is a PID");
        assertEquals(List.of("web", "77"), asked);
        var e = assertThrows(IllegalArgumentException.class, () -> t.pid("old"));
        assertTrue(e.getMessage().contains("is not running"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.pid("nope"));
        assertTrue(e.getMessage().startsWith("no container or process \"nope\""), e.getMessage());
    }

    @Test
    void withoutAnEngineSocketTheEngineIsNotAsked(@TempDir Path run) {
        ContainerTargets t = new ContainerTargets(ContainerTargets.engine(run.resolve("absent.sock"), s -> engine()),
                ContainerTargets.docker(run.resolve("docker.sock")));
        assertEquals(99, t.pid("99"));
        assertTrue(asked.isEmpty());
    }

    @Test
    void dockerIsAskedWhenTheEngineDoesNotKnowTheName(@TempDir Path run) throws Exception {
        Path socket = Files.createFile(run.resolve("glassbox.sock"));
        ContainerTargets t = new ContainerTargets(ContainerTargets.engine(socket, s -> engine()),
                ref -> ref.equals("dockerweb") ? OptionalInt.of(555) : OptionalInt.empty());
        assertEquals(555, t.pid("dockerweb"));
        assertEquals(4321, t.pid("web"));
    }
}
