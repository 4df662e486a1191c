package dev.glassbox.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Writes that readers never see half done: temp file beside the target, fsync, rename. */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, byte[] data) throws IOException {
        write(target, data, true);
    }

    /**
     * @param durable fsync before the rename, so the new content survives a power cut; without
     *                it the replacement is still atomic for every reader (a crash leaves the old
     *                content or the new one), which is enough for state that /run loses at reboot anyway
     */
    public static void write(Path target, byte[] data, boolean durable) throws IOException {
        Dirs.ensure(target.getParent());
        Path tmp = temporaryFor(target);
        boolean moved = false;
        try {
            try (FileChannel ch = openNew(tmp)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                if (durable) ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /**
     * The temporary file, new. One already there can only be a leftover of a process that died
     * mid-write and had our PID (the sequence restarts in each process): it is removed first.
     */
    private static FileChannel openNew(Path tmp) throws IOException {
        try {
            return FileChannel.open(tmp, CREATE_NEW_FOR_WRITE, OWNER_ONLY);
        } catch (java.nio.file.FileAlreadyExistsException leftover) {
            Files.delete(tmp);
            return FileChannel.open(tmp, CREATE_NEW_FOR_WRITE, OWNER_ONLY);
        }
    }

    /** Unique in this process and among processes: one open with O_EXCL, no random name to draw. */
    static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + PID + "." + SEQUENCE.incrementAndGet() + ".tmp");
    }

    private static final long PID = ProcessHandle.current().pid();
    private static final Set<StandardOpenOption> CREATE_NEW_FOR_WRITE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    /** rw------- as before (the state may name paths and commands of other users' containers). */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final AtomicLong SEQUENCE = new AtomicLong();
}
