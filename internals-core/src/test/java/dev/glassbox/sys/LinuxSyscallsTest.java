package dev.glassbox.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LinuxSyscallsTest {
    private final Syscalls sys = Syscalls.linux();

    @Test
    void failedCallNamesTheCallItsArgumentsAndErrno() {
        SysException e = assertThrows(SysException.class, () -> sys.open("/no/such/file", Kernel.O_RDONLY, 0));
        assertEquals("open", e.call());
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("\"/no/such/file\""), e.getMessage());
        assertTrue(e.getMessage().contains("ENOENT (No such file or directory)"), e.getMessage());
    }

    @Test
    void statfsTellsProcFromOtherFileSystems() {
        assertEquals(Kernel.PROC_SUPER_MAGIC, sys.statfsType(Path.of("/proc")));
    }

    @Test
    void socketpairCarriesOneMessageAtATime() {
        int[] sv = sys.socketpair(Kernel.AF_UNIX, Kernel.SOCK_SEQPACKET);
        try {
            sys.send(sv[0], "one".getBytes(), 3);
            sys.send(sv[0], "two!".getBytes(), 4);
            byte[] buf = new byte[64];
            assertEquals(3, sys.recv(sv[1], buf));
            assertEquals(4, sys.recv(sv[1], buf));
            assertTrue(!sys.pollIn(sv[1], 0));
        } finally {
            sys.close(sv[0]);
            sys.close(sv[1]);
        }
    }

    @Test
    void getpidIsThisJvm() {
        assertEquals(ProcessHandle.current().pid(), sys.getpid());
    }
}
