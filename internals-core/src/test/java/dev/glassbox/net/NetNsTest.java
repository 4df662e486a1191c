package dev.glassbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glassbox.sys.SysException;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@RootOnly
class NetNsTest {
    @AfterAll
    static void nothingLeftBehind() {
        if (dev.glassbox.sys.Syscalls.linux().geteuid() == 0) TestNetns.assertNothingLeftBehind();
    }

    private static String myNetns() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void bodyRunsInTheNamespaceAndTheCallerStaysWhereItWas() throws Exception {
        String before = myNetns();
        try (TestNetns ns = TestNetns.create()) {
            String inside = NetNs.run(ns.file, NetNsTest::myNetns);
            assertEquals("net:[" + Files.getAttribute(ns.file, "unix:ino") + "]", inside);
            assertNotEquals(before, inside);
            assertEquals(before, myNetns());
            // a netlink socket opened there keeps talking to that namespace from this thread
            try (Rtnl r = Rtnl.open(ns.file)) {
                assertEquals(1, r.links().size());
            }
        }
    }

    @Test
    void failuresOfTheBodyReachTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> NetNs.run(Path.of("/proc/self/ns/net"), () -> {
            throw boom;
        })));
        assertThrows(UncheckedIOException.class, () -> NetNs.exec(Path.of("/proc/self/ns/net"), () -> {
            throw new IOException("io");
        }));
        SysException missing = assertThrows(SysException.class, () -> NetNs.run(Path.of("/run/netns/gbtest-none"), () -> 1));
        assertEquals("open", missing.call());
    }
}
