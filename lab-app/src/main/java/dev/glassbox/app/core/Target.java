package dev.glassbox.app.core;

/**
 * What the live views look at: a container of the engine (id and name) or any process by PID
 * (a Docker, runc or Podman container's, or the host's PID 1).
 *
 * @param containerId null for a bare PID
 * @param pid         the process to inspect; 0 while the container is not running
 */
public record Target(String containerId, String name, int pid) {
    public static final Target HOST = new Target(null, "host (PID 1)", 1);

    public static Target pid(int pid) {
        return new Target(null, "PID " + pid, pid);
    }

    public boolean isContainer() {
        return containerId != null;
    }

    @Override
    public String toString() {
        return isContainer() ? name + (pid > 0 ? "  (PID " + pid + ")" : "  (not running)") : name;
    }
}
