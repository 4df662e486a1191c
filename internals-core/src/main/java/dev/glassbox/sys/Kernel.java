package dev.glassbox.sys;

/** Kernel constants, named as in the C headers so they can be looked up in the man pages. */
public final class Kernel {
    private Kernel() {}

    // <linux/sched.h>: namespace flags for clone(2), unshare(2), setns(2)
    public static final int CLONE_NEWTIME = 0x00000080, CLONE_NEWNS = 0x00020000, CLONE_NEWCGROUP = 0x02000000,
            CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000, CLONE_NEWUSER = 0x10000000,
            CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    // <sys/mount.h>
    public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16, MS_REMOUNT = 32,
            MS_DIRSYNC = 128, MS_NOATIME = 1024, MS_NODIRATIME = 2048, MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_PRIVATE = 1 << 18,
            MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20, MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24;
    public static final int MNT_FORCE = 1, MNT_DETACH = 2, UMOUNT_NOFOLLOW = 8;

    // <fcntl.h>
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_NOCTTY = 0400,
            O_TRUNC = 01000, O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_CLOEXEC = 02000000,
            O_PATH = 010000000;

    // <signal.h>
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGTERM = 15,
            SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGWINCH = 28;

    // <sys/socket.h>
    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, SOCK_STREAM = 1,
            SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 02000000, SOL_SOCKET = 1,
            SCM_RIGHTS = 1, MSG_DONTWAIT = 0x40, SHUT_WR = 1;

    // <sys/prctl.h>
    public static final int PR_SET_PDEATHSIG = 1, PR_CAPBSET_READ = 23, PR_CAPBSET_DROP = 24,
            PR_SET_CHILD_SUBREAPER = 36, PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39;

    // <linux/magic.h>: statfs f_type of the file systems Glassbox tells apart
    public static final long CGROUP_SUPER_MAGIC = 0x27e0eb, CGROUP2_SUPER_MAGIC = 0x63677270,
            TMPFS_MAGIC = 0x01021994, OVERLAYFS_SUPER_MAGIC = 0x794c7630, PROC_SUPER_MAGIC = 0x9fa0;

    // <asm-generic/ioctls.h>
    public static final long TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, TIOCSCTTY = 0x540E;

    // <linux/nsfs.h>
    public static final long NS_GET_USERNS = 0xb701, NS_GET_PARENT = 0xb702;

    /** System call numbers for calls glibc does not wrap; they differ per architecture. */
    public static final class Nr {
        private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));
        public static final long PIVOT_ROOT = AARCH64 ? 41 : 155;
        // the pidfd family was added after the tables were unified: same numbers everywhere
        public static final long PIDFD_SEND_SIGNAL = 424, PIDFD_OPEN = 434, PIDFD_GETFD = 438;

        private Nr() {}
    }
}
