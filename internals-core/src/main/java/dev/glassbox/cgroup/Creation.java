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
