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
 * until {@link #exec}.
 */
public final class InitStage implements AutoCloseable {
    private final Syscalls sys;
    private final int control;
    private final int shimPid;
    private int initPid;
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
        int[] pair = sys.socketpair(Kernel.AF_UNIX, Kernel.SOCK_SEQPACKET);
        try {
            Map<Integer, Integer> fds = new LinkedHashMap<>(stdio);
            fds.put(3, pair[1]);
            int pid = sys.spawn(binary.toString(), List.of(title, exitFile.toString()), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), fds);
            sys.close(pair[1]);
            return new InitStage(sys, pair[0], pid);
        } catch (RuntimeException e) {
            sys.close(pair[0]);
            try { sys.close(pair[1]); } catch (SysException ignored) { /* already closed */ }
            throw e;
        }
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
        String pid = request("clone", List.of("0x" + Integer.toHexString(flags)));
        initPid = Integer.parseInt(pid);
        return initPid;
    }

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
        List<String> args = new ArrayList<>();
        args.add(file);
        args.add(String.valueOf(argv.size()));
        args.addAll(argv);
        args.addAll(env);
        send("exec", args);
        byte[] buf = new byte[4096];
        int n = sys.recv(control, buf);
        if (n == 0) return;
        Reply r = Reply.parse(buf, n);
        if (r.ok()) return;
        throw new ExecFailed(file, r.errno());
    }

    private String request(String command, List<String> args) {
        send(command, args);
        byte[] buf = new byte[4096];
        int n = sys.recv(control, buf);
        if (n == 0) {
            throw new SysException("glassbox-init " + command, Errno.EPIPE, args.toArray());
        }
        Reply r = Reply.parse(buf, n);
        if (!r.ok()) throw new SysException(r.what(), r.errno(), args.toArray());
        return r.value();
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
        if (msg.length > 65536) throw new IllegalArgumentException(command + ": arguments longer than 64 KiB");
        sys.send(control, msg, msg.length);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sys.close(control);
        }
    }

    /** A reply: ok [value] or err errno what. */
    record Reply(boolean ok, String value, int errno, String what) {
        static Reply parse(byte[] buf, int n) {
            String[] f = new String(buf, 0, n, StandardCharsets.UTF_8).split("\0", -1);
            if (f[0].equals("ok")) return new Reply(true, f.length > 1 ? f[1] : null, 0, null);
            return new Reply(false, null, Integer.parseInt(f[1]), f.length > 2 ? f[2] : "?");
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
