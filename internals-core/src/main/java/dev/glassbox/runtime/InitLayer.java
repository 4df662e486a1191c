package dev.glassbox.runtime;

import dev.glassbox.util.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The init layer: one read-only layer, the same for every container, stacked over the image's
 * layers as Docker stacks its "-init" layer. It holds the empty mount points of what the runtime
 * mounts in every container: the directories /proc, /sys, /dev and /etc, and the files
 * /etc/hosts, /etc/hostname and /etc/resolv.conf.
 *
 * <p>Without it, a container of an image that lacks them would create them in its own layer at
 * every start. Overlayfs would first copy /etc up from the image, so the container's layer would
 * show files the container never wrote; docker diff shows none. It also cost a part of a
 * millisecond of every start, and as much again to delete them afterwards.
 */
final class InitLayer {
    private InitLayer() {}

    /** Its directory under the engine's lib dir; a new set of mount points gets a new name. */
    static final String NAME = "init-layer.1";

    static final List<String> DIRECTORIES = List.of("proc", "sys", "dev", "etc");
    static final List<String> FILES = List.of("etc/hosts", "etc/hostname", "etc/resolv.conf");

    /**
     * The init layer under {@code libDir}, made if it is not there. It is made beside its place and
     * renamed into it, so a crash or a second engine never leaves a half-made one.
     */
    static Path ensure(Path libDir) {
        Path layer = libDir.resolve(NAME);
        if (Files.isDirectory(layer)) return layer;
        Path making = libDir.resolve("." + NAME + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Dirs.ensure(libDir);
            ContainerRuntime.deleteTree(making); // a leftover of a process that had our PID
            Files.createDirectory(making, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            for (String d : DIRECTORIES) {
                Files.createDirectory(making.resolve(d));
                Files.setPosixFilePermissions(making.resolve(d), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            for (String f : FILES) {
                Files.createFile(making.resolve(f));
                Files.setPosixFilePermissions(making.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(making, layer, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(layer)) throw e;
                ContainerRuntime.deleteTree(making); // another engine made it meanwhile
            }
            return layer;
        } catch (IOException e) {
            ContainerRuntime.deleteTree(making);
            throw new UncheckedIOException("cannot make the init layer " + layer + ": " + e.getMessage(), e);
        }
    }
}
