package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.net.BridgeNetwork;
import dev.glassbox.net.Rtnl;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default network of a new state directory on a bridge that already exists (made by another
 * engine, or by an earlier --root) takes the bridge's address, as dockerd takes docker0's: a
 * second subnet would put a second gateway on the bridge that no engine removes.
 */
@RootOnly
class DefaultBridgeTest {
    @TempDir Path tmp;

    @Test
    void aNewStateDirectoryAdoptsTheAddressOfAnExistingBridge() throws Exception {
        String bridge = "gbad" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        int third = ThreadLocalRandom.current().nextInt(10, 240);
        try {
            ip("link", "add", bridge, "type", "bridge");
            ip("addr", "add", "10.233." + third + ".1/24", "dev", bridge);

            Networks networks = new Networks(tmp.resolve("state"), bridge);
            BridgeNetwork n = networks.get(BridgeNetwork.DEFAULT_NAME);
            assertEquals("10.233." + third + ".0/24", n.subnet().toString());
            assertEquals("10.233." + third + ".1", n.gateway().getHostAddress());
            n.ensureBridge();
            try (Rtnl rtnl = Rtnl.open()) {
                int index = rtnl.link(bridge).orElseThrow().index();
                List<String> v4 = rtnl.addresses(index).stream().filter(a -> a.local() instanceof java.net.Inet4Address)
                        .map(dev.glassbox.net.Address::cidr).toList();
                assertEquals(List.of("10.233." + third + ".1/24"), v4, "one gateway address on the bridge");
            }
            assertEquals("10.233." + third + ".0/24", networks.list().getFirst().subnet().toString(), "network ls shows the same");
        } finally {
            try (Rtnl rtnl = Rtnl.open()) {
                rtnl.deleteLinkIfExists(bridge);
            }
        }
    }

    private static void ip(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
    }
}
