package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker ps -f, as the engine answers it: one key's values are alternatives, the keys must all match. */
class ContainerFilterTest {
    private static ContainerInfo container(String id, String name, String image, ContainerState state, int exit, Map<String, String> labels) {
        ContainerConfig cfg = ContainerConfig.builder(image).labels(labels).build()
                .withIdentity(id, name, "sha256:f3a69bc58539a343dc73645b5f68c40c", Instant.EPOCH);
        return new ContainerInfo(id, name, cfg, state, 0, 0, exit, false, "", null, null, name, Map.of());
    }

    private static final ContainerInfo WEB = container("0123456789ab", "web", "base", ContainerState.RUNNING, 0, Map.of("tier", "front"));
    private static final ContainerInfo JOB = container("fedcba987654", "nightly-job", "base:latest", ContainerState.EXITED, 3, Map.of());

    private static List<String> names(String filters) {
        ContainerFilter f = ContainerFilter.parse(filters);
        return List.of(WEB, JOB).stream().filter(f).map(ContainerInfo::name).toList();
    }

    @Test
    void eachKeyAsDocker() {
        assertEquals(List.of("web"), names("{\"id\":[\"0123\"]}"));
        assertEquals(List.of("nightly-job"), names("{\"name\":[\"job$\"]}"), "a regular expression found in the name");
        assertEquals(List.of("web"), names("{\"name\":[\"^/web\"]}"), "with Docker's leading slash too");
        assertEquals(List.of("nightly-job"), names("{\"status\":[\"exited\"]}"));
        assertEquals(List.of("web"), names("{\"label\":[\"tier\"]}"));
        assertEquals(List.of("web"), names("{\"label\":[\"tier=front\"]}"));
        assertEquals(List.of(), names("{\"label\":[\"tier=back\"]}"));
        assertEquals(List.of("web", "nightly-job"), names("{\"ancestor\":[\"base\"]}"), "base and base:latest are one image");
        assertEquals(List.of("web", "nightly-job"), names("{\"ancestor\":[\"sha256:f3a69bc5\"]}"));
        assertEquals(List.of("nightly-job"), names("{\"exited\":[\"3\"]}"));
        assertEquals(List.of(), names("{\"exited\":[\"0\"]}"), "a running container has not exited");
    }

    @Test
    void valuesOfOneKeyAreAlternativesAndKeysMustAllMatch() {
        assertEquals(List.of("web", "nightly-job"), names("{\"status\":[\"running\",\"exited\"]}"));
        assertEquals(List.of("web"), names("{\"status\":[\"running\",\"exited\"],\"label\":[\"tier\"]}"));
        assertEquals(List.of("web"), names("{\"status\":{\"running\":true}}"), "Docker's older shape");
        assertTrue(ContainerFilter.parse("{\"status\":[\"exited\"]}").wantsAll(), "a status filter looks at stopped containers");
        assertFalse(ContainerFilter.parse("{\"name\":[\"web\"]}").wantsAll());
        assertEquals(List.of("web", "nightly-job"), names(null));
    }

    @Test
    void badFiltersSayWhatToUse() {
        for (String[] bad : new String[][] {
                {"{\"colour\":[\"blue\"]}", "invalid filter 'colour': use id, name, status, label, ancestor or exited"},
                {"{\"status\":[\"up\"]}", "invalid filter 'status=up': use one of created"},
                {"{\"exited\":[\"x\"]}", "invalid filter 'exited=x': an exit code"},
                {"{\"name\":[\"(\"]}", "invalid filter 'name=('"},
                {"not json", "invalid filters \"not json\""}}) {
            ContainerException e = assertThrows(ContainerException.class, () -> ContainerFilter.parse(bad[0]));
            assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
            assertEquals(400, e.status());
        }
    }
}
