package dev.glassbox.engine;

import dev.glassbox.image.ImageStore;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.runtime.ContainerService;
import dev.glassbox.sys.Syscalls;

/** The real backend: the container runtime and the image store under the engine's directories. */
public final class RuntimeBackend implements Backend, Backend.Factory {
    private ContainerRuntime runtime;
    private EngineImages images;

    @Override
    public Backend open(EnginePaths paths, Syscalls sys) {
        RuntimeBackend b = new RuntimeBackend();
        ImageStore store = new ImageStore(paths.libDir().resolve("images"));
        b.runtime = new ContainerRuntime(sys, paths.libDir(), paths.runDir(), store, EngineMain.cgroupParent(), EngineMain.defaultBridge());
        // the host's forwarding and firewall are changed only by the system engine, never by a --root (test) one
        if (paths.equals(EnginePaths.system())) b.runtime.enableHostNat();
        b.images = new StoreImages(store);
        return b;
    }

    @Override
    public ContainerService containers() { return runtime; }

    @Override
    public EngineImages images() { return images; }

    @Override
    public void close() {
        if (runtime != null) runtime.close();
    }
}
