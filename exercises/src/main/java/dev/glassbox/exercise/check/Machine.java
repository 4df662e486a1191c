package dev.glassbox.exercise.check;

import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.exercise.directory.ContainerDirectory;
import dev.glassbox.exercise.directory.ContainerFacts;
import dev.glassbox.inspect.Inspector;
import dev.glassbox.inspect.NsType;
import dev.glassbox.inspect.ProcFs;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The live machine as checks read it: /proc through the inspectors, cgroups, the kernel (for
 * the few probes that must enter a namespace), and the engines' directory of containers.
 * Everything is read-only.
 */
public final class Machine {
    private final Inspector inspector;
    private final CgroupReader cgroups;
    private final ContainerDirectory directory;
    private final Syscalls sys;
    private final Path netnsDir;

    public Machine(Inspector inspector, CgroupReader cgroups, ContainerDirectory directory, Syscalls sys, Path netnsDir) {
        this.inspector = inspector;
        this.cgroups = cgroups;
        this.directory = directory;
        this.sys = sys;
        this.netnsDir = netnsDir;
    }

    /** This machine, finding containers in {@code directory}. */
    public static Machine live(ContainerDirectory directory) {
        return new Machine(new Inspector(), CgroupReader.host(), directory, Syscalls.linux(), Path.of("/run/netns"));
    }

    public Inspector inspector() { return inspector; }

    public ProcFs proc() { return inspector.proc(); }

    public CgroupReader cgroups() { return cgroups; }

    public ContainerDirectory directory() { return directory; }

    public Syscalls sys() { return sys; }

    /** The container named so, or Unresolved "no container named X". */
    public ContainerFacts container(String name) {
        return directory.find(name).orElseThrow(() -> new Unresolved("no container named " + name));
    }

    /** The host PID of the target's process; Unresolved with the reason when there is none. */
    public int pid(Target t) {
        if (t.isHost()) return hostPid();
        if (t.container() != null) {
            ContainerFacts c = container(t.container());
            if (!c.running()) throw new Unresolved("container " + t.container() + " is " + c.state() + ", not running");
            return c.pid();
        }
        if (t.pidFile() != null) {
            try {
                int pid = Integer.parseInt(Files.readString(Path.of(t.pidFile())).trim());
                if (!proc().exists(pid)) throw new Unresolved("PID " + pid + " from " + t.pidFile() + " is not running");
                return pid;
            } catch (IOException | NumberFormatException e) {
                throw new Unresolved("no PID in " + t.pidFile());
            }
        }
        if (t.process() != null) return newestProcess(t.process());
        throw new Unresolved(t.describe() + " is a network namespace, not a process");
    }

    /**
     * The process that stands for the host: PID 1, or kthreadd (PID 2) when a sandbox hides
     * PID 1's namespaces even from root, as the inspectors decide.
     */
    public int hostPid() {
        return inspector.scan().hostReference().map(e -> e.pid()).orElse(1);
    }

    /** The newest (highest PID, ignoring wrap-around) process whose command line matches {@code regex} in full. */
    public int newestProcess(String regex) {
        Pattern p = compile(regex);
        int self = (int) ProcessHandle.current().pid();
        int found = -1;
        for (int pid : proc().pids()) {
            if (pid == self) continue;
            List<String> argv = proc().cmdline(pid);
            if (argv.isEmpty()) continue;
            if (p.matcher(String.join(" ", argv)).matches() && pid > found) found = pid;
        }
        if (found < 0) throw new Unresolved("no process runs `" + regex + "`");
        return found;
    }

    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regular expression: " + regex + " (" + e.getDescription() + ")");
        }
    }

    /** The namespace file of the target: {@code /proc/PID/ns/TYPE}, or {@code /run/netns/NAME}. */
    public Path nsFile(Target t, NsType type) {
        if (t.netns() != null) {
            if (type != NsType.NET) throw new Unresolved("a named network namespace has no " + type.fileName() + " namespace");
            Path f = netnsDir.resolve(t.netns());
            if (!Files.exists(f)) throw new Unresolved("no network namespace named " + t.netns() + " (" + f + ")");
            return f;
        }
        return proc().dir(pid(t)).resolve("ns").resolve(type.fileName());
    }

    /** The inode of a namespace, as {@code ls -L -i} shows it. */
    public long nsInode(Target t, NsType type) {
        Path f = nsFile(t, type);
        try {
            return ((Number) Files.getAttribute(f, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new Unresolved("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** A path inside the target's root (through /proc/PID/root), or on the host for a null target. */
    public Path inside(Target t, String path) {
        if (t == null || t.isHost()) return Path.of(path);
        String rel = path.startsWith("/") ? path.substring(1) : path;
        return proc().dir(pid(t)).resolve("root").resolve(rel);
    }
}
