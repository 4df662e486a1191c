package dev.glassbox.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.inspect.Commands;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CapSetTest {

    @Test
    void enumHasEveryCapabilityFromChownToCheckpointRestoreInKernelOrder() {
        Capability[] all = Capability.values();
        assertEquals(41, all.length);
        for (int i = 0; i < all.length; i++) assertEquals(i, all[i].number());
        assertEquals(Capability.CAP_CHECKPOINT_RESTORE, Capability.of(40).orElseThrow());
        assertTrue(Capability.of(41).isEmpty());
        for (Capability c : all) assertFalse(c.meaning().isBlank(), c + " has a meaning");
    }

    @Test
    void dockerDefaultIsTheFourteenCapabilitiesDockerGrants() {
        assertEquals(14, CapSet.DOCKER_DEFAULT.size());
        assertEquals("00000000a80425fb", CapSet.DOCKER_DEFAULT.hex());
        assertFalse(CapSet.DOCKER_DEFAULT.has(Capability.CAP_SYS_ADMIN));
    }

    @Test
    void parsesHexAsProcStatusPrintsIt() {
        CapSet s = CapSet.parseHex("000001ffffffffff");
        assertEquals(41, s.size());
        assertEquals(s, CapSet.parseHex("0x1ffffffffff"));
        assertEquals(CapSet.EMPTY, CapSet.parseHex("0000000000000000"));
        assertEquals("ffffffffffffffff", CapSet.parseHex("ffffffffffffffff").hex());
    }

    @Test
    void parsesNamesWithOrWithoutPrefixInAnyCase() {
        CapSet s = CapSet.parseNames(List.of("NET_ADMIN", "cap_sys_admin", "Cap_Kill", "sys_ptrace"));
        assertEquals(CapSet.of(Capability.CAP_NET_ADMIN, Capability.CAP_SYS_ADMIN, Capability.CAP_KILL,
                Capability.CAP_SYS_PTRACE), s);
    }

    @Test
    void allMeansEveryCapabilityOfThisKernel() {
        assertEquals(CapSet.all(CapSet.lastCap()), CapSet.parseNames(List.of("all")));
        assertEquals(CapSet.all(CapSet.lastCap()), CapSet.parseNames(List.of("ALL", "NET_ADMIN")));
    }

    @Test
    void unknownNameIsAOneLineErrorPointingToTheManPage() {
        var e = assertThrows(UnknownCapabilityException.class, () -> CapSet.parseNames(List.of("KILL", "foo")));
        assertEquals("unknown capability \"CAP_FOO\": see 'man 7 capabilities'", e.getMessage());
        assertEquals("foo", e.name());
    }

    @Test
    void unionMinusAndIntersectWorkOnTheMask() {
        CapSet a = CapSet.of(Capability.CAP_CHOWN, Capability.CAP_KILL);
        CapSet b = CapSet.of(Capability.CAP_KILL, Capability.CAP_BPF);
        assertEquals(CapSet.of(Capability.CAP_CHOWN, Capability.CAP_KILL, Capability.CAP_BPF), a.union(b));
        assertEquals(CapSet.of(Capability.CAP_CHOWN), a.minus(b));
        assertEquals(CapSet.of(Capability.CAP_KILL), a.intersect(b));
        assertEquals(List.of("CAP_CHOWN", "CAP_KILL"), a.names());
    }

    @Test
    void lastCapIsWhatTheKernelSays() throws Exception {
        int kernel = Integer.parseInt(Commands.run("cat", "/proc/sys/kernel/cap_last_cap").trim());
        assertEquals(kernel, CapSet.lastCap());
        assertEquals(40, CapSet.lastCap(dev.glassbox.inspect.ProcFixture.resource("unshared")));
    }

    @Test
    void namesEqualWhatCapshDecodePrints() {
        Random r = new Random(42);
        long[] masks = new long[12];
        masks[0] = 0;
        masks[1] = CapSet.DOCKER_DEFAULT.mask();
        masks[2] = CapSet.all(40).mask();
        masks[3] = 0x0000060000000001L; // bits this enum does not know are shown by number
        for (int i = 4; i < masks.length; i++) masks[i] = r.nextLong() & CapSet.all(40).mask();
        for (long m : masks) {
            CapSet s = new CapSet(m);
            String capsh = Commands.run("capsh", "--decode=" + s.hex()).trim();
            assertEquals(capsh.substring(capsh.indexOf('=') + 1), s.toString(), "capsh --decode=" + s.hex());
        }
    }
}
