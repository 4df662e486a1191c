package dev.glassbox.engine;

import dev.glassbox.runtime.ContainerService;
import dev.glassbox.sys.Syscalls;

/** What the engine serves: the containers and the images, opened on the engine's directories. */
public interface Backend extends AutoCloseable {
    ContainerService containers();

    EngineImages images();

    /** The bridge networks; by default the runtime's, null when the containers have none (fakes). */
    default EngineNetworks networks() {
        return containers().networks() == null ? null : new RuntimeNetworks(containers().networks());
    }

    /** Releases what the engine holds. Containers keep running: their shims are their parents. */
    @Override
    void close();

    /** Opens a backend; {@link EngineMain} takes the class name from {@code -Dglassbox.engine.backend} (tests). */
    interface Factory {
        Backend open(EnginePaths paths, Syscalls sys) throws Exception;
    }
}
