package dev.glassbox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.launch.DisplayEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisplayEnvTest {
    @TempDir Path tmp;

    private Path passwdWithHome(Path home) throws Exception {
        Path passwd = tmp.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nann:x:1000:1000::" + home + ":/bin/bash\n");
        return passwd;
    }

    @Test
    void aDesktopSessionNeedsNothing() throws Exception {
        Map<String, String> env = Map.of("DISPLAY", ":0", "XAUTHORITY", "/home/ann/.Xauthority");
        DisplayEnv.Result r = new DisplayEnv(env::get, tmp, passwdWithHome(tmp)).resolve();
        assertTrue(r.ok());
        assertEquals(Map.of(), r.set());
    }

    @Test
    void underSudoTheUsersXauthorityIsUsed() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/ann"));
        Files.writeString(home.resolve(".Xauthority"), "cookie");
        Map<String, String> env = Map.of("DISPLAY", ":1", "SUDO_USER", "ann", "SUDO_UID", "1000");
        DisplayEnv.Result r = new DisplayEnv(env::get, tmp, passwdWithHome(home)).resolve();
        assertEquals(Map.of("XAUTHORITY", home.resolve(".Xauthority").toString()), r.set());
    }

    @Test
    void aLostDisplayIsFoundInTheUsersOwnProcesses() throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc/321"));
        Files.writeString(proc.resolve("status"), "Name:\tgnome-shell\nUid:\t1000\t1000\t1000\t1000\n");
        Files.writeString(proc.resolve("environ"), "HOME=/home/ann\0DISPLAY=:0\0XAUTHORITY=/run/user/1000/gdm/Xauthority\0");
        Map<String, String> env = Map.of("SUDO_USER", "ann", "SUDO_UID", "1000");
        DisplayEnv.Result r = new DisplayEnv(env::get, tmp.resolve("proc"), passwdWithHome(tmp.resolve("nohome"))).resolve();
        assertEquals(Map.of("DISPLAY", ":0", "XAUTHORITY", "/run/user/1000/gdm/Xauthority"), r.set());
    }

    @Test
    void noDisplayIsOneClearLine() throws Exception {
        DisplayEnv.Result r = new DisplayEnv(Map.<String, String>of()::get, tmp, passwdWithHome(tmp)).resolve();
        assertFalse(r.ok());
        assertTrue(r.error().startsWith("no display (DISPLAY is not set)"), r.error());
        assertFalse(r.error().contains("\n"));
    }
}
