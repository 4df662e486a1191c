package dev.glassbox.cli.exercise;

import dev.glassbox.exercise.Workshop;
import dev.glassbox.exercise.action.ContainerControl;
import dev.glassbox.exercise.action.RuntimeControl;
import dev.glassbox.exercise.directory.ContainerDirectory;
import dev.glassbox.exercise.directory.GlassboxDirectory;
import dev.glassbox.image.ImageStore;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the workshop the CLI grades with: Glassbox's containers first, then Docker's. */
public final class Workshops {
    private Workshops() {}

    /**
     * Glassbox's runtime under {@code root} (when it has any state) and Docker's socket (when it
     * exists). The by-hand exercises need neither.
     */
    public static Workshop onThisMachine(Path root, Path dockerSocket) {
        ContainerDirectory glassbox = null;
        ContainerControl control = ContainerControl.NONE;
        if (Files.isDirectory(root.resolve("containers"))) {
            ImageStore images = new ImageStore(root);
            ContainerRuntime runtime = new ContainerRuntime(Syscalls.linux(), root, Path.of("/run/glassbox"), images);
            glassbox = new GlassboxDirectory(runtime, images, root.toString());
            control = new RuntimeControl(runtime);
        }
        return Workshop.onThisMachine(glassbox, control, dockerSocket);
    }
}
