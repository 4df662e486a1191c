package dev.glassbox.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a user asked for when creating a container, with Docker's meanings; stored as
 * {@code config.json} beside the container. Null means "not given": the image's value or
 * Docker's default applies.
 *
 * @param networkMode {@code bridge} (default), {@code none}, {@code host}, {@code container:<name>}
 * @param pidMode     null (private) or {@code host}; likewise ipcMode and utsMode
 * @param user        {@code uid[:gid]} or a name from the image's /etc/passwd
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerConfig(
        String id,
        String name,
        String image,
        String imageId,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        String hostname,
        boolean tty,
        boolean openStdin,
        boolean autoRemove,
        Long memory,
        Long memorySwap,
        Long nanoCpus,
        Long pidsLimit,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        boolean readOnlyRootfs,
        String networkMode,
        String pidMode,
        String ipcMode,
        String utsMode,
        Map<String, String> labels,
        Instant created) {

    /** A request with only an image and a command; the rest defaults. */
    public static ContainerConfig of(String image, List<String> cmd) {
        return new ContainerConfig(null, null, image, null, null, cmd, null, null, null, null, false, false, false,
                null, null, null, null, null, null, false, false, null, null, null, null, null, null);
    }

    public ContainerConfig withIdentity(String id, String name, String imageId, Instant created) {
        return new ContainerConfig(id, name, image, imageId, entrypoint, cmd, env, workingDir, user, hostname, tty,
                openStdin, autoRemove, memory, memorySwap, nanoCpus, pidsLimit, capAdd, capDrop, privileged,
                readOnlyRootfs, networkMode, pidMode, ipcMode, utsMode, labels, created);
    }
}
