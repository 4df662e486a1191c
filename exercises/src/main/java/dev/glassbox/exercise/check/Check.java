package dev.glassbox.exercise.check;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The fixed vocabulary of checks. Each is a record read from an exercise file by its
 * {@code type} field; an unknown type or an unknown field makes the file invalid. A check
 * reads the live machine and says what it expected and what it observed; it never changes
 * anything.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ContainerExists.class, name = "container-exists"),
        @JsonSubTypes.Type(value = ContainerState.class, name = "container-state"),
        @JsonSubTypes.Type(value = ContainerConfig.class, name = "container-config"),
        @JsonSubTypes.Type(value = Logs.class, name = "logs"),
        @JsonSubTypes.Type(value = Namespace.class, name = "namespace"),
        @JsonSubTypes.Type(value = CgroupLimit.class, name = "cgroup-limit"),
        @JsonSubTypes.Type(value = InCgroup.class, name = "in-cgroup"),
        @JsonSubTypes.Type(value = Capability.class, name = "capability"),
        @JsonSubTypes.Type(value = Mount.class, name = "mount"),
        @JsonSubTypes.Type(value = Overlay.class, name = "overlay"),
        @JsonSubTypes.Type(value = FileCheck.class, name = "file"),
        @JsonSubTypes.Type(value = ProcessCheck.class, name = "process"),
        @JsonSubTypes.Type(value = ProcessUser.class, name = "process-user"),
        @JsonSubTypes.Type(value = Hostname.class, name = "hostname"),
        @JsonSubTypes.Type(value = NetworkMember.class, name = "network"),
        @JsonSubTypes.Type(value = LinkCheck.class, name = "link"),
        @JsonSubTypes.Type(value = Links.class, name = "links"),
        @JsonSubTypes.Type(value = Resolves.class, name = "resolves"),
        @JsonSubTypes.Type(value = Port.class, name = "port"),
        @JsonSubTypes.Type(value = ImageExists.class, name = "image"),
        @JsonSubTypes.Type(value = ImageConfig.class, name = "image-config"),
        @JsonSubTypes.Type(value = ImageHistory.class, name = "image-history"),
        @JsonSubTypes.Type(value = ImageSharesLayers.class, name = "image-shares-layers"),
        @JsonSubTypes.Type(value = Answer.class, name = "answer"),
})
public sealed interface Check permits ContainerExists, ContainerState, ContainerConfig, Logs, Namespace, CgroupLimit,
        InCgroup, Capability, Mount, Overlay, FileCheck, ProcessCheck, ProcessUser, Hostname, NetworkMember, LinkCheck,
        Links, Resolves, Port, ImageExists, ImageConfig, ImageHistory, ImageSharesLayers, Answer {

    /** The live views a pane can highlight. */
    String NAMESPACES = "namespaces", CGROUPS = "cgroups", CAPS = "caps", LAYERS = "layers", NETWORK = "network";

    /** Reads the machine; throws {@link Unresolved} when what it looks at does not exist. */
    Observation evaluate(Machine m) throws Exception;

    /** The live view that shows what this check looks at. */
    String view();

    /** One line saying what the check wants, e.g. "container web has a memory limit of 64m". */
    String describe();

    /** Fails loading when the check cannot mean anything (bad regex, unknown capability...). */
    default void validate() {}
}
