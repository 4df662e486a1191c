package dev.glassbox.runtime.step;

import java.util.List;

/** Init stage: give the UTS namespace its own hostname. */
public final class HostnameStep implements Step {
    @Override public String id() { return "hostname"; }

    @Override public String title() { return "Set the hostname"; }

    @Override public String explanation() {
        return "The UTS namespace holds the hostname and domain name. Setting it inside the container's UTS "
                + "namespace changes nothing for the host: `hostname` on the host still prints the host's name.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        return List.of("nsenter --uts --target <PID> hostname " + ctx.spec().hostname());
    }

    @Override public List<String> apply(StepContext ctx) {
        if (!ctx.spec().namespaces().uts()) return List.of("--uts host: the host's hostname is kept");
        ctx.init().call("sethostname", ctx.spec().hostname());
        if (!ctx.observe()) return List.of();
        return List.of("hostname in the container: " + ctx.spec().hostname()
                + " (host keeps " + ctx.sys().gethostname() + ")");
    }
}
