package dev.glassbox.runtime;

import dev.glassbox.cgroup.CgroupHierarchy;
import dev.glassbox.runtime.step.CapabilitiesStep;
import dev.glassbox.runtime.step.CgroupStep;
import dev.glassbox.runtime.step.ExecStep;
import dev.glassbox.runtime.step.HostnameStep;
import dev.glassbox.runtime.step.JoinCgroupStep;
import dev.glassbox.runtime.step.NetworkStep;
import dev.glassbox.runtime.step.PublishPortsStep;
import dev.glassbox.runtime.step.MaskedPathsStep;
import dev.glassbox.runtime.step.MountsStep;
import dev.glassbox.runtime.step.NamespacesStep;
import dev.glassbox.runtime.step.PivotRootStep;
import dev.glassbox.runtime.step.RootfsStep;
import dev.glassbox.runtime.step.SpawnInitStep;
import dev.glassbox.runtime.step.Step;
import dev.glassbox.runtime.step.VolumesStep;
import java.util.List;

/** The order in which a container is made, as the lecture tells it. */
public final class ContainerSteps {
    private ContainerSteps() {}

    public static List<Step> forStart(ContainerSpec spec, CgroupHierarchy cgroups, Networks networks, NetworkStep.HostsWriter hosts,
            dev.glassbox.runtime.init.InitPool inits) {
        return List.of(
                new RootfsStep(),          // host: the image layers and the container layer, stacked
                new CgroupStep(cgroups),   // host: a cgroup with the limits, before any process exists
                new SpawnInitStep(inits),  // host: glassbox-init, the shim
                new NamespacesStep(),      // init: clone into new namespaces
                new JoinCgroupStep(),      // host + init: into the cgroup, then a cgroup namespace
                new NetworkStep(networks, hosts), // host (rtnetlink): veth, bridge, address, route; or lo only
                new PublishPortsStep(networks),    // host: -p / -P
                new HostnameStep(),        // init: the UTS namespace's hostname
                new MountsStep(),          // init: /proc, /dev, /sys in the new root
                new VolumesStep(),         // init: -v, --mount, --tmpfs
                new PivotRootStep(),       // init: the overlay becomes /
                new MaskedPathsStep(),     // init: hide host-facing /proc and /sys paths
                new CapabilitiesStep(),    // init: capabilities, user, no_new_privs
                new ExecStep());           // init: the command
    }
}
