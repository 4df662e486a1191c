package dev.glassbox.exercise.action;

import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.inspect.ProcFs;
import dev.glassbox.mount.MountTable;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Performs setup and reset actions on this machine: files through java.nio, mounts and signals
 * through the kernel (umount2(2), kill(2)), containers through a {@link ContainerControl}.
 * Reset actions tolerate what is already gone, so a reset can always be run twice.
 */
public final class ActionRunner {
    /** The applets {@code install-busybox} links when the exercise lists none. */
    public static final List<String> DEFAULT_APPLETS = List.of("sh", "ls", "cat", "echo", "sleep", "hostname", "ps", "mount",
            "umount", "mkdir", "rm", "id", "ip", "ping", "wc", "grep", "touch", "chown", "uname", "env", "true", "false", "nc", "httpd", "wget");

    private final Syscalls sys;
    private final CgroupReader cgroups;
    private final ContainerControl containers;
    private final ProcFs proc = ProcFs.live();

    public ActionRunner(Syscalls sys, CgroupReader cgroups, ContainerControl containers) {
        this.sys = sys;
        this.cgroups = cgroups;
        this.containers = containers;
    }

    public void run(List<Action> actions) {
        for (Action a : actions) run(a);
    }

    public void run(Action action) {
        try {
            switch (action) {
                case Action.Mkdir a -> Files.createDirectories(Path.of(a.path()));
                case Action.WriteFile a -> writeFile(a);
                case Action.RemovePath a -> removeTree(Path.of(a.path()));
                case Action.InstallBusybox a -> installBusybox(Path.of(a.dir()), a.applets() == null ? DEFAULT_APPLETS : a.applets());
                case Action.CopyProgram a -> copyProgram(a.program(), Path.of(a.to()));
                case Action.KillProcesses a -> killMatching(a.cmdlines());
                case Action.Unmount a -> unmountAll(a.path());
                case Action.DeleteNetns a -> deleteNetns(a.name());
                case Action.RemoveCgroup a -> removeCgroup(a.path());
                case Action.RunContainer a -> containers.run(a.name(), a.image(), a.cmd(), !Boolean.FALSE.equals(a.start()),
                        a.capDrop(), a.capAdd(), a.user(), a.labels());
                case Action.RemoveContainer a -> containers.removeContainer(a.name());
                case Action.RemoveImage a -> containers.removeImage(a.name());
                case Action.RemoveVolume a -> containers.removeVolume(a.name());
                case Action.RemoveNetwork a -> containers.removeNetwork(a.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("exercise action failed: " + action.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void writeFile(Action.WriteFile a) throws IOException {
        Path p = Path.of(a.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, a.content(), StandardCharsets.UTF_8);
        String mode = a.mode() == null ? "644" : a.mode();
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(rwx(Integer.parseInt(mode, 8))));
    }

    private static String rwx(int mode) {
        StringBuilder b = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int m = (mode >> shift) & 7;
            b.append((m & 4) != 0 ? 'r' : '-').append((m & 2) != 0 ? 'w' : '-').append((m & 1) != 0 ? 'x' : '-');
        }
        return b.toString();
    }

    /** rm -rf that never follows a symlink, and refuses to cross into a mount still in place. */
    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void installBusybox(Path dir, List<String> applets) throws IOException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) throw new IOException("/bin/busybox is missing: apt-get install busybox-static");
        for (String d : List.of("bin", "proc", "sys", "dev", "etc", "tmp", "root")) Files.createDirectories(dir.resolve(d));
        Path target = dir.resolve("bin/busybox");
        if (!Files.exists(target)) Files.copy(busybox, target);
        for (String a : applets) {
            Path link = dir.resolve("bin").resolve(a);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of("busybox"));
        }
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    }

    /** Copies exercises/programs/NAME/* (listed in its files.txt) from the classpath. */
    static void copyProgram(String program, Path to) throws IOException {
        String base = "/exercises/programs/" + program + "/";
        List<String> files;
        try (InputStream in = ActionRunner.class.getResourceAsStream(base + "files.txt")) {
            if (in == null) throw new IOException("no shipped program named " + program);
            files = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        }
        for (String f : files) {
            Path dest = to.resolve(f).normalize();
            if (!dest.startsWith(to)) throw new IOException("program " + program + " lists a file outside its directory: " + f);
            Files.createDirectories(dest.getParent());
            try (InputStream in = ActionRunner.class.getResourceAsStream(base + f)) {
                if (in == null) throw new IOException("program " + program + " lists " + f + " but does not ship it");
                Files.copy(in, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (f.endsWith(".sh") || f.contains("cgi-bin/")) Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** SIGKILL to every process whose whole command line matches one of the expressions; returns how many. */
    public int killMatching(List<String> cmdlines) {
        List<Pattern> patterns = cmdlines.stream().map(Pattern::compile).toList();
        int self = (int) ProcessHandle.current().pid();
        int killed = 0;
        for (int pid : proc.pids()) {
            if (pid == self || pid == 1) continue;
            List<String> argv = proc.cmdline(pid);
            if (argv.isEmpty()) continue;
            String line = String.join(" ", argv);
            if (patterns.stream().anyMatch(p -> p.matcher(line).matches())) {
                try {
                    sys.kill(pid, Kernel.SIGKILL);
                    killed++;
                } catch (SysException e) {
                    // it ended meanwhile
                }
            }
        }
        return killed;
    }

    private boolean mounted(String path) {
        return MountTable.read(Path.of("/proc/self/mountinfo")).mounts().stream().anyMatch(m -> m.mountPoint().equals(path));
    }

    private void unmountAll(String path) {
        for (int i = 0; i < 16 && mounted(path); i++) sys.umount2(path, Kernel.MNT_DETACH);
    }

    private void deleteNetns(String name) throws IOException {
        Path f = Path.of("/run/netns", name);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) return;
        unmountAll(f.toString());
        Files.deleteIfExists(f);
    }

    private void removeCgroup(String path) throws IOException {
        CgroupNode node;
        try {
            node = cgroups.node(path);
        } catch (RuntimeException e) {
            return; // not in any hierarchy: nothing to remove
        }
        List<Path> dirs = new ArrayList<>(new java.util.LinkedHashSet<>(node.dirs().values()));
        for (int round = 0; round < 100; round++) {
            List<Integer> pids = new ArrayList<>();
            for (Path d : dirs) pids.addAll(readPids(d.resolve("cgroup.procs")));
            if (pids.isEmpty()) break;
            for (int pid : pids) {
                try {
                    sys.kill(pid, Kernel.SIGKILL);
                } catch (SysException e) {
                    // already gone
                }
            }
            try {
                Thread.sleep(20); // the kernel empties cgroup.procs when the killed processes are reaped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> children = Files.list(d)) {
                for (Path c : children.filter(Files::isDirectory).toList()) removeCgroupDir(c);
            }
            removeCgroupDir(d);
        }
    }

    private static void removeCgroupDir(Path d) throws IOException {
        if (Files.isDirectory(d)) Files.delete(d); // rmdir: cgroupfs refuses while processes remain
    }

    private static List<Integer> readPids(Path procs) {
        try {
            return Files.readAllLines(procs).stream().map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
