package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The changes Glassbox makes to a cgroup file system: {@code mkdir}, {@code rmdir} and writes.
 * On the kernel's file system {@code mkdir} makes a cgroup and the kernel fills it with its
 * interface files, {@code rmdir} removes them all, and a write is a command. A test fixture
 * passes an implementation that plays the kernel's part on an ordinary directory tree.
 * Reads go straight through {@link java.nio.file.Files}: they are the same on both.
 */
public interface CgroupFs {

    /** The real cgroup file systems. */
    static CgroupFs kernel() {
        return Kernel.INSTANCE;
    }

    /** mkdir(2) of one cgroup; fails when it exists. */
    void mkdir(Path dir) throws IOException;

    /** rmdir(2) of one cgroup; the kernel refuses while processes or child cgroups remain. */
    void rmdir(Path dir) throws IOException;

    /** One write(2) of {@code value} to an existing interface file. */
    void write(Path file, String value) throws IOException;

    /** The reason the kernel gave, e.g. "Device or resource busy", for one-line messages. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** {@link CgroupFs} on the kernel. */
    final class Kernel implements CgroupFs {
        private static final Kernel INSTANCE = new Kernel();

        private Kernel() {}

        @Override
        public void mkdir(Path dir) throws IOException {
            Files.createDirectory(dir);
        }

        @Override
        public void rmdir(Path dir) throws IOException {
            Files.delete(dir); // rmdir(2) for a directory; the interface files go with it
        }

        @Override
        public void write(Path file, String value) throws IOException {
            // no CREATE: cgroupfs does not let anyone create files, a missing one is a real error
            Files.writeString(file, value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }
}
