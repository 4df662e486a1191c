package dev.glassbox.engine;

import dev.glassbox.runtime.ContainerService;
import dev.glassbox.sys.Syscalls;

/** A backend of fakes, for running a real engine process in tests ({@code -Dglassbox.engine.backend=}). */
public class FakeBackendFactory implements Backend.Factory {
    @Override
    public Backend open(EnginePaths paths, Syscalls sys) {
        FakeContainerService containers = new FakeContainerService(paths.runDir());
        FakeImages images = new FakeImages();
        FakeNetworks networks = new FakeNetworks();
        return new Backend() {
            @Override public ContainerService containers() { return containers; }
            @Override public EngineImages images() { return images; }
            @Override public EngineNetworks networks() { return networks; }
            @Override public void close() {}
        };
    }
}
