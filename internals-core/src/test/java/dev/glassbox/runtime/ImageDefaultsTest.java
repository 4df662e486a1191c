package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glassbox.image.ImageConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a container keeps of its image's defaults: Docker's merge at create (daemon/create.go's merge). */
class ImageDefaultsTest {
    private static final ImageConfig WEB = new ImageConfig(List.of("PATH=/usr/bin:/bin", "MODE=prod"), List.of("serve", "--port", "80"),
            List.of("/entry.sh"), "/srv", "www", Set.of("80/tcp"), Map.of("tier", "front", "app", "shop"));
    private static final ImageConfig PLAIN = new ImageConfig(List.of("PATH=/bin"), List.of("/bin/sh"), List.of(), "", "", Set.of(), Map.of());

    @Test
    void nothingGivenTakesTheImagesCommandEnvironmentDirectoryUserAndLabels() {
        ContainerConfig c = Resolved.withImageDefaults(ContainerConfig.builder("web").build(), WEB);
        assertEquals(List.of("/entry.sh"), c.entrypoint());
        assertEquals(List.of("serve", "--port", "80"), c.cmd());
        assertEquals(List.of("PATH=/usr/bin:/bin", "MODE=prod"), c.env());
        assertEquals("/srv", c.workingDir());
        assertEquals("www", c.user());
        assertEquals(Map.of("tier", "front", "app", "shop"), c.labels());
    }

    @Test
    void whatIsGivenWinsAndTheImagesOtherVariablesAndLabelsFollow() {
        ContainerConfig c = Resolved.withImageDefaults(ContainerConfig.builder("web").cmd(List.of("sh")).env(List.of("MODE=dev", "X=1"))
                .workingDir("/tmp").user("1000").labels(Map.of("tier", "back")).build(), WEB);
        assertEquals(List.of("/entry.sh"), c.entrypoint(), "a CMD alone keeps the image's ENTRYPOINT");
        assertEquals(List.of("sh"), c.cmd());
        assertEquals(List.of("MODE=dev", "X=1", "PATH=/usr/bin:/bin"), c.env(), "the request's first, as Docker keeps them");
        assertEquals("/tmp", c.workingDir());
        assertEquals("1000", c.user());
        assertEquals(Map.of("tier", "back", "app", "shop"), c.labels());
    }

    @Test
    void anEntrypointGivenDropsTheImagesCmd() {
        ContainerConfig c = Resolved.withImageDefaults(ContainerConfig.builder("web").entrypoint(List.of("/bin/sh")).build(), WEB);
        assertEquals(List.of("/bin/sh"), c.entrypoint());
        assertNull(c.cmd());
    }

    @Test
    void anImageWithoutDefaultsLeavesTheRequestAsItWas() {
        ContainerConfig c = Resolved.withImageDefaults(ContainerConfig.builder("plain").build(), PLAIN);
        assertNull(c.entrypoint());
        assertEquals(List.of("/bin/sh"), c.cmd());
        assertNull(c.workingDir());
        assertNull(c.user());
        assertNull(c.labels());
    }
}
