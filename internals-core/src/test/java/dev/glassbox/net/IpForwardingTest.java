package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.testing.RootOnly;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ip_forward is per network namespace: the tests change it only in namespaces they create. */
@RootOnly
class IpForwardingTest {

    @Test
    void enablingInATestNamespaceChangesOnlyThatNamespaceAndCloseRestoresIt() {
        boolean host = IpForwarding.isEnabled();
        try (TestNetns ns = TestNetns.create()) {
            assertFalse(IpForwarding.isEnabled(ns.file), "a new namespace starts with ip_forward 0");
            try (IpForwarding.Restore r = IpForwarding.enable(ns.file)) {
                assertFalse(r.wasEnabled());
                assertTrue(IpForwarding.isEnabled(ns.file));
                assertEquals("1", sysctl(ns), "sysctl inside the namespace agrees");
                assertEquals(host, IpForwarding.isEnabled(), "the host's value is its own");
                assertEquals(List.of("sysctl -w net.ipv4.ip_forward=0"), r.shellEquivalent());
                r.close();
                assertFalse(IpForwarding.isEnabled(ns.file));
            }
            assertEquals("0", sysctl(ns), "closing twice restores once");
        }
    }

    @Test
    void forwardingThatWasOnStaysOn() {
        try (TestNetns ns = TestNetns.create()) {
            TestNetns.run("ip", "netns", "exec", ns.name, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            try (IpForwarding.Restore r = IpForwarding.enable(ns.file)) {
                assertTrue(r.wasEnabled());
                assertEquals(List.of(), r.shellEquivalent());
            }
            assertTrue(IpForwarding.isEnabled(ns.file));
        }
    }

    private static String sysctl(TestNetns ns) {
        return TestNetns.run("ip", "netns", "exec", ns.name, "sysctl", "-n", "net.ipv4.ip_forward").trim();
    }
}
