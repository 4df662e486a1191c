package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLauncherTest {
    @TempDir Path tmp;
    Long started;

    @AfterEach
    void stopWhatWeStarted() {
        if (started != null) ProcessHandle.of(started).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void argumentsGiveTheEnginesDirectories() {
        assertEquals(EnginePaths.system(), EngineMain.parse(new String[0]));
        assertEquals(new EnginePaths(Path.of("/r/lib"), Path.of("/r/run")), EngineMain.parse(new String[]{"--root", "/r"}));
        assertThrows(IllegalArgumentException.class, () -> EngineMain.parse(new String[]{"--root"}));
        assertThrows(IllegalArgumentException.class, () -> EngineMain.parse(new String[]{"--bogus"}));
    }

    @Test
    void theEngineRunsTheSameJavaWithNativeAccess() {
        List<String> cmd = EngineLauncher.command(EnginePaths.under(tmp), List.of("-Dx=1"));
        assertEquals(ProcessHandle.current().info().command().orElseThrow(), cmd.getFirst());
        assertTrue(cmd.contains("--enable-native-access=ALL-UNNAMED"));
        assertTrue(cmd.contains("-XX:TieredStopAtLevel=1"), "C1 only: " + cmd);
        assertTrue(cmd.contains("-Dx=1"));
        assertEquals(List.of(EngineMain.class.getName(), "--lib", tmp.resolve("lib").toString(), "--run",
                tmp.resolve("run").toString()), cmd.subList(cmd.size() - 5, cmd.size()));
    }

    @Test
    @RootOnly
    void anEngineOfAnOlderBuildIsRestartedAlikeByTheNextCommand() throws Exception {
        EnginePaths paths = EnginePaths.under(tmp);
        String backend = "-D" + EngineMain.BACKEND_PROPERTY + "=" + FakeBackendFactory.class.getName();
        started = EngineLauncher.start(paths, List.of(backend));
        assertEquals(BuildStamp.current(), Files.readString(paths.buildFile()).strip(), "the engine wrote its build");
        try (EngineClient same = EngineLauncher.ensureRunning(paths, dev.glassbox.sys.Syscalls.linux())) {
            assertEquals((long) started, same.version().get("Pid").asLong(), "the same build: kept");
        }
        Files.writeString(paths.buildFile(), "0\n"); // as a rebuild leaves it: another build than the command line's
        long old = started;
        try (EngineClient fresh = EngineLauncher.ensureRunning(paths, dev.glassbox.sys.Syscalls.linux())) {
            started = fresh.version().get("Pid").asLong();
            assertTrue(started != old, "restarted");
            assertFalse(ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false), "the old engine is gone");
            assertEquals(List.of(backend), EngineLauncher.propertiesOf(ProcessHandle.of(started).orElseThrow()).stream()
                    .filter(o -> o.startsWith("-D" + EngineMain.BACKEND_PROPERTY)).toList(), "started alike");
            assertEquals(BuildStamp.current(), Files.readString(paths.buildFile()).strip());
        }
        assertTrue(EngineLauncher.stop(paths, Duration.ofSeconds(10)));
        started = null;
    }

    @Test
    void theBuildStampChangesWithAJarOfTheClassPath() throws Exception {
        Path jar = Files.writeString(tmp.resolve("a.jar"), "one");
        String cp = jar + java.io.File.pathSeparator + tmp.resolve("gone.jar");
        String before = BuildStamp.of(cp);
        assertEquals(before, BuildStamp.of(cp), "stable");
        Files.writeString(jar, "two!");
        assertTrue(!before.equals(BuildStamp.of(cp)), "a rebuilt jar");
    }

    @Test
    @RootOnly
    void launcherStartsARealEngineThatAnswersAndStopsOnSigterm() throws Exception {
        EnginePaths paths = EnginePaths.under(tmp);
        started = EngineLauncher.start(paths, List.of("-D" + EngineMain.BACKEND_PROPERTY + "=" + FakeBackendFactory.class.getName()));
        assertEquals(started, EngineLauncher.running(paths).orElseThrow().pid(), "the pid file names the engine");
        try (EngineClient c = EngineLauncher.ensureRunning(paths, dev.glassbox.sys.Syscalls.linux())) {
            assertTrue(c.ping());
            assertEquals((long) started, c.version().get("Pid").asLong());
            assertEquals(List.of(), c.containers(true));
        }
        assertTrue(Files.readString(paths.logFile()).contains("serving on " + paths.socket()));
        long sid = sessionOf(started);
        assertEquals((long) started, sid, "the engine leads its own session");

        assertTrue(EngineLauncher.stop(paths, Duration.ofSeconds(10)));
        assertFalse(ProcessHandle.of(started).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(paths.socket()), "the socket is removed");
        assertFalse(Files.exists(paths.pidFile()), "the pid file is removed");
        assertFalse(EngineLauncher.stop(paths, Duration.ofSeconds(1)), "nothing left to stop");
    }

    @Test
    @RootOnly
    void anEngineThatCannotStartNamesItsLog() {
        EnginePaths paths = EnginePaths.under(tmp);
        EngineException e = assertThrows(EngineException.class,
                () -> EngineLauncher.start(paths, List.of("-D" + EngineMain.BACKEND_PROPERTY + "=no.such.Backend")));
        assertTrue(e.getMessage().contains("see " + paths.logFile()), e.getMessage());
    }

    /** Field 6 of /proc/PID/stat: the session id. */
    private static long sessionOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[3]);
    }
}
