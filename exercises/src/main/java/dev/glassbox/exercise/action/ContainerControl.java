package dev.glassbox.exercise.action;

import java.util.List;
import java.util.Map;

/**
 * The few engine operations that setup and reset actions need. Implemented over Glassbox's
 * runtime (and later its engine client); the grader itself never calls them.
 */
public interface ContainerControl {
    /** docker run -d (start) or docker create. */
    void run(String name, String image, List<String> cmd, boolean start, List<String> capDrop, List<String> capAdd,
             String user, Map<String, String> labels);

    /** docker rm -f; nothing when there is no such container. */
    void removeContainer(String name);

    /** Nothing when the engine has no such image, volume or network, or no such notion yet. */
    default void removeImage(String name) {}

    default void removeVolume(String name) {}

    default void removeNetwork(String name) {}

    /** No engine: container actions fail with advice. */
    ContainerControl NONE = new ContainerControl() {
        @Override
        public void run(String name, String image, List<String> cmd, boolean start, List<String> capDrop, List<String> capAdd,
                        String user, Map<String, String> labels) {
            throw new IllegalStateException("this exercise starts container " + name + ", but no Glassbox engine is reachable: start one, or run: "
                    + "docker run -d --name " + name + " " + image + (cmd == null ? "" : " " + String.join(" ", cmd)));
        }

        @Override
        public void removeContainer(String name) {}
    };
}
