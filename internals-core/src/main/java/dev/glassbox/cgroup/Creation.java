package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Helpers both hierarchies use while making a cgroup: checked writes and undo on failure. */
final class Creation {
    private Creation() {}

    static void write(CgroupFs fs, Path file, String value, String advice) {
        try {
            fs.write(file, value);
        } catch (IOException e) {
            throw new CgroupException("cannot write \"" + value + "\" to " + file + ": " + CgroupFs.reason(e) + advice, e);
        }
    }

    /**
     * A parent directory vanished between our mkdir of it (or finding it there) and the mkdir of
     * its child: another container's {@code rm} removed it as empty meanwhile. The walk is
     * simply made again from the top.
     */
    static final class ParentVanished extends CgroupException {
        ParentVanished(Path dir, IOException cause) {
            super("cannot create cgroup " + dir + ": its parent was removed meanwhile (by another container's rm) "
                    + "several times in a row; try again", cause);
        }
    }

    /** How many times a walk is made again after a {@link ParentVanished}. */
    static final int WALK_ATTEMPTS = 5;

    /** Removes what was made, deepest first; failures ride along as suppressed exceptions of {@code cause}. */
    static void undo(CgroupFs fs, List<Path> made, Throwable cause) {
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                fs.rmdir(made.get(i));
            } catch (NoSuchFileException e) {
                // gone already
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
