package dev.glassbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.sys.Kernel;
import org.junit.jupiter.api.Test;

/** Docker's tmpfs options split into mount(2) flags and tmpfs's own data. */
class MountSpecTest {
    @Test
    void flagWordsAreFlagsAndTheRestIsData() {
        MountSpec.TmpfsMount t = MountSpec.parseTmpfsFlag("/run:rw,noexec,nosuid,size=64m").tmpfs();
        assertEquals(Kernel.MS_NOSUID | Kernel.MS_NODEV | Kernel.MS_NOEXEC, t.flags());
        assertEquals("size=64m,mode=1777", t.data());
        assertEquals("nosuid,nodev,noexec,size=64m,mode=1777", t.shellOptions());
    }

    @Test
    void execSuidAndDevClearDockersDefaultsAndAModeIsKept() {
        MountSpec.TmpfsMount t = MountSpec.parseTmpfsFlag("/x:exec,suid,dev,mode=700,uid=1000,ro").tmpfs();
        assertEquals(Kernel.MS_RDONLY, t.flags());
        assertEquals("mode=700,uid=1000", t.data());
        assertEquals("ro,mode=700,uid=1000", t.shellOptions());
    }

    @Test
    void noOptionsAreDockersDefaults() {
        MountSpec.TmpfsMount t = MountSpec.parseTmpfsFlag("/tmp").tmpfs();
        assertEquals(Kernel.MS_NOSUID | Kernel.MS_NODEV | Kernel.MS_NOEXEC, t.flags());
        assertEquals("mode=1777", t.data());
    }
}
