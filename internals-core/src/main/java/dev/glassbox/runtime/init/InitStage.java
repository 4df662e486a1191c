package dev.glassbox.runtime.init;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java's end of glassbox-init (see its source for the drawn protocol). Every command is one
 * datagram on a SOCK_SEQPACKET socketpair and gets one reply; a failed command becomes a
 * {@link SysException} naming the call and its arguments, as if Java had made it.
 *
 * <p>Life cycle: {@link #spawn} starts the shim; {@link #setns} (for exec) and
 * {@link #clone} talk to the shim; from then on {@link #call} talks to the container's init
 * until {@link #exec}. A step sends its commands together with {@link #batch}: the engine and
 * the init then take turns once per step, not once per command.
 */
public final class InitStage implements AutoCloseable {
    /** glassbox-init's MAX_MSG. */
    private static final int MAX_MESSAGE = 65536;

    private final Syscalls sys;
    private final int control;
    private final int shimPid;
    private int initPid;
    private boolean bornInCgroup;
    private boolean closed;

    private InitStage(Syscalls sys, int control, int shimPid) {
        this.sys = sys;
        this.control = control;
        this.shimPid = shimPid;
    }

    /**
     * Starts glassbox-init. {@code stdio} maps the shim's fds 0, 1, 2 (and 4, a descriptor
     * the shim keeps for the engine) to ours; fd 3 is the control socket.
     */
    public static InitStage spawn(Syscalls sys, Path binary, Path exitFile, Map<Integer, Integer> stdio, String title) {
        return spawn(sys, binary, exitFile.toString(), stdio, title);
    }

    private static InitStage spawn(Syscalls sys, Path binary, String exitFile, Map<Integer, Integer> stdio, String title) {
        int[] pair = sys.socketpair(Kernel.AF_UNIX, Kernel.SOCK_SEQPACKET);
        try {
            Map<Integer, Integer> fds = new LinkedHashMap<>(stdio);
            fds.put(3, pair[1]);
            int pid = sys.spawn(binary.toString(), List.of(title, exitFile), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), fds);
            sys.close(pair[1]);
            return new InitStage(sys, pair[0], pid);
        } catch (RuntimeException e) {
            sys.close(pair[0]);
            try { sys.close(pair[1]); } catch (SysException ignored) { /* already closed */ }
            throw e;
        }
    }

    /**
     * Starts a glassbox-init ahead of time, for a container to come ({@code glassbox-init -}): its
     * stdio is /dev/null until {@link #adopt} gives it the container's and its exit file.
     */
    public static InitStage spawnWaiting(Syscalls sys, Path binary, String title) {
        int devNull = sys.open("/dev/null", Kernel.O_RDWR | Kernel.O_CLOEXEC, 0);
        try {
            return spawn(sys, binary, "-", Map.of(0, devNull, 1, devNull, 2, devNull, 4, devNull), title);
        } finally {
            sys.close(devNull);
        }
    }

    /**
     * A glassbox-init from {@link #spawnWaiting} becomes a container's shim: {@code stdio} maps its
     * fds 0, 1, 2 (and 4) to ours, as {@link #spawn} would have, and it records the container's end
     * in {@code exitFile}. One turn: the descriptors go with the command (SCM_RIGHTS).
     */
    public void adopt(Path exitFile, Map<Integer, Integer> stdio) {
        List<Integer> targets = stdio.containsKey(4) ? List.of(0, 1, 2, 4) : List.of(0, 1, 2);
        int[] fds = new int[targets.size()];
        for (int i = 0; i < fds.length; i++) {
            Integer ours = stdio.get(targets.get(i));
            if (ours == null) throw new IllegalArgumentException("adopt: no descriptor for fd " + targets.get(i));
            fds[i] = ours;
        }
        byte[] msg = ("adopt\0" + exitFile).getBytes(StandardCharsets.UTF_8);
        sys.sendWithFds(control, msg, msg.length, fds);
        Reply r = receive("adopt", List.of(exitFile.toString()));
        if (!r.ok()) throw new SysException(r.what(), r.errno(), exitFile);
    }

    /** The shim: the container's parent, which records its exit status. */
    public int shimPid() { return shimPid; }

    /** The container's init (PID 1 inside), once cloned. */
    public int initPid() { return initPid; }

    /** Shim: join the namespaces of {@code pid}, in order (names as in /proc/PID/ns). */
    public void setns(int pid, List<String> types) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(pid));
        args.addAll(types);
        request("setns", args);
    }

    /** Shim: clone(2) the container's init with these namespace flags; returns its host PID. */
    public int clone(int flags) {
        return clone(flags, null);
    }

    /**
     * Shim: clone the container's init with these namespace flags, born in {@code cgroupV2Dir}
     * when given and the kernel can (clone3's CLONE_INTO_CGROUP, Linux 5.7); {@link #bornInCgroup}
     * says whether it was. Returns its host PID.
     */
    public int clone(int flags, Path cgroupV2Dir) {
        List<String> args = new ArrayList<>(List.of("0x" + Integer.toHexString(flags)));
        if (cgroupV2Dir != null) args.add(cgroupV2Dir.toString());
        String[] reply = request("clone", args).split(" ");
        initPid = Integer.parseInt(reply[0]);
        bornInCgroup = reply.length > 1 && reply[1].equals("cgroup");
        return initPid;
    }

    /** Whether {@link #clone} made the init inside the v2 cgroup it was given. */
    public boolean bornInCgroup() { return bornInCgroup; }

    /** Init: one command, e.g. {@code call("sethostname", "web")}; returns the reply's value or null. */
    public String call(String command, String... args) {
        return request(command, List.of(args));
    }

    /**
     * Init: execve the container's command. Returns once the kernel replaced the init's
     * program (the control socket is close-on-exec, so the end of stream is success).
     * Throws {@link ExecFailed} with errno when the program could not be executed.
     */
    public void exec(String file, List<String> argv, List<String> env) {
        exec(batch(), file, argv, env);
    }

    /** The commands of {@code before}, then execve, in one turn: a failure of theirs is a {@link SysException}. */
    public void exec(Batch before, String file, List<String> argv, List<String> env) {
        List<String> args = new ArrayList<>();
        args.add(file);
        args.add(String.valueOf(argv.size()));
        args.addAll(argv);
        args.addAll(env);
        before.call("exec", args.toArray(String[]::new));
        before.send();
        byte[] buf = new byte[4096];
        int n = sys.recv(control, buf);
        if (n == 0) return;
        Reply r = Reply.parse(buf, n);
        if (r.ok()) return;
        if (r.index() >= 0 && r.index() < before.commands.size() - 1) throw before.failure(r);
        throw new ExecFailed(file, r.errno());
    }

    /** Init: commands to send together, in order; the first that fails stops the rest. */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Commands for the init in one datagram and one reply. {@link #run} throws the failure of the
     * first command that failed, as {@link #call} would have, unless that command was added with
     * {@link #callTolerating}: then the commands after it still run.
     */
    public final class Batch {
        private final List<List<String>> commands = new ArrayList<>();
        private final List<Integer> tolerated = new ArrayList<>();

        private Batch() {}

        public Batch call(String command, String... args) {
            return callTolerating(0, command, args);
        }

        /** A command whose failure with {@code errno} is no failure of the batch (e.g. ENOENT). */
        public Batch callTolerating(int errno, String command, String... args) {
            List<String> fields = new ArrayList<>(args.length + 1);
            fields.add(command);
            fields.addAll(List.of(args));
            commands.add(fields);
            tolerated.add(errno);
            return this;
        }

        /** Sends them (in datagrams of at most 64 KiB) and waits for the init to have run them. */
        public void run() {
            int from = 0;
            while (from < commands.size()) {
                int to = chunkEnd(from);
                Reply r = exchange("batch", fields(from, to));
                from = r.ok() ? to : fail(r.index() < 0 ? r : r.at(from + r.index()));
            }
            commands.clear();
            tolerated.clear();
        }

        /** The end of the commands from {@code from} that fit in one datagram ("batch", then each count and its fields). */
        private int chunkEnd(int from) {
            int bytes = "batch".length(), to = from;
            while (to < commands.size()) {
                List<String> c = commands.get(to);
                int size = String.valueOf(c.size()).length() + 1;
                for (String f : c) size += f.getBytes(StandardCharsets.UTF_8).length + 1;
                if (to > from && bytes + size > MAX_MESSAGE) break;
                bytes += size;
                to++;
            }
            return to;
        }

        private List<String> fields(int from, int to) {
            List<String> fields = new ArrayList<>();
            for (List<String> c : commands.subList(from, to)) {
                fields.add(String.valueOf(c.size()));
                fields.addAll(c);
            }
            return fields;
        }

        /** All of them in one datagram, the reply left to the caller (exec's is the end of stream). */
        private void send() {
            if (chunkEnd(0) < commands.size()) throw new IllegalArgumentException("exec: arguments and environment longer than 64 KiB");
            InitStage.this.send("batch", fields(0, commands.size()));
        }

        /** Throws the failure of the command at {@code r.index()}, unless tolerated: then where to go on. */
        private int fail(Reply r) {
            if (r.index() < 0 || tolerated.get(r.index()) != r.errno()) throw failure(r);
            return r.index() + 1;
        }

        /** The failure as if the command had been a {@link #call} of its own. */
        private SysException failure(Reply r) {
            if (r.index() < 0) return new SysException(r.what(), r.errno());
            List<String> c = commands.get(r.index());
            return new SysException(r.what(), r.errno(), c.subList(1, c.size()).toArray());
        }
    }

    private String request(String command, List<String> args) {
        Reply r = exchange(command, args);
        if (!r.ok()) throw new SysException(r.what(), r.errno(), args.toArray());
        return r.value();
    }

    private Reply exchange(String command, List<String> args) {
        send(command, args);
        return receive(command, args);
    }

    private Reply receive(String command, List<String> args) {
        byte[] buf = new byte[4096];
        int n = sys.recv(control, buf);
        if (n == 0) {
            throw new SysException("glassbox-init " + command, Errno.EPIPE, args.toArray());
        }
        return Reply.parse(buf, n);
    }

    private void send(String command, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(command.getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            if (a.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL byte in argument of " + command);
            out.write(0);
            out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
        }
        byte[] msg = out.toByteArray();
        if (msg.length > MAX_MESSAGE) throw new IllegalArgumentException(command + ": arguments longer than 64 KiB");
        sys.send(control, msg, msg.length);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sys.close(control);
        }
    }

    /** A reply: ok [value] or err errno what [index of the failed command of a batch]. */
    record Reply(boolean ok, String value, int errno, String what, int index) {
        static Reply parse(byte[] buf, int n) {
            String[] f = new String(buf, 0, n, StandardCharsets.UTF_8).split("\0", -1);
            if (f[0].equals("ok")) return new Reply(true, f.length > 1 ? f[1] : null, 0, null, -1);
            return new Reply(false, null, Integer.parseInt(f[1]), f.length > 2 ? f[2] : "?", f.length > 3 ? Integer.parseInt(f[3]) : -1);
        }

        /** The same failure, its index counted from the first command of the whole batch. */
        Reply at(int index) {
            return new Reply(ok, value, errno, what, index);
        }
    }

    /** execve failed: errno tells why; Docker maps ENOENT to exit 127 and the rest to 126. */
    public static final class ExecFailed extends RuntimeException {
        private final int errno;

        ExecFailed(String file, int errno) {
            super(errno == Errno.ENOENT
                    ? "exec: \"" + file + "\": executable file not found in $PATH"
                    : "exec: \"" + file + "\": " + Errno.strerror(errno).toLowerCase());
            this.errno = errno;
        }

        public int errno() { return errno; }

        public int exitCode() { return errno == Errno.ENOENT ? 127 : 126; }
    }
}
