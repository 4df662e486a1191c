package dev.glassbox.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.image.Layer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The images side of the API, already in the Docker Engine API's JSON shapes. {@link StoreImages}
 * implements it on {@code dev.glassbox.image.ImageStore}; tests use a fake. Failures are
 * {@link dev.glassbox.runtime.ContainerException}s with Docker's status (404 no such image,
 * 409 image in use, 400 bad archive).
 */
public interface EngineImages {
    /** {@code GET /images/json}: Id, RepoTags, Created (unix seconds), Size. */
    ArrayNode list();

    /**
     * Each image's layers (image id -> layer diff ids and sizes), for {@code system df}'s shared
     * sizes: a base layer under several images is stored once. Empty when unknown.
     */
    default Map<String, List<Layer>> layers() { return Map.of(); }

    /** {@code GET /images/{name}/json} */
    ObjectNode inspect(String ref);

    /** {@code GET /images/{name}/history}: newest first; Id, Created, CreatedBy, Size, Comment. */
    ArrayNode history(String ref);

    /** {@code DELETE /images/{name}}: [{"Untagged": ...}, {"Deleted": ...}]. */
    ArrayNode remove(String ref, boolean force, Predicate<String> imageIdInUse);

    /** {@code POST /images/load}: a docker-save archive or OCI layout tar; returns the refs loaded. */
    List<String> load(Path archive, Consumer<String> status);

    /** {@code POST /images/create?fromSrc=-}: a rootfs tar becomes a one-layer image; returns its id. */
    String importRootfs(InputStream tar, String ref, Consumer<String> status);
}
