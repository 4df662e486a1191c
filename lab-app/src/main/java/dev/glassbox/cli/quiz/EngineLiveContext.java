package dev.glassbox.cli.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EnginePaths;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.sys.Syscalls;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Live questions that need a container: the answer is measured on a container started for
 * the question through the Glassbox engine (as root), then removed. For example
 * {@code container.memory.limit} with {@code memory=48m}: the value of the memory limit file
 * of that container's cgroup, read by the cgroup inspector.
 */
public final class EngineLiveContext implements LiveContext {
    private final Supplier<EngineClient> engine;
    private final Supplier<CgroupReader> cgroups;

    /** The engine at {@code paths}, started when a question first needs it. */
    public EngineLiveContext(EnginePaths paths) {
        this(() -> EngineLauncher.ensureRunning(paths, Syscalls.linux()), CgroupReader::host);
    }

    /**
     * An engine client the caller already has (the lab app's); both suppliers are asked only when
     * a question needs a container. {@code cgroups} reads its limits (a fixture in tests).
     */
    public EngineLiveContext(Supplier<EngineClient> engine, Supplier<CgroupReader> cgroups) {
        this.engine = engine;
        this.cgroups = cgroups;
    }

    @Override
    public boolean available() {
        return Syscalls.linux().geteuid() == 0;
    }

    @Override
    public String unavailableReason() {
        return "questions that start a container need root: run 'sudo glassbox quiz'";
    }

    @Override
    public Optional<String> answer(String probeId, Map<String, String> params) {
        if (!probeId.equals("container.memory.limit")) return Optional.empty();
        long memory = Limits.parseMemory(params.getOrDefault("memory", "48m"));
        EngineClient engine = this.engine.get();
        CreateBody body = new CreateBody("base", List.of("sleep", "30"), null, null, null, null, null, null, null, null,
                new CreateBody.HostConfig(memory, null, null, null, null, null, null, null, "none", null, null, null, null, null, null));
        String id = engine.create(body, null);
        try {
            engine.start(id);
            JsonNode info = engine.inspect(id);
            int pid = info.path("State").path("Pid").asInt();
            Long limit = cgroups.get().of(pid).node().limits().memoryBytes();
            return Optional.ofNullable(limit).map(String::valueOf);
        } finally {
            engine.remove(id, true);
        }
    }
}
