package dev.glassbox.runtime.step;

import java.util.List;

/** Init stage: bring up the loopback interface of a new network namespace. */
public final class LoopbackStep implements Step {
    @Override public String id() { return "network"; }

    @Override public String title() { return "Set up the network namespace"; }

    @Override public String explanation() {
        return "A new network namespace starts with only a loopback interface, and it is down. Bringing `lo` up "
                + "gives the container 127.0.0.1; with --network none that is all it gets.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        return List.of("nsenter --net --target <PID> ip link set lo up");
    }

    @Override public List<String> apply(StepContext ctx) {
        if (!ctx.spec().namespaces().net()) return List.of("--network host: the host's interfaces are used");
        ctx.init().call("ifup", "lo");
        return List.of("lo: up, 127.0.0.1/8 (the only interface)");
    }
}
