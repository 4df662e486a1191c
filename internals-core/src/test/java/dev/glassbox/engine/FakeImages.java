package dev.glassbox.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.runtime.ContainerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Images in Docker's shapes, one image "base"; records what it was asked. */
public class FakeImages implements EngineImages {
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public volatile byte[] lastUpload;

    private static ObjectNode image() {
        ObjectNode n = DockerJson.MAPPER.createObjectNode();
        n.put("Id", "sha256:" + "ab".repeat(32));
        n.putArray("RepoTags").add("base:latest");
        n.put("Created", 1_700_000_000L);
        n.put("Size", 7_812_345L);
        return n;
    }

    private static void known(String ref) {
        if (!ref.equals("base") && !ref.equals("base:latest") && !ref.equals("sha256:" + "ab".repeat(32))) throw new ContainerException(404, "No such image: " + ref);
    }

    @Override
    public ArrayNode list() {
        calls.add("list");
        return DockerJson.MAPPER.createArrayNode().add(image());
    }

    @Override
    public ObjectNode inspect(String ref) {
        calls.add("inspect " + ref);
        known(ref);
        return image();
    }

    @Override
    public ArrayNode history(String ref) {
        calls.add("history " + ref);
        known(ref);
        ObjectNode h = DockerJson.MAPPER.createObjectNode().put("Id", "sha256:ab").put("CreatedBy", "glassbox base").put("Size", 5);
        return DockerJson.MAPPER.createArrayNode().add(h);
    }

    @Override
    public ArrayNode remove(String ref, boolean force, Predicate<String> imageIdInUse) {
        calls.add("remove " + ref + " " + force + " inUse=" + imageIdInUse.test("sha256:" + "1".repeat(64)));
        known(ref);
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        a.addObject().put("Untagged", "base:latest");
        a.addObject().put("Deleted", "sha256:" + "ab".repeat(32));
        return a;
    }

    @Override
    public List<String> load(Path archive, Consumer<String> status) {
        try {
            lastUpload = Files.readAllBytes(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        calls.add("load");
        if (new String(lastUpload).equals("bad")) throw ContainerException.badParameter("not an image archive: no manifest.json");
        status.accept("Loading layer 1/1");
        status.accept("Loading layer 1/1");
        return List.of("alpine:3.19");
    }

    @Override
    public String importRootfs(InputStream tar, String ref, Consumer<String> status) {
        try {
            lastUpload = tar.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        calls.add("import " + ref);
        return "sha256:" + "cd".repeat(32);
    }
}
