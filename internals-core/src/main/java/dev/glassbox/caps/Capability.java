package dev.glassbox.caps;

import java.util.Locale;
import java.util.Optional;

/**
 * The Linux capabilities, numbered as in {@code <linux/capability.h>} (see capabilities(7)).
 * Each carries its C name and one line on what it allows, for the app's grid.
 */
public enum Capability {
    CAP_CHOWN(0, "change file owners and groups (chown)"),
    CAP_DAC_OVERRIDE(1, "bypass file read, write and execute permission checks"),
    CAP_DAC_READ_SEARCH(2, "bypass file read and directory search permission checks"),
    CAP_FOWNER(3, "act as the owner of any file (chmod, utime, ...)"),
    CAP_FSETID(4, "keep set-user-ID and set-group-ID bits when modifying a file"),
    CAP_KILL(5, "send signals to processes of other users"),
    CAP_SETGID(6, "change group IDs and supplementary groups"),
    CAP_SETUID(7, "change user IDs"),
    CAP_SETPCAP(8, "drop capabilities from the bounding set, grant inheritable ones"),
    CAP_LINUX_IMMUTABLE(9, "set the immutable and append-only file flags"),
    CAP_NET_BIND_SERVICE(10, "bind to ports below 1024"),
    CAP_NET_BROADCAST(11, "broadcast and listen to multicast (unused)"),
    CAP_NET_ADMIN(12, "configure interfaces, routes, firewall, sockets"),
    CAP_NET_RAW(13, "use raw and packet sockets (ping, tcpdump)"),
    CAP_IPC_LOCK(14, "lock memory (mlock, huge pages)"),
    CAP_IPC_OWNER(15, "bypass permission checks on System V IPC objects"),
    CAP_SYS_MODULE(16, "load and unload kernel modules"),
    CAP_SYS_RAWIO(17, "raw I/O: ioperm, iopl, /dev/mem"),
    CAP_SYS_CHROOT(18, "call chroot and change mount namespaces with setns"),
    CAP_SYS_PTRACE(19, "trace and inspect any process (ptrace)"),
    CAP_SYS_PACCT(20, "switch process accounting on or off"),
    CAP_SYS_ADMIN(21, "the catch-all: mount, namespaces, many admin operations"),
    CAP_SYS_BOOT(22, "reboot and load a new kernel"),
    CAP_SYS_NICE(23, "raise priority, set real-time scheduling, CPU affinity of others"),
    CAP_SYS_RESOURCE(24, "exceed resource limits and quotas"),
    CAP_SYS_TIME(25, "set the system clock"),
    CAP_SYS_TTY_CONFIG(26, "configure terminals (vhangup)"),
    CAP_MKNOD(27, "create device files (mknod)"),
    CAP_LEASE(28, "take file leases on files one does not own"),
    CAP_AUDIT_WRITE(29, "write records to the kernel audit log"),
    CAP_AUDIT_CONTROL(30, "configure kernel auditing"),
    CAP_SETFCAP(31, "set file capabilities"),
    CAP_MAC_OVERRIDE(32, "override mandatory access control (Smack)"),
    CAP_MAC_ADMIN(33, "configure mandatory access control (Smack)"),
    CAP_SYSLOG(34, "read and clear the kernel log (syslog, dmesg)"),
    CAP_WAKE_ALARM(35, "set alarms that wake the system"),
    CAP_BLOCK_SUSPEND(36, "block system suspend"),
    CAP_AUDIT_READ(37, "read the audit log through netlink"),
    CAP_PERFMON(38, "use performance monitoring (perf_event_open)"),
    CAP_BPF(39, "load BPF programs and create BPF maps"),
    CAP_CHECKPOINT_RESTORE(40, "checkpoint and restore processes (set PIDs, read others' state)");

    private static final Capability[] BY_NUMBER = values();

    private final int number;
    private final String meaning;

    Capability(int number, String meaning) {
        this.number = number;
        this.meaning = meaning;
    }

    /** The bit number in a capability mask. */
    public int number() { return number; }

    /** The C name, e.g. {@code CAP_NET_ADMIN}. */
    public String cName() { return name(); }

    /** The name without its prefix, e.g. {@code NET_ADMIN}, as {@code docker --cap-add} takes it. */
    public String shortName() { return name().substring(4); }

    /** The name as libcap prints it, e.g. {@code cap_net_admin}. */
    public String libcapName() { return name().toLowerCase(Locale.ROOT); }

    /** One line on what the capability allows. */
    public String meaning() { return meaning; }

    /** The capability with bit {@code number}, if this enum knows it. */
    public static Optional<Capability> of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? Optional.of(BY_NUMBER[number]) : Optional.empty();
    }

    /** Looks up {@code NET_ADMIN}, {@code CAP_NET_ADMIN} or {@code cap_net_admin}, in any case. */
    public static Optional<Capability> byName(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (!upper.startsWith("CAP_")) upper = "CAP_" + upper;
        try {
            return Optional.of(valueOf(upper));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
