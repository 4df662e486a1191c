package dev.glassbox.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mounts of one mount namespace, in the order mountinfo lists them (parents before children). */
public record MountTable(List<MountInfo> mounts) {

    public MountTable {
        mounts = List.copyOf(mounts);
    }

    public static MountTable parse(String mountinfo) {
        List<MountInfo> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (!line.isBlank()) out.add(MountInfo.parse(line));
        }
        return new MountTable(out);
    }

    /** Reads a mountinfo file such as /proc/PID/mountinfo. */
    public static MountTable read(Path mountinfo) {
        try {
            return parse(Files.readString(mountinfo));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mountinfo + ": " + e.getMessage(), e);
        }
    }

    /**
     * The mount visible at {@code mountPoint}: when several are stacked on the same point the
     * last one listed is on top, the one a path lookup reaches.
     */
    public Optional<MountInfo> at(String mountPoint) {
        MountInfo found = null;
        for (MountInfo m : mounts) if (m.mountPoint().equals(mountPoint)) found = m;
        return Optional.ofNullable(found);
    }

    /** The mount of the process's root directory. */
    public Optional<MountInfo> root() { return at("/"); }

    public Optional<MountInfo> byId(int mountId) {
        return mounts.stream().filter(m -> m.mountId() == mountId).findFirst();
    }

    public List<MountInfo> children(int mountId) {
        return mounts.stream().filter(m -> m.parentId() == mountId && m.mountId() != mountId).toList();
    }

    public List<MountInfo> overlays() {
        return mounts.stream().filter(MountInfo::isOverlay).toList();
    }

    public int size() { return mounts.size(); }
}
