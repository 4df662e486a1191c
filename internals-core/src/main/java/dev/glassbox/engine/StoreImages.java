package dev.glassbox.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.image.HistoryEntry;
import dev.glassbox.image.Image;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Layer;
import dev.glassbox.image.Progress;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** {@link EngineImages} on the image store: Docker's JSON shapes from {@link Image} records. */
public final class StoreImages implements EngineImages {
    private final ImageStore store;

    public StoreImages(ImageStore store) {
        this.store = store;
    }

    @Override
    public Map<String, List<Layer>> layers() {
        Map<String, List<Layer>> out = new LinkedHashMap<>();
        for (Image i : store.list()) out.put(i.id(), i.layers());
        return out;
    }

    @Override
    public ArrayNode list() {
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        for (Image i : store.list()) {
            ObjectNode n = a.addObject();
            n.put("Id", i.id());
            n.put("ParentId", "");
            ArrayNode tags = n.putArray("RepoTags");
            i.repoTags().forEach(tags::add);
            n.putArray("RepoDigests");
            n.put("Created", i.created() == null ? 0 : i.created().getEpochSecond());
            n.put("Size", i.size());
            n.put("SharedSize", -1);
            n.put("Containers", -1);
            ObjectNode labels = n.putObject("Labels");
            i.config().labels().forEach(labels::put);
        }
        return a;
    }

    @Override
    public ObjectNode inspect(String ref) { return store.inspect(ref); }

    @Override
    public ArrayNode history(String ref) {
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        for (HistoryEntry h : store.history(ref)) {
            ObjectNode n = a.addObject();
            n.put("Id", h.id());
            n.put("Created", h.created() == null ? 0 : h.created().getEpochSecond());
            n.put("CreatedBy", h.createdBy() == null ? "" : h.createdBy());
            n.putArray("Tags");
            n.put("Size", h.size());
            n.put("Comment", h.comment() == null ? "" : h.comment());
        }
        return a;
    }

    @Override
    public ArrayNode remove(String ref, boolean force, Predicate<String> imageIdInUse) {
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        for (String line : store.remove(ref, force, imageIdInUse)) {
            int colon = line.indexOf(": ");
            if (colon > 0) a.addObject().put(line.substring(0, colon), line.substring(colon + 2));
        }
        return a;
    }

    @Override
    public List<String> load(Path archive, Consumer<String> status) {
        List<String> refs = new java.util.ArrayList<>();
        for (Image i : store.load(archive, progress(status))) {
            if (i.repoTags().isEmpty()) refs.add(i.id());
            else refs.addAll(i.repoTags());
        }
        return refs;
    }

    @Override
    public String importRootfs(InputStream tar, String ref, Consumer<String> status) {
        return store.importRootfs(tar, ref, progress(status)).id();
    }

    /** One status line per stage; the per-file counts would flood the stream. */
    private static Progress progress(Consumer<String> status) {
        return (what, done, total) -> status.accept(what);
    }
}
