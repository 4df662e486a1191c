package dev.glassbox.runtime.step;

import static dev.glassbox.runtime.step.MountsStep.hex;

import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.storage.MountSpec;
import dev.glassbox.storage.SecureJoin;
import dev.glassbox.sys.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Init stage: bind mounts, volumes and tmpfs mounts inside the new root. */
public final class VolumesStep implements Step {
    @Override public String id() { return "volumes"; }

    @Override public String title() { return "Mount volumes, bind mounts and tmpfs"; }

    @Override public String explanation() {
        return "Data written in the container layer goes away with the container. A bind mount shows a host "
                + "directory inside the container; a volume is the same but the directory is managed by the engine "
                + "(/var/lib/glassbox/volumes/NAME/_data) and outlives containers; a tmpfs mount lives in RAM and "
                + "vanishes when the container stops. All are mounts in the container's mount namespace, made "
                + "before pivot_root while the host's paths are still reachable.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        List<String> out = new ArrayList<>();
        String r = ctx.spec().mergedDir().toString();
        for (ContainerSpec.StorageMount m : ctx.spec().storage()) {
            MountSpec s = m.spec();
            if (s.type() == MountSpec.Type.TMPFS) {
                out.add("mount -t tmpfs -o " + s.tmpfs().shellOptions() + " tmpfs " + r + s.target());
            } else {
                out.add("mount --bind " + m.hostSource() + " " + r + s.target());
                if (s.readOnly()) out.add("mount -o remount,bind,ro " + r + s.target());
            }
        }
        if (out.isEmpty()) out.add("# no -v, --mount or --tmpfs given");
        return out;
    }

    @Override public List<String> apply(StepContext ctx) throws IOException {
        ContainerSpec s = ctx.spec();
        InitStage.Batch b = ctx.init().batch();
        List<String> out = new ArrayList<>();
        for (ContainerSpec.StorageMount m : s.storage()) {
            MountSpec spec = m.spec();
            // where the target is, resolved inside the container's root: an image's symlink cannot lead out of it
            Path target = SecureJoin.resolve(s.mergedDir(), spec.target());
            if (spec.type() == MountSpec.Type.TMPFS) {
                Files.createDirectories(target);
                MountSpec.TmpfsMount tmpfs = spec.tmpfs();
                b.call("mount", "tmpfs", target.toString(), "tmpfs", hex(tmpfs.flags()), tmpfs.data());
                out.add("tmpfs on " + spec.target() + " (" + tmpfs.shellOptions() + ", in RAM)");
                continue;
            }
            Path source = m.hostSource();
            if (spec.type() == MountSpec.Type.VOLUME && m.fresh()) prefill(target, source);
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) Files.createFile(target);
            }
            b.call("mount", source.toString(), target.toString(), "", hex(Kernel.MS_BIND | Kernel.MS_REC), "");
            if (spec.readOnly()) {
                b.call("mount", "", target.toString(), "", hex(Kernel.MS_BIND | Kernel.MS_REMOUNT | Kernel.MS_RDONLY | Kernel.MS_REC), "");
            }
            out.add(spec.type().docker() + " " + (spec.type() == MountSpec.Type.VOLUME ? spec.source() + " (" + source + ")" : source)
                    + " -> " + spec.target() + (spec.readOnly() ? " (read-only)" : ""));
        }
        b.run();
        if (out.isEmpty()) out.add("no volumes, bind mounts or tmpfs");
        return out;
    }

    /**
     * Docker copies what the image has at the target into a new, empty volume, with owners and
     * modes, the directory's own included: an image whose USER owns /data can write to a fresh
     * volume mounted there.
     */
    private static void prefill(Path imageDir, Path volume) throws IOException {
        if (!Files.isDirectory(imageDir, LinkOption.NOFOLLOW_LINKS)) return;
        try (var existing = Files.list(volume)) {
            if (existing.findAny().isPresent()) return;
        }
        try (var walk = Files.walk(imageDir)) {
            for (Path p : walk.toList()) {
                Path to = volume.resolve(imageDir.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                    copyOwnerAndMode(p, to);
                } else {
                    // COPY_ATTRIBUTES keeps the owner, the mode and the times of files and symlinks
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static void copyOwnerAndMode(Path from, Path to) throws IOException {
        var a = Files.readAttributes(from, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:uid", a.get("uid"), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", a.get("gid"), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:mode", a.get("mode"), LinkOption.NOFOLLOW_LINKS);
    }
}
