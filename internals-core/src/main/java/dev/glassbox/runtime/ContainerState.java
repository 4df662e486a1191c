package dev.glassbox.runtime;

/** Docker's container states, worked out from the kernel each time (see {@code ContainerRuntime}). */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, EXITED, DEAD;

    /** Docker's lower-case name. */
    public String docker() { return name().toLowerCase(); }
}
