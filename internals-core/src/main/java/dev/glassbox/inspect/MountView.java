package dev.glassbox.inspect;

import dev.glassbox.mount.MountInfo;
import dev.glassbox.mount.MountTable;
import dev.glassbox.mount.OverlayStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mount table of a process's mount namespace, as the process sees it (paths relative to
 * its root), and the overlay stacks in it, that of its root first.
 *
 * @param pid the process
 * @param mntNamespace inode of its mount namespace, or null when unreadable
 * @param root where the host reaches the process's root directory: {@code /proc/PID/root}
 * @param mounts the mounts in mountinfo order (parents before children)
 * @param rootOverlay the overlay mounted at its "/", or null when its root is not an overlay
 * @param overlays every overlay mount in the table
 */
public record MountView(int pid, Long mntNamespace, String root, List<MountInfo> mounts,
                        OverlayStack rootOverlay, List<OverlayStack> overlays) {

    public MountView {
        mounts = List.copyOf(mounts);
        overlays = List.copyOf(overlays);
    }

    /** Reads /proc/PID/mountinfo. */
    public static MountView read(int pid, ProcFs proc, Long mntNamespace) {
        String text = proc.read(pid, "mountinfo").orElseThrow(() -> new NoSuchProcessException(pid));
        MountTable table = MountTable.parse(text);
        String root = proc.dir(pid).resolve("root").toString();
        List<OverlayStack> overlays = new ArrayList<>();
        OverlayStack rootOverlay = null;
        MountInfo top = table.root().orElse(null);
        for (MountInfo m : table.overlays()) {
            String merged = m.mountPoint().equals("/") ? root : root + m.mountPoint();
            OverlayStack s = OverlayStack.from(m, merged).orElseThrow();
            if (m == top) {
                rootOverlay = s;
                overlays.addFirst(s);
            } else {
                overlays.add(s);
            }
        }
        return new MountView(pid, mntNamespace, root, table.mounts(), rootOverlay, overlays);
    }

    public MountTable table() { return new MountTable(mounts); }

    public Optional<OverlayStack> overlayAt(String mountPoint) {
        return overlays.stream().filter(o -> o.mountPoint().equals(mountPoint)).reduce((a, b) -> b);
    }
}
