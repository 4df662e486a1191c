package dev.glassbox.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private dockerd + containerd for tests that use Docker as a peer (Debian's docker.io).
 * Everything lives under one temp directory: containerd's root, state and socket (CRI plugin
 * off), dockerd's data root, exec root, pid file and socket; no iptables, no forwarding, a
 * cgroup parent of its own ({@code /gbx-test-docker-RANDOM}), and no bridge, or with
 * {@link #startWithBridge()} a bridge of its own for Docker's default network. The host's
 * Docker, if any, is never touched.
 *
 * <p>{@link #close()} stops both daemons by PID (SIGTERM, wait, SIGKILL only if they hang),
 * then removes the cgroup directories under its own parent, its bridge and the temp directory.
 */
public final class DockerDaemon implements AutoCloseable {
    private final Path dir;
    private final Path socket;
    private final String cgroupParent = "gbx-test-docker-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private Process containerd;
    private Process dockerd;
    private String bridge;

    private DockerDaemon(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
    }

    /** Starts containerd, then dockerd, and waits until {@code docker info} answers. */
    public static DockerDaemon start() throws IOException, InterruptedException {
        return start(false);
    }

    /**
     * As {@link #start()}, with Docker's default bridge network on a bridge the daemon owns
     * (on a /24 of 10.231.0.0/16 that no route uses), for tests of {@code docker run} without
     * {@code --network}. No traffic leaves it: no forwarding, no NAT.
     */
    public static DockerDaemon startWithBridge() throws IOException, InterruptedException {
        return start(true);
    }

    private static DockerDaemon start(boolean withBridge) throws IOException, InterruptedException {
        for (String tool : List.of("/usr/sbin/dockerd", "/usr/bin/containerd")) {
            if (!Files.isExecutable(Path.of(tool))) throw new IllegalStateException(tool + " is missing: apt-get install docker.io");
        }
        // short: a unix socket path must fit in 108 bytes
        DockerDaemon d = new DockerDaemon(Files.createTempDirectory(Path.of("/tmp"), "gbxd"));
        try {
            if (withBridge) d.makeBridge();
            d.startDaemons();
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                d.close();
            } catch (Exception s) {
                e.addSuppressed(s);
            }
            throw e;
        }
    }

    private void makeBridge() throws IOException, InterruptedException {
        String name = "gbxdk" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        String routes = new String(new ProcessBuilder("ip", "-4", "route", "show").start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int third = ThreadLocalRandom.current().nextInt(10, 240);
        while (routes.contains("10.231." + third + ".")) third++;
        ip("link", "add", name, "type", "bridge");
        bridge = name;
        ip("addr", "add", "10.231." + third + ".1/24", "dev", name);
        ip("link", "set", name, "up");
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out.strip());
    }

    private void startDaemons() throws IOException, InterruptedException {
        Path ctrSock = dir.resolve("containerd.sock");
        Path config = dir.resolve("containerd.toml");
        Files.writeString(config, """
                version = 2
                root = "%s"
                state = "%s"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%s"
                """.formatted(dir.resolve("containerd-root"), dir.resolve("containerd-state"), ctrSock));
        containerd = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        waitFor(() -> Files.exists(ctrSock), "containerd's socket " + ctrSock, dir.resolve("containerd.log"));
        dockerd = new ProcessBuilder("dockerd", "--containerd=" + ctrSock, "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "-H", "unix://" + socket, "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=" + (bridge == null ? "none" : bridge),
                "--cgroup-parent=/" + cgroupParent)
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        waitFor(() -> {
            try {
                return run(List.of("info")).exit == 0;
            } catch (IOException e) {
                return false;
            }
        }, "dockerd on " + socket, dir.resolve("dockerd.log"));
    }

    private interface Check {
        boolean ok() throws InterruptedException;
    }

    private void waitFor(Check check, String what, Path log) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (check.ok()) return;
            if (!containerd.isAlive() || dockerd != null && !dockerd.isAlive()) break;
            Thread.sleep(100);
        }
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        throw new IllegalStateException(what + " did not come up; the end of " + log.getFileName() + ":\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
    }

    /** Makes a busybox root file system in the daemon's directory and {@code docker import}s it as {@code tag}. */
    public void importBusybox(String tag) throws IOException, InterruptedException {
        Path rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        Path tar = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("tar of the busybox rootfs exited with " + p.exitValue());
        docker("import", tar.toString(), tag);
    }

    /** The daemon's socket, for {@code docker -H unix://...}. */
    public Path socket() {
        return socket;
    }

    /** Lines for a bash script whose docker commands talk to this daemon (and never read ~/.docker). */
    public String environment() {
        return "export DOCKER_HOST=unix://" + socket + "\nexport DOCKER_CONFIG=" + dir.resolve("cli") + "\n";
    }

    /** The directory the daemon keeps everything in; a test may put its own files there too. */
    public Path dir() {
        return dir;
    }

    /** What one docker command printed. */
    public record Result(int exit, String out, String err) {}

    /** Runs {@code docker -H unix://socket args...}; its result whatever the exit code. */
    public Result run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + socket));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_CONFIG", dir.resolve("cli").toString()); // never the user's ~/.docker
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("docker " + String.join(" ", args) + " did not finish in 120 s");
        }
        String e = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, e);
    }

    /** Runs {@code docker -H unix://socket args...}; its standard output; fails on a non-zero exit. */
    public String docker(String... args) throws IOException, InterruptedException {
        Result r = run(List.of(args));
        if (r.exit != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " exited with " + r.exit + ": " + r.err.strip());
        }
        return r.out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        IOException failure = null;
        // dockerd first: it stops its containers and unmounts its layers, then containerd
        stop(dockerd);
        stop(containerd);
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo")).reversed()) {
            String mountPoint = line.split(" ")[4];
            if (mountPoint.startsWith(dir + "/")) {
                // whatever a killed daemon left mounted in its own directories
                new ProcessBuilder("umount", "-l", mountPoint).inheritIO().start().waitFor();
            }
        }
        try (var controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path controller : controllers.toList()) {
                Path mine = controller.resolve(cgroupParent);
                if (!Files.isDirectory(mine)) continue;
                try (var walk = Files.walk(mine)) {
                    for (Path p : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                } catch (IOException e) {
                    if (failure == null) failure = e;
                }
            }
        }
        if (bridge != null) ip("link", "del", bridge);
        BusyboxRootfs.delete(dir);
        if (failure != null) throw failure;
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) return;
        p.destroy(); // SIGTERM
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
