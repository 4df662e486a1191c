package dev.glassbox.runtime;

import dev.glassbox.net.PortSpec;
import dev.glassbox.storage.MountSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the steps need to make one container, resolved and validated: paths on the
 * host, namespace choices, limits, capabilities, user, command. Built by the runtime from a
 * container's configuration; the steps make no decisions of their own.
 *
 * @param lowerDirs     image layers, top first (overlayfs order)
 * @param networkMode   {@code bridge}, a user-defined network's name, {@code none}, {@code host} or {@code container:<id>}
 * @param ports         ports to publish on the host (with {@code -P}, the image's exposed ones)
 * @param containerDir  the container's own directory: its /etc/hosts, /etc/hostname and /etc/resolv.conf live there
 * @param cgroupPath    relative cgroup path, e.g. {@code glassbox/<id>}
 * @param capMask       capabilities kept (bounding, permitted, effective for root)
 * @param stdio         the init's fds 0, 1, 2 (and 4, kept by the shim) mapped to the engine's
 * @param consolePath   for {@code -t} containers the host pty the init starts on (it opens its own
 *                      terminal in the container's devpts at the mounts step), else null
 */
public record ContainerSpec(
        String id,
        String name,
        String hostname,
        List<Path> lowerDirs,
        Path upperDir,
        Path workDir,
        Path mergedDir,
        Namespaces namespaces,
        String networkMode,
        List<PortSpec> ports,
        Path containerDir,
        List<StorageMount> storage,
        String cgroupPath,
        Resources resources,
        long capMask,
        int lastCap,
        boolean privileged,
        int uid,
        int gid,
        List<Integer> groups,
        List<String> argv,
        List<String> env,
        String workingDir,
        boolean readOnlyRootfs,
        String consolePath,
        Path exitFile,
        Path initBinary,
        Map<Integer, Integer> stdio) {

    /** A -v/--mount/--tmpfs mount with its host source resolved; {@code fresh}: a volume created just now. */
    public record StorageMount(MountSpec spec, Path hostSource, boolean fresh) {}

    /** Which namespaces are new; {@code false} means shared with the host, as Docker's {@code --pid host}. */
    public record Namespaces(boolean pid, boolean ipc, boolean uts, boolean net, boolean cgroup) {
        public static final Namespaces ALL = new Namespaces(true, true, true, true, true);
    }

    /** Docker's {@code --memory}, {@code --cpus}, {@code --pids-limit}; null means no limit. */
    public record Resources(Long memoryBytes, Long memorySwapBytes, Long cpuQuotaMicros, long cpuPeriodMicros, Long pidsMax) {
        public static final Resources NONE = new Resources(null, null, null, 100_000, null);
    }
}
