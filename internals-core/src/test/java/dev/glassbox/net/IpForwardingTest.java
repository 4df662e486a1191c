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
            // a new namespace copies IPv4 conf/all from the host's (net.core.devconf_inherit_init_net 0), so it is 1
            // where the host forwards: start from 0, in the test's namespace only
            TestNetns.run("ip", "netns", "exec", ns.name, "sysctl", "-qw", "net.ipv4.ip_forward=0");
            assertFalse(IpForwarding.isEnabled(ns.file));
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

    @Test
    void afterACrashTheRecordTellsTheValueToPutBack() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gb-forwarding");
        java.nio.file.Path record = dir.resolve("ip_forward.before");
        try (TestNetns ns = TestNetns.create()) {
            TestNetns.run("ip", "netns", "exec", ns.name, "sysctl", "-qw", "net.ipv4.ip_forward=0");
            IpForwarding.Restore crashed = IpForwarding.enable(ns.file, record);
            assertFalse(crashed.wasEnabled());
            assertEquals("0", java.nio.file.Files.readString(record).trim());
            // the engine dies without closing: forwarding stays on, the record stays
            try (IpForwarding.Restore next = IpForwarding.enable(ns.file, record)) {
                assertFalse(next.wasEnabled(), "the record, not the 1 the crashed engine left");
                assertTrue(IpForwarding.isEnabled(ns.file));
            }
            assertEquals("0", sysctl(ns), "put back as it was before the first engine");
            assertFalse(java.nio.file.Files.exists(record));
        } finally {
            java.nio.file.Files.deleteIfExists(record);
            java.nio.file.Files.delete(dir);
        }
    }

    private static String sysctl(TestNetns ns) {
        return TestNetns.run("ip", "netns", "exec", ns.name, "sysctl", "-n", "net.ipv4.ip_forward").trim();
    }
}
