package dev.glassbox.app.network;

import dev.glassbox.app.core.Containers;
import dev.glassbox.app.core.Target;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.slides.figures.NetworkModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The network topology of the host and the running containers (plus the target when it is a
 * bare PID), read with rtnetlink in each network namespace; each container's published ports
 * come from the engine's list.
 */
public final class NetworkViewModel {
    private final Supplier<EngineClient> engine;

    public NetworkViewModel(Supplier<EngineClient> engine) {
        this.engine = engine;
    }

    public NetworkModel read(Target target) {
        List<NetworkModel.Target> targets = new ArrayList<>();
        for (Containers.Row r : Containers.list(engine.get(), false)) {
            if (r.pid() > 0) targets.add(new NetworkModel.Target(r.name(), r.pid(), r.ports()));
        }
        // a bare PID, or a container still being built step by step (the engine lists no PID for it yet)
        boolean listed = targets.stream().anyMatch(t -> t.pid() == target.pid());
        if (!listed && target.pid() > 1) targets.add(new NetworkModel.Target(target.name(), target.pid(), List.of()));
        return NetworkModel.read(targets);
    }
}
