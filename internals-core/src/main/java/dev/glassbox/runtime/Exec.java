package dev.glassbox.runtime;

import dev.glassbox.cgroup.ContainerCgroup;
import dev.glassbox.image.Image;
import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.sys.Errno;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * docker exec: a new process in a running container. glassbox-init joins the container's
 * namespaces with setns(2) but the cgroup and mount ones, forks into its PID namespace (born
 * in its v2 cgroup), and the child moves itself into the v1 cgroups, joins the cgroup and mount
 * namespaces (the mount one last: after it, /proc is the container's), takes the container's
 * capabilities and user, and execs the command.
 */
final class Exec implements ContainerService.ExecHandle {
    /** setns order: the mount namespace last, because /proc/PID/ns paths resolve in the current one. */
    private static final List<String> ORDER = List.of("cgroup", "ipc", "uts", "net", "pid", "mnt");

    private final String id;
    private final int pid;
    private final ContainerService.Attach attach;
    private final Path output;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private Exec(String id, int pid, ContainerService.Attach attach, Path output) {
        this.id = id;
        this.pid = pid;
        this.attach = attach;
        this.output = output;
    }

    static Exec start(Syscalls sys, ContainerRuntime runtime, ContainerInfo c, Image image, ContainerService.ExecRequest req,
                      Path containerDir, Path initBinary, ContainerCgroup cgroup) {
        String execId = HexFormat.of().formatHex(longBytes());
        ContainerConfig base = c.config();
        ContainerConfig asked = base.toBuilder().entrypoint(List.of()).cmd(req.cmd()).env(merge(base.env(), req.env()))
                .workingDir(req.workingDir() != null ? req.workingDir() : base.workingDir())
                .user(req.user() != null ? req.user() : base.user()).hostname(c.hostname()).tty(req.tty())
                .openStdin(req.interactive()).autoRemove(false).memory(null).memorySwap(null).nanoCpus(null).pidsLimit(null)
                .privileged(base.privileged() || req.privileged()).readOnlyRootfs(false).build();
        Resolved r = Resolved.of(asked, image);
        Path out = containerDir.resolve("exec-" + execId + ".log");
        Path exitFile = containerDir.resolve("exec-" + execId + ".exit");
        Stdio stdio = Stdio.open(sys, req.tty(), req.interactive(), out, true);
        InitStage init = null;
        int console = -1;
        try {
            init = InitStage.spawn(sys, initBinary, exitFile, stdio.fds(), "glassbox-exec");
            // The shim joins the namespaces but the cgroup and mount ones; its child is born in the
            // container's v2 cgroup (or moved there), moves itself into the v1 ones while the host's
            // /sys/fs/cgroup is still its own, then joins those two: as a container's first process
            // joins its cgroup, without the kernel's machine-wide lock (JoinCgroupStep.moveIn).
            List<String> join = new ArrayList<>(), later = new ArrayList<>();
            for (String t : ORDER) if (!sameNamespace(c.pid(), t)) (t.equals("cgroup") || t.equals("mnt") ? later : join).add(t);
            init.setns(c.pid(), join);
            int child = init.clone(0, cgroup.v2Dir());
            InitStage.Batch b = init.batch();
            dev.glassbox.runtime.step.JoinCgroupStep.moveIn(cgroup, init, b);
            for (String t : later) b.call("joinns", String.valueOf(c.pid()), t);
            String mask = "0x" + Long.toHexString(r.capMask());
            b.call("capbset_keep", mask, String.valueOf(r.lastCap()));
            b.call("setgroups");
            b.call("setresgid", String.valueOf(r.gid()));
            b.call("setresuid", String.valueOf(r.uid()));
            if (r.uid() == 0) b.call("capset", mask, mask, "0");
            if (!asked.privileged()) b.call("no_new_privs");
            if (req.tty()) {
                b.run();
                console = containerTerminal(sys, init);
                b.call("setsid");
                b.call("ctty");
            }
            b.call("chdir", r.workingDir());
            init.exec(b, r.argv().get(0), r.argv(), r.env());
            init.close();
            int shim = init.shimPid();
            // The client takes the terminal (or stdin socket) from the engine's own copy, not the
            // shim's: a short command's shim may be gone by then, and its output with it.
            int held = console >= 0 ? console : req.tty() || req.interactive() ? stdio.takeShimSide() : -1;
            Exec e = new Exec(execId, child,
                    held < 0 ? null : new ContainerService.Attach((int) ProcessHandle.current().pid(), held, req.tty()), out);
            stdio.close();
            Thread.ofPlatform().daemon().name("exec-" + execId).start(() -> e.reap(sys, shim, exitFile, held));
            return e;
        } catch (InitStage.ExecFailed ex) {
            sys.closeQuietly(console);
            reapQuietly(sys, init);
            stdio.close();
            deleteQuietly(out);
            deleteQuietly(exitFile);
            throw new ContainerException(ex.exitCode() == 127 ? 404 : 400, "OCI runtime exec failed: " + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            sys.closeQuietly(console);
            if (init != null) {
                try {
                    if (init.initPid() > 0) sys.kill(init.initPid(), dev.glassbox.sys.Kernel.SIGKILL);
                    sys.kill(init.shimPid(), dev.glassbox.sys.Kernel.SIGKILL);
                } catch (SysException ignored) {
                    // already gone
                }
                reapQuietly(sys, init);
            }
            stdio.close();
            deleteQuietly(out);
            deleteQuietly(exitFile);
            throw ex;
        }
    }

    /**
     * A terminal in the container's own devpts, as for its PID 1 (see MountsStep): the exec's
     * init opens it (it is in the container's mount namespace already) and hands the master to
     * its shim; the engine's copy. -1, keeping the host's pty, when the container has no devpts
     * of its own to open it in.
     */
    private static int containerTerminal(Syscalls sys, InitStage init) {
        String[] got;
        try {
            got = init.call("console", "/dev/pts/ptmx").split(" ");
        } catch (RuntimeException noDevpts) {
            return -1;
        }
        return sys.takeFd(init.initPid(), Integer.parseInt(got[1]));
    }

    private static byte[] longBytes() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static List<String> merge(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a == null ? List.of() : a);
        if (b != null) out.addAll(b);
        return out;
    }

    private static boolean sameNamespace(int pid, String type) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type))
                    .equals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + type)));
        } catch (IOException e) {
            return false;
        }
    }

    private static void reapQuietly(Syscalls sys, InitStage init) {
        if (init == null) return;
        try {
            init.close();
            sys.waitpid(init.shimPid(), 0);
        } catch (SysException e) {
            if (e.errno() != Errno.ECHILD) throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** How long the engine keeps its copy of an ended exec's terminal for a client still to take it. */
    private static final long KEEP_FOR_CLIENT_MILLIS = 10_000;

    private void reap(Syscalls sys, int shim, Path exitFile, int held) {
        int code;
        try {
            int[] st = sys.waitpid(shim, 0);
            code = ContainerRuntime.exitCode(st[1]);
        } catch (SysException e) {
            code = 255;
        }
        deleteQuietly(exitFile);
        exit.complete(code);
        if (held < 0) return;
        try {
            Thread.sleep(KEEP_FOR_CLIENT_MILLIS);
        } catch (InterruptedException ignored) {
            // the engine stops: close it now
        }
        sys.closeQuietly(held);
    }

    @Override public String id() { return id; }

    @Override public int pid() { return pid; }

    @Override public ContainerService.Attach attach() { return attach; }

    @Override public Path output() { return output; }

    @Override
    public int await() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** For the engine's exec registry. */
    Map<String, Object> describe() {
        return Map.of("ID", id, "Pid", pid, "Running", !exit.isDone());
    }
}
