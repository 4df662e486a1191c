package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's databind-free JSON says and reads exactly what databind would. */
class StreamingJsonTest {

    /** Every field of every record set: a field added to CreateBody but not to its writeJson fails here. */
    static CreateBody full() {
        Map<String, Object> anonymous = new LinkedHashMap<>();
        anonymous.put("/cache", Map.of());
        CreateBody.HostConfig h = new CreateBody.HostConfig(64L << 20, 128L << 20, 500_000_000L, 50L, List.of("NET_ADMIN"),
                List.of("ALL"), true, true, "front", "host", "private", "host", true,
                Map.of("80/tcp", List.of(new CreateBody.PortBinding("127.0.0.1", "8080"), new CreateBody.PortBinding("", "8081"))),
                true, List.of("/srv:/data:ro"),
                List.of(new CreateBody.Mount("tmpfs", "", "/scratch", false, new CreateBody.TmpfsOptions(1L << 20, 1023)),
                        new CreateBody.Mount("volume", "data", "/data", true, null)),
                Map.of("/run", "size=64m"), List.of("other"));
        return new CreateBody("base", List.of("sh", "-c", "echo \"hi\""), List.of(""), List.of("A=b", "C="), "/work", "1000:1000",
                "box", true, true, Map.of("course", "docker"), h, anonymous);
    }

    @Test
    void aFullCreateBodyIsWrittenAsDatabindWritesIt() throws Exception {
        CreateBody body = full();
        for (Object r : List.of(body, body.hostConfig(), body.hostConfig().mounts().getFirst(),
                body.hostConfig().mounts().getFirst().tmpfsOptions())) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                assertEquals(true, c.getAccessor().invoke(r) != null, "the test's body sets " + r.getClass().getSimpleName() + "." + c.getName());
            }
        }
        JsonNode ours = DockerJson.MAPPER.readTree(StreamingJson.bytes(body::writeJson));
        assertEquals(DockerJson.MAPPER.readTree(DockerJson.MAPPER.writeValueAsBytes(body)), ours);
        // and the engine reads it back to the same body
        assertEquals(body, DockerJson.MAPPER.treeToValue(ours, CreateBody.class));
    }

    @Test
    void anEmptyCreateBodyLeavesOutWhatIsNotGiven() throws Exception {
        CreateBody body = new CreateBody("base", null, null, null, null, null, null, null, null, null, null);
        assertEquals("{\"Image\":\"base\"}", new String(StreamingJson.bytes(body::writeJson)));
        CreateBody withHost = new CreateBody("base", null, null, null, null, null, null, false, null, null,
                CreateBody.HostConfig.EMPTY.withAutoRemove(false));
        assertEquals(DockerJson.MAPPER.writeValueAsString(withHost), new String(StreamingJson.bytes(withHost::writeJson)));
    }

    @Test
    void aTopLevelFieldIsReadWhateverComesBeforeIt() {
        assertEquals("abc", StreamingJson.text("{\"Warnings\":[{\"x\":[1,2]}],\"Id\":\"abc\"}", "Id"));
        assertEquals("137", StreamingJson.text("{\"Error\":null,\"StatusCode\":137}", "StatusCode"));
        assertEquals("No such container: x", StreamingJson.text("{\"message\":\"No such container: x\"}", "message"));
        assertNull(StreamingJson.text("{\"Id\":{\"nested\":1}}", "Id"), "an object is not a field's text");
        assertNull(StreamingJson.text("{\"a\":{\"Id\":\"inner\"}}", "Id"), "only the top level");
        assertNull(StreamingJson.text("Internal Server Error", "message"));
        assertNull(StreamingJson.text("", "message"));
        assertNull(StreamingJson.text("{\"message\":null}", "message"));
    }

    @Test
    void summariesAreReadAsDatabindReadsThem() throws Exception {
        ArrayNode list = DockerJson.MAPPER.createArrayNode();
        ObjectNode a = list.addObject().put("Id", "0123abcd").put("Image", "base").put("Command", "sh -c 'x'").put("Created", 1764849600L)
                .put("State", "running").put("Status", "Up 3 seconds").put("SizeRw", 12L).put("SizeRootFs", 4_260_000L)
                .put("Unknown", "ignored");
        a.putArray("Names").add("/web");
        a.putObject("Labels").put("course", "docker");
        a.putArray("Ports").addObject().put("IP", "0.0.0.0").put("PrivatePort", 80).put("PublicPort", 8080).put("Type", "tcp");
        a.putObject("NetworkSettings").putObject("Networks").putObject("bridge").put("IPAddress", "172.17.0.2");
        list.addObject().put("Id", "4567").put("Image", "base").put("Command", "true").put("Created", 1).put("State", "exited")
                .put("Status", "Exited (0) 1 second ago").putArray("Names").add("/done");
        List<ContainerSummary> expected = List.of(DockerJson.MAPPER.convertValue(list.get(0), ContainerSummary.class),
                DockerJson.MAPPER.convertValue(list.get(1), ContainerSummary.class));
        assertEquals(expected, StreamingJson.summaries(DockerJson.MAPPER.writeValueAsString(list)));
    }
}
