package dev.glassbox.app.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the desktop to open the window on, also when the app was started with sudo (which
 * usually drops DISPLAY and XAUTHORITY): DISPLAY from the environment, else from a process
 * of the user who ran sudo; XAUTHORITY from the environment, else that user's
 * ~/.Xauthority, else from that user's process. {@link #resolve} only decides;
 * {@link #apply} sets the variables in this process before the toolkit starts.
 */
public final class DisplayEnv {
    private final Function<String, String> env;
    private final Path procRoot;
    private final Path passwd;

    public DisplayEnv(Function<String, String> env, Path procRoot, Path passwd) {
        this.env = env;
        this.procRoot = procRoot;
        this.passwd = passwd;
    }

    public static DisplayEnv live() {
        return new DisplayEnv(System::getenv, Path.of("/proc"), Path.of("/etc/passwd"));
    }

    /** The variables to set (empty when the environment is already right), or a one-line error. */
    public record Result(Map<String, String> set, String error) {
        public boolean ok() { return error == null; }
    }

    public Result resolve() {
        Map<String, String> set = new LinkedHashMap<>();
        String display = blank(env.apply("DISPLAY")) ? null : env.apply("DISPLAY");
        String wayland = blank(env.apply("WAYLAND_DISPLAY")) ? null : env.apply("WAYLAND_DISPLAY");
        String sudoUid = env.apply("SUDO_UID"), sudoUser = env.apply("SUDO_USER");
        Map<String, String> userEnv = Map.of();
        if (display == null && !blank(sudoUid)) {
            userEnv = desktopEnvOf(sudoUid);
            display = userEnv.get("DISPLAY");
            if (display != null) set.put("DISPLAY", display);
        }
        if (display == null) {
            return new Result(Map.of(), wayland != null
                    ? "no X display (DISPLAY is not set; JavaFX needs X11 or XWayland): run it from a desktop session"
                    : "no display (DISPLAY is not set): run glassbox lab from a desktop session, or ssh -X; "
                    + "under sudo, use sudo -E or sudo --preserve-env=DISPLAY,XAUTHORITY");
        }
        if (blank(env.apply("XAUTHORITY")) && !blank(sudoUser)) {
            Optional<Path> home = home(sudoUser);
            Path xauth = home.map(h -> h.resolve(".Xauthority")).filter(Files::isReadable).orElse(null);
            if (xauth != null) {
                set.put("XAUTHORITY", xauth.toString());
            } else {
                if (userEnv.isEmpty() && !blank(sudoUid)) userEnv = desktopEnvOf(sudoUid);
                String x = userEnv.get("XAUTHORITY");
                if (x != null) set.put("XAUTHORITY", x);
            }
        }
        return new Result(set, null);
    }

    /** DISPLAY and XAUTHORITY from the first process of {@code uid} that has DISPLAY. */
    Map<String, String> desktopEnvOf(String uid) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(procRoot, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : ds) {
                try {
                    if (!uidOf(p).equals(uid)) continue;
                    Map<String, String> e = parseEnviron(Files.readAllBytes(p.resolve("environ")));
                    if (e.containsKey("DISPLAY")) {
                        Map<String, String> out = new LinkedHashMap<>();
                        out.put("DISPLAY", e.get("DISPLAY"));
                        if (e.containsKey("XAUTHORITY")) out.put("XAUTHORITY", e.get("XAUTHORITY"));
                        return out;
                    }
                } catch (IOException | RuntimeException ignored) {
                    // exited, or not readable: try the next
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return Map.of();
    }

    private static String uidOf(Path procPid) throws IOException {
        for (String line : Files.readAllLines(procPid.resolve("status"))) {
            if (line.startsWith("Uid:")) return line.substring(4).strip().split("\\s+")[0];
        }
        return "";
    }

    static Map<String, String> parseEnviron(byte[] raw) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : new String(raw, StandardCharsets.UTF_8).split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private Optional<Path> home(String user) {
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length >= 6 && f[0].equals(user)) return Optional.of(Path.of(f[5]));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Sets the variables in this process (C environment), before the toolkit starts. */
    public static void apply(Result r) {
        r.set().forEach(Environ::setenv);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
