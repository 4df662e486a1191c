package dev.glassbox.runtime.step;

import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.sys.Syscalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the steps of one container share: the spec, the kernel, and what earlier steps made. */
public final class StepContext {
    private final Syscalls sys;
    private final ContainerSpec spec;
    private InitStage init;
    /** Concurrent: in a straight run a step may work beside the next ones (see {@link Step#neededBy}). */
    private final Map<Class<?>, Object> made = new ConcurrentHashMap<>();
    private boolean observe = true;

    public StepContext(Syscalls sys, ContainerSpec spec) {
        this.sys = sys;
        this.spec = spec;
    }

    public Syscalls sys() { return sys; }

    /**
     * Whether steps should read /proc to tell what they changed. Step by step (the learner is
     * looking) yes; a straight run skips it, to start as fast as crun.
     */
    public boolean observe() { return observe; }

    public StepContext observe(boolean on) {
        this.observe = on;
        return this;
    }

    public ContainerSpec spec() { return spec; }

    /** The running glassbox-init, once spawned. */
    public InitStage init() {
        if (init == null) throw new IllegalStateException("glassbox-init is not running yet");
        return init;
    }

    public boolean hasInit() { return init != null; }

    void init(InitStage init) { this.init = init; }

    /** The container's init PID on the host, once cloned (0 before). */
    public int initPid() { return init == null ? 0 : init.initPid(); }

    /** Something a step made for later steps (e.g. the cgroup), by type. */
    public <T> void put(Class<T> type, T value) {
        if (value == null) made.remove(type);
        else made.put(type, value);
    }

    public <T> T get(Class<T> type) { return type.cast(made.get(type)); }

    public <T> T remove(Class<T> type) { return type.cast(made.remove(type)); }
}
