package dev.glassbox.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Docker daemon for tests (Debian's docker.io): containerd and dockerd of its own, with
 * their root, state, sockets and pid file in one temporary directory, a bridge of its own for
 * Docker's default network, and a cgroup parent of its own. Nothing on the host's firewall or
 * forwarding changes (--iptables=false, --ip-forward=false, --ip-masq=false). {@link #close}
 * stops both daemons by PID and removes the bridge, the cgroups and the directory.
 */
final class DockerPeer implements AutoCloseable {
    private final Path dir;
    private final String bridge;
    private final String cgroupParent;
    private Process containerd;
    private Process dockerd;

    private DockerPeer(Path dir, String suffix) {
        this.dir = dir;
        this.bridge = "gbxdk" + suffix;
        this.cgroupParent = "gbx-docker-test-" + suffix;
    }

    static DockerPeer start() throws IOException, InterruptedException {
        for (String tool : List.of("dockerd", "containerd", "docker")) {
            if (Stream.of(System.getenv("PATH").split(":")).noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                throw new IllegalStateException(tool + " is not installed: apt-get install docker.io (.ci/run does)");
            }
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        DockerPeer d = new DockerPeer(Files.createTempDirectory("gbx-dk"), suffix);
        try {
            d.up();
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void up() throws IOException, InterruptedException {
        // Docker's default bridge network on a bridge the test owns, on a /24 no route uses
        int third = ThreadLocalRandom.current().nextInt(10, 250);
        String routes = run(List.of("ip", "-4", "route", "show"));
        while (routes.contains("10.231." + third + ".")) third++;
        run(List.of("ip", "link", "add", bridge, "type", "bridge"));
        run(List.of("ip", "addr", "add", "10.231." + third + ".1/24", "dev", bridge));
        run(List.of("ip", "link", "set", bridge, "up"));

        Path config = dir.resolve("containerd.toml");
        Files.writeString(config, """
                version = 2
                root = "%s"
                state = "%s"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%s"
                """.formatted(dir.resolve("containerd-root"), dir.resolve("containerd-state"), containerdSocket()));
        containerd = new ProcessBuilder("containerd", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile()).start();
        waitFor(containerdSocket(), "containerd");
        dockerd = new ProcessBuilder("dockerd", "--containerd=" + containerdSocket(), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "-H", "unix://" + socket(), "--pidfile", dir.resolve("docker.pid").toString(),
                "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=" + bridge,
                "--cgroup-parent=/" + cgroupParent).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        waitFor(socket(), "dockerd");
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Process info = new ProcessBuilder("docker", "-H", "unix://" + socket(), "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (info.waitFor() == 0) return;
            if (Instant.now().isAfter(end)) throw new IllegalStateException("dockerd did not answer: " + log("dockerd.log"));
            Thread.sleep(100);
        }
    }

    Path dir() { return dir; }

    Path socket() { return dir.resolve("docker.sock"); }

    private Path containerdSocket() { return dir.resolve("containerd.sock"); }

    /** A line for a bash script: the docker CLI of the script talks to this daemon. */
    String env() { return "export DOCKER_HOST=unix://" + socket() + "\n"; }

    /** Runs the docker CLI on this daemon; its output, or an AssertionError with it. */
    String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + socket()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    void cliUnchecked(String... args) {
        try {
            cli(args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The docker CLI for clean-up: a failure (no such object) is fine. */
    void quietly(String... args) {
        try {
            cli(args);
        } catch (AssertionError | IOException | InterruptedException e) {
            // nothing to remove
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + ": no answer in 120 s");
        }
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }

    private void waitFor(Path socket, String what) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (!Files.exists(socket)) {
            if (Instant.now().isAfter(end)) throw new IllegalStateException(what + " made no socket: " + log(what + ".log"));
            Thread.sleep(50);
        }
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // dockerd first (it stops its containers and unmounts their layers), then containerd
        for (Process p : new Process[] {dockerd, containerd}) {
            if (p == null) continue;
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        // what a daemon killed mid-way may leave: mounts under our directory, deepest first
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(m -> m.startsWith(dir.toString())).sorted(Comparator.reverseOrder()).toList();
        for (String m : mounts) new ProcessBuilder("umount", "-l", m).start().waitFor();
        new ProcessBuilder("ip", "link", "del", bridge).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) removeCgroupTree(h.resolve(cgroupParent));
        }
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** A cgroup directory is removed with rmdir, its children first; files inside it are the kernel's. */
    private static void removeCgroupTree(Path cg) throws IOException {
        if (!Files.isDirectory(cg)) return;
        try (Stream<Path> children = Files.list(cg)) {
            for (Path c : children.filter(Files::isDirectory).toList()) removeCgroupTree(c);
        }
        Files.delete(cg);
    }
}
