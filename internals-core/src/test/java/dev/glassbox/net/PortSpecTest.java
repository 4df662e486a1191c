package dev.glassbox.net;

import static dev.glassbox.net.PortSpec.Protocol.TCP;
import static dev.glassbox.net.PortSpec.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortSpecTest {
    @Test
    void dockerFormsParse() {
        assertEquals(List.of(new PortSpec("", 0, 80, TCP)), PortSpec.parse("80"));
        assertEquals(List.of(new PortSpec("", 8080, 80, TCP)), PortSpec.parse("8080:80"));
        assertEquals(List.of(new PortSpec("127.0.0.1", 8080, 80, TCP)), PortSpec.parse("127.0.0.1:8080:80/tcp"));
        assertEquals(List.of(new PortSpec("127.0.0.1", 0, 53, UDP)), PortSpec.parse("127.0.0.1::53/udp"));
        assertEquals(List.of(new PortSpec("::1", 8080, 80, TCP)), PortSpec.parse("[::1]:8080:80"));
        assertEquals(List.of(new PortSpec("", 0, 80, TCP)), PortSpec.parse("0:80"));
        assertEquals(List.of(new PortSpec("", 8000, 80, UDP), new PortSpec("", 8001, 81, UDP)),
                PortSpec.parse("8000-8001:80-81/UDP"));
    }

    @Test
    void dockerNotationRoundTrips() {
        for (String s : List.of("127.0.0.1:8080:80/tcp", "8080:80/udp", "80/tcp", "127.0.0.1::80/tcp", "[::1]:9000:90/tcp")) {
            assertEquals(s, PortSpec.parse(s).getFirst().toString());
        }
    }

    @Test
    void errorsReadLikeDockers() {
        assertEquals("invalid containerPort: abc", message("abc"));
        assertEquals("invalid containerPort: 70000", message("8080:70000"));
        assertEquals("invalid hostPort: x", message("x:80"));
        assertEquals("invalid proto: icmp", message("80/icmp"));
        assertEquals("invalid IP address: 1.2.3", message("1.2.3:80:80"));
        assertEquals("no port specified: 8080:<empty>", message("8080:"));
        assertEquals("invalid ranges specified for container and host Ports: 80-82 and 8000-8001", message("8000-8001:80-82"));
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> PortSpec.parse(spec)).getMessage();
    }
}
