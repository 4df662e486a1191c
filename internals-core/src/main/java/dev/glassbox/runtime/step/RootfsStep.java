package dev.glassbox.runtime.step;

import dev.glassbox.mount.OverlayStack;
import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.sys.Kernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Host side: stack the image's layers and the container's own layer with overlayfs. */
public final class RootfsStep implements Step {
    @Override public String id() { return "rootfs"; }

    @Override public String title() { return "Stack the image layers with overlayfs"; }

    @Override public String explanation() {
        return "The image's layers are read-only directories. overlayfs stacks them under one writable "
                + "directory, the container layer (upperdir): reads fall through to the first layer that has "
                + "the file, writes copy the file up into upperdir first (copy-on-write), and deletions are "
                + "recorded as whiteouts. The merged view becomes the container's root. On top of the image's "
                + "layers sits the init layer, as Docker's \"-init\" layer: the empty mount points every container "
                + "gets (/proc, /sys, /dev, /etc/hosts, /etc/hostname, /etc/resolv.conf), so the container's "
                + "own layer starts empty.";
    }

    static String options(ContainerSpec s) {
        return "lowerdir=" + s.lowerDirs().stream().map(Path::toString).collect(Collectors.joining(":"))
                + ",upperdir=" + s.upperDir() + ",workdir=" + s.workDir();
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        ContainerSpec s = ctx.spec();
        return List.of("mkdir -p " + s.upperDir() + " " + s.workDir() + " " + s.mergedDir(),
                "mount -t overlay overlay -o " + options(s) + " " + s.mergedDir());
    }

    /**
     * The overlay is made beside the cgroup and while the init is taken; the clone needs it, as its
     * new mount namespace is a copy of the host's mount table at that moment.
     */
    @Override public String neededBy(StepContext ctx) { return "namespaces"; }

    @Override public List<String> apply(StepContext ctx) throws Exception {
        ContainerSpec s = ctx.spec();
        Files.createDirectories(s.upperDir());
        Files.createDirectories(s.workDir());
        Files.createDirectories(s.mergedDir());
        ctx.sys().mount("overlay", s.mergedDir().toString(), "overlay", Kernel.MS_NODEV, options(s));
        ctx.put(RootfsStep.class, this);
        boolean initLayer = !s.lowerDirs().isEmpty() && OverlayStack.isInitLayer(s.lowerDirs().getFirst().toString());
        return List.of("overlay mounted on " + s.mergedDir(),
                "lower (read-only, top first): " + (initLayer ? "the init layer, then the image's " + (s.lowerDirs().size() - 1)
                        : s.lowerDirs().size()) + " layer(s)",
                "upper (the container layer): " + s.upperDir());
    }

    @Override public void undo(StepContext ctx) {
        if (ctx.remove(RootfsStep.class) != null) {
            ctx.sys().umount2(ctx.spec().mergedDir().toString(), Kernel.MNT_DETACH);
        }
    }
}
