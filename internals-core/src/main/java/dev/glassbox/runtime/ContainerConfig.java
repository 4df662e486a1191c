package dev.glassbox.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.glassbox.storage.MountSpec;
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
 * @param ports       published ports as {@code -p} takes them: {@code [hostip:]hostport:containerport[/proto]}
 * @param publishAll  {@code -P}: publish every port the image EXPOSEs on an ephemeral host port
 * @param volumes     {@code -v} as given; likewise {@code mounts} ({@code --mount}), {@code tmpfs}, {@code volumesFrom}
 * @param storage     all of them resolved at create (anonymous volumes named): what the container mounts
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
        List<String> ports,
        boolean publishAll,
        List<String> volumes,
        List<String> mounts,
        List<String> tmpfs,
        List<String> volumesFrom,
        List<MountSpec> storage,
        Instant created) {

    /** A request with only an image and a command; the rest defaults. */
    public static ContainerConfig of(String image, List<String> cmd) {
        return new Builder().image(image).cmd(cmd).build();
    }

    public ContainerConfig withIdentity(String id, String name, String imageId, Instant created) {
        return toBuilder().id(id).name(name).imageId(imageId).created(created).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.name = name;
        b.image = image;
        b.imageId = imageId;
        b.entrypoint = entrypoint;
        b.cmd = cmd;
        b.env = env;
        b.workingDir = workingDir;
        b.user = user;
        b.hostname = hostname;
        b.tty = tty;
        b.openStdin = openStdin;
        b.autoRemove = autoRemove;
        b.memory = memory;
        b.memorySwap = memorySwap;
        b.nanoCpus = nanoCpus;
        b.pidsLimit = pidsLimit;
        b.capAdd = capAdd;
        b.capDrop = capDrop;
        b.privileged = privileged;
        b.readOnlyRootfs = readOnlyRootfs;
        b.networkMode = networkMode;
        b.pidMode = pidMode;
        b.ipcMode = ipcMode;
        b.utsMode = utsMode;
        b.labels = labels;
        b.ports = ports;
        b.publishAll = publishAll;
        b.volumes = volumes;
        b.mounts = mounts;
        b.tmpfs = tmpfs;
        b.volumesFrom = volumesFrom;
        b.storage = storage;
        b.created = created;
        return b;
    }

    public static Builder builder(String image) {
        return new Builder().image(image);
    }

    /** Builds a configuration field by field, as the CLI parses flags. */
    public static final class Builder {
        private String id;
        private String name;
        private String image;
        private String imageId;
        private List<String> entrypoint;
        private List<String> cmd;
        private List<String> env;
        private String workingDir;
        private String user;
        private String hostname;
        private boolean tty;
        private boolean openStdin;
        private boolean autoRemove;
        private Long memory;
        private Long memorySwap;
        private Long nanoCpus;
        private Long pidsLimit;
        private List<String> capAdd;
        private List<String> capDrop;
        private boolean privileged;
        private boolean readOnlyRootfs;
        private String networkMode;
        private String pidMode;
        private String ipcMode;
        private String utsMode;
        private Map<String, String> labels;
        private List<String> ports;
        private boolean publishAll;
        private List<String> volumes;
        private List<String> mounts;
        private List<String> tmpfs;
        private List<String> volumesFrom;
        private List<MountSpec> storage;
        private Instant created;

        public Builder id(String v) { this.id = v; return this; }

        public Builder name(String v) { this.name = v; return this; }

        public Builder image(String v) { this.image = v; return this; }

        public Builder imageId(String v) { this.imageId = v; return this; }

        public Builder entrypoint(List<String> v) { this.entrypoint = v; return this; }

        public Builder cmd(List<String> v) { this.cmd = v; return this; }

        public Builder env(List<String> v) { this.env = v; return this; }

        public Builder workingDir(String v) { this.workingDir = v; return this; }

        public Builder user(String v) { this.user = v; return this; }

        public Builder hostname(String v) { this.hostname = v; return this; }

        public Builder tty(boolean v) { this.tty = v; return this; }

        public Builder openStdin(boolean v) { this.openStdin = v; return this; }

        public Builder autoRemove(boolean v) { this.autoRemove = v; return this; }

        public Builder memory(Long v) { this.memory = v; return this; }

        public Builder memorySwap(Long v) { this.memorySwap = v; return this; }

        public Builder nanoCpus(Long v) { this.nanoCpus = v; return this; }

        public Builder pidsLimit(Long v) { this.pidsLimit = v; return this; }

        public Builder capAdd(List<String> v) { this.capAdd = v; return this; }

        public Builder capDrop(List<String> v) { this.capDrop = v; return this; }

        public Builder privileged(boolean v) { this.privileged = v; return this; }

        public Builder readOnlyRootfs(boolean v) { this.readOnlyRootfs = v; return this; }

        public Builder networkMode(String v) { this.networkMode = v; return this; }

        public Builder pidMode(String v) { this.pidMode = v; return this; }

        public Builder ipcMode(String v) { this.ipcMode = v; return this; }

        public Builder utsMode(String v) { this.utsMode = v; return this; }

        public Builder labels(Map<String, String> v) { this.labels = v; return this; }

        public Builder ports(List<String> v) { this.ports = v; return this; }

        public Builder publishAll(boolean v) { this.publishAll = v; return this; }

        public Builder volumes(List<String> v) { this.volumes = v; return this; }

        public Builder mounts(List<String> v) { this.mounts = v; return this; }

        public Builder tmpfs(List<String> v) { this.tmpfs = v; return this; }

        public Builder volumesFrom(List<String> v) { this.volumesFrom = v; return this; }

        public Builder storage(List<MountSpec> v) { this.storage = v; return this; }

        public Builder created(Instant v) { this.created = v; return this; }

        public ContainerConfig build() {
            return new ContainerConfig(id, name, image, imageId, entrypoint, cmd, env, workingDir, user, hostname, tty, openStdin, autoRemove, memory, memorySwap, nanoCpus, pidsLimit, capAdd, capDrop, privileged, readOnlyRootfs, networkMode, pidMode, ipcMode, utsMode, labels, ports, publishAll, volumes, mounts, tmpfs, volumesFrom, storage, created);
        }
    }
}
