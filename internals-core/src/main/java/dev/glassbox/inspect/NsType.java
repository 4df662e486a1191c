package dev.glassbox.inspect;

import dev.glassbox.sys.Kernel;
import java.util.Locale;

/** The eight namespace types of Linux (namespaces(7)), named as their files in /proc/PID/ns. */
public enum NsType {
    CGROUP(Kernel.CLONE_NEWCGROUP, "cgroup root directory"),
    IPC(Kernel.CLONE_NEWIPC, "System V IPC, POSIX message queues"),
    MNT(Kernel.CLONE_NEWNS, "mount points"),
    NET(Kernel.CLONE_NEWNET, "network devices, stacks, ports"),
    PID(Kernel.CLONE_NEWPID, "process IDs"),
    TIME(Kernel.CLONE_NEWTIME, "boot and monotonic clocks"),
    USER(Kernel.CLONE_NEWUSER, "user and group IDs, capabilities"),
    UTS(Kernel.CLONE_NEWUTS, "hostname and NIS domain name");

    private final int cloneFlag;
    private final String isolates;

    NsType(int cloneFlag, String isolates) {
        this.cloneFlag = cloneFlag;
        this.isolates = isolates;
    }

    /** The name of the file in /proc/PID/ns and of the type in lsns: {@code net}, {@code mnt}, ... */
    public String fileName() { return name().toLowerCase(Locale.ROOT); }

    /** The flag for clone(2), unshare(2) and setns(2), e.g. {@code CLONE_NEWNET}. */
    public int cloneFlag() { return cloneFlag; }

    /** What the namespace isolates, as namespaces(7) lists it. */
    public String isolates() { return isolates; }

    public static NsType ofFileName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
