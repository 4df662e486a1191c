/*
 * glassbox-init: the small C stage of Glassbox.
 *
 * Why C at all: the JVM is multi-threaded before main() runs, and after fork() a JVM child
 * may not run Java code before execve(). Some steps of making a container must happen in
 * the container's first process, between clone() and execve(): sethostname, mounts,
 * pivot_root, dropping capabilities. This program performs exactly those, ONE COMMAND AT A
 * TIME, on orders from Java, and reports each result with errno. It makes no decision:
 * every path, flag and value comes from Java. (runc solves the same problem for Go with
 * its C "nsexec" stage.)
 *
 * It also stays as the container's parent (a shim): when the container's PID 1 exits, the
 * shim writes its wait status to a file, so the exit status is never lost, even if the
 * Glassbox engine restarted meanwhile.
 *
 * Usage: glassbox-init EXIT-FILE      (fd 3: the control socket, SOCK_SEQPACKET)
 *        glassbox-init -              started ahead of time: it waits for "adopt EXIT-FILE",
 *                                     which brings the container's stdio (SCM_RIGHTS)
 *
 * Protocol: one request per datagram, fields separated by NUL bytes:
 *     name \0 arg1 \0 arg2 ...
 * one reply per request:
 *     "ok" [\0 value]          or          "err" \0 errno \0 what-failed
 * A step sends its commands in one datagram, so that the two processes take turns once per
 * step and not once per mount (each field count first, then the command's fields):
 *     "batch" \0 N1 \0 name \0 arg ... \0 N2 \0 name \0 arg ...
 * they run in order and the first failure stops the rest:
 *     "ok" \0 count            or          "err" \0 errno \0 what-failed \0 index
 *
 *   Java (engine)                      shim (this program)             container init
 *   -------------                      -------------------             --------------
 *   posix_spawn(glassbox-init) ------> [shim stage]
 *   "setns PID TYPES" (exec only) ---> setns() each ------> ok
 *   "clone FLAGS [CGROUP]" ----------> clone3() --------------------->  [init stage]
 *                   <----------------- ok \0 child-pid [" cgroup": born in CGROUP, a v2 directory]
 *                                      stops reading fd 3, closes it;
 *                                      waitpid(child) ... writes EXIT-FILE
 *   "sethostname NAME" ------------------------------------------------> sethostname()
 *                   <--------------------------------------------------- ok
 *   "mount SRC DST TYPE FLAGS DATA" -----------------------------------> mount()
 *   "console PTMX" (-t) -----------------------------------------------> a pty in its devpts
 *                                      keeps its master as fd 4 <------ SCM_RIGHTS
 *                   <--------------------------------------------------- ok \0 "N FD"
 *   ...
 *   "exec PATH ARGC ARGV... ENV..." -----------------------------------> execve()
 *                   <----------- (fd 3 is close-on-exec: EOF means exec succeeded)
 *                   <----------- or "err" errno, and the init exits 126/127
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CONTROL_FD 3
#define MAX_MSG 65536
#define MAX_ARGS 4096

static char msg[MAX_MSG + 1];
static char *fields[MAX_ARGS];  /* the request's fields */
static int nfields;
static char **argv_;            /* the command being run: all the fields, or one command of a batch */
static int argc_;
static int exit_dir_fd = -1;   /* the directory of EXIT-FILE, opened before any setns */
/* Between the shim and the container init until exec (seqpacket: the shim sees the end when the
 * init execs or dies): the init hands the shim the master of
 * the terminal it opens in the container's own devpts ("console"), which the shim keeps as fd 4. */
static int console_sock[2] = {-1, -1};
static char exit_name[256];     /* its name in that directory */

/* Descriptors that came with the request being served (SCM_RIGHTS): only "adopt" takes them;
 * any other request's are closed before the next one is read. */
#define MAX_RECV_FDS 4
static int recv_fds[MAX_RECV_FDS];
static int nrecv_fds;

/* ---- replies ------------------------------------------------------------------------ */

/* A command's outcome is kept here until it is sent: a batch sends one reply for all its commands. */
static char out_buf[1024];
static size_t out_len;
static int out_failed;
static int batch_index = -1; /* the command of a batch being run, -1 outside one */

static void reply_ok(const char *value) {
    size_t n = 2;
    memcpy(out_buf, "ok", 2);
    if (value) {
        size_t v = strlen(value);
        if (v > 250) v = 250;
        out_buf[n++] = '\0';
        memcpy(out_buf + n, value, v);
        n += v;
    }
    out_len = n;
    out_failed = 0;
}

static void reply_err(int err, const char *what) {
    int n = snprintf(out_buf, sizeof(out_buf) - 16, "err%c%d%c%s", 0, err, 0, what);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof(out_buf) - 16) n = sizeof(out_buf) - 17;
    out_len = (size_t)n;
    out_failed = 1;
}

/* Reply with the outcome of a call that returns -1 and sets errno on failure. */
static void result(int rc, const char *what) {
    if (rc < 0)
        reply_err(errno, what);
    else
        reply_ok(NULL);
}

/* Sends the reply kept; a failure inside a batch says which of its commands failed. */
static void send_reply(void) {
    if (out_failed && batch_index >= 0)
        out_len += (size_t)snprintf(out_buf + out_len, 16, "%c%d", 0, batch_index);
    while (send(CONTROL_FD, out_buf, out_len, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

/* ---- requests ----------------------------------------------------------------------- */

/* Reads one request into argv_/argc_. Returns 0 at end of stream. */
static int read_request(void) {
    for (int i = 0; i < nrecv_fds; i++)
        if (recv_fds[i] >= 0) close(recv_fds[i]);
    nrecv_fds = 0;
    char ctl[CMSG_SPACE(sizeof(int) * MAX_RECV_FDS)];
    struct iovec iov = {msg, MAX_MSG};
    struct msghdr mh = {0};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl;
    mh.msg_controllen = sizeof(ctl);
    ssize_t n;
    do {
        n = recvmsg(CONTROL_FD, &mh, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); n > 0 && cm; cm = CMSG_NXTHDR(&mh, cm)) {
        if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) continue;
        int count = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
            if (nrecv_fds < MAX_RECV_FDS) recv_fds[nrecv_fds++] = fd;
            else close(fd);
        }
    }
    if (n <= 0) return 0;
    msg[n] = '\0';
    nfields = 0;
    char *p = msg, *end = msg + n;
    while (p <= end && nfields < MAX_ARGS) {
        fields[nfields++] = p;
        p += strlen(p) + 1;
    }
    argv_ = fields;
    argc_ = nfields;
    return 1;
}

/*
 * batch N1 CMD ARG... N2 CMD ARG...: runs each command with `run`, in order, and stops at the
 * first that fails. One reply: "ok" and how many ran, or the failure and its index.
 */
static void run_batch(void (*run)(void)) {
    int i = 1, count = 0;
    while (i < nfields) {
        int n = atoi(fields[i]);
        if (n < 1 || i + 1 + n > nfields) {
            batch_index = count;
            reply_err(EINVAL, "batch: bad field count");
            return;
        }
        argv_ = fields + i + 1;
        argc_ = n;
        batch_index = count;
        run();
        if (out_failed) return;
        i += 1 + n;
        count++;
    }
    batch_index = -1;
    char value[16];
    snprintf(value, sizeof(value), "%d", count);
    reply_ok(value);
}

/* One request: a command or a batch of them, then its one reply. */
static void serve(void (*run)(void)) {
    batch_index = -1;
    if (!strcmp(fields[0], "batch"))
        run_batch(run);
    else
        run();
    send_reply();
}

static int need(int count) {
    if (argc_ - 1 < count) {
        reply_err(EINVAL, "missing arguments");
        return 0;
    }
    return 1;
}

static const char *nullable(const char *s) { return s[0] ? s : NULL; }

/* ---- the container init's commands ---------------------------------------------------- */

/* pivot_root(2) has no glibc wrapper. */
static int pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

/* Keeps in the bounding set only the capabilities in `keep`; drops the others. */
static int capbset_keep(uint64_t keep, int last_cap) {
    for (int cap = 0; cap <= last_cap; cap++) {
        if (keep & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) return -1;
    }
    return 0;
}

/* capset(2) version 3: two 32-bit words per set. */
static int capset_all(uint64_t eff, uint64_t perm, uint64_t inh) {
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    data[0].effective = (uint32_t)eff;
    data[1].effective = (uint32_t)(eff >> 32);
    data[0].permitted = (uint32_t)perm;
    data[1].permitted = (uint32_t)(perm >> 32);
    data[0].inheritable = (uint32_t)inh;
    data[1].inheritable = (uint32_t)(inh >> 32);
    return (int)syscall(SYS_capset, &hdr, data);
}

/* Brings a network interface up (SIOCSIFFLAGS); used for `lo` in a fresh net namespace. */
static int if_up(const char *name) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
    if (rc == 0) {
        ifr.ifr_flags |= IFF_UP;
        rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* Writes `data` to an existing file (e.g. /proc/self/oom_score_adj). */
static int write_file(const char *path, const char *data) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t len = (ssize_t)strlen(data), n = write(fd, data, (size_t)len);
    int saved = errno;
    close(fd);
    errno = saved;
    return n == len ? 0 : -1;
}

/*
 * mask PATH: hide a host-facing path as Docker does: /dev/null bound over a file, an empty
 * read-only tmpfs over a directory, nothing when it does not exist. The bind tells which it
 * is (a file cannot be bound onto a directory: ENOTDIR), so nobody has to look first.
 */
static int mask_path(const char *path) {
    if (mount("/dev/null", path, NULL, MS_BIND, NULL) == 0 || errno == ENOENT) return 0;
    if (errno != ENOTDIR) return -1;
    return mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0");
}

/*
 * exec PATH ARGC ARG0..ARGn ENV0..ENVm: like execvpe(3), searching PATH from the given
 * environment when PATH has no '/'. On failure, reports errno and exits 127 (not found)
 * or 126 (not executable), the exit codes a shell and Docker use.
 */
static void do_exec(void) {
    if (!need(2)) return;
    const char *file = argv_[1];
    int n = atoi(argv_[2]);
    if (n < 1 || 3 + n > argc_) {
        reply_err(EINVAL, "exec: bad argument count");
        return;
    }
    /* argv and envp each need their own NULL-terminated array */
    static char *args[MAX_ARGS + 1], *env[MAX_ARGS + 1];
    for (int i = 0; i < n; i++) args[i] = argv_[3 + i];
    args[n] = NULL;
    int e = 0;
    for (int i = 3 + n; i < argc_; i++) env[e++] = argv_[i];
    env[e] = NULL;
    /* Make execvpe search the container's PATH, not ours. */
    for (char **e = env; *e; e++)
        if (strncmp(*e, "PATH=", 5) == 0) setenv("PATH", *e + 5, 1);
    execvpe(file, args, env);
    int err = errno;
    reply_err(err, "exec");
    send_reply();
    _exit(err == ENOENT ? 127 : 126);
}

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

/* Sends one descriptor over a unix socket (SCM_RIGHTS). */
static int send_fd(int sock, int fd) {
    char byte = 0, ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {&byte, 1};
    struct msghdr mh = {0};
    memset(ctl, 0, sizeof(ctl));
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl;
    mh.msg_controllen = sizeof(ctl);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof(int));
    return sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/*
 * console PTMX: a terminal in the container's own devpts (as runc makes it), so that inside
 * it is /dev/pts/N and `tty` and `ps` name it: opens PTMX, unlocks it, makes its peer our
 * stdin, stdout and stderr, and hands the master to the shim. Replies "N MASTER-FD": the
 * engine takes its own copy of MASTER-FD with pidfd_getfd(2) before the next command.
 */
static void do_console(void) {
    if (!need(1)) return;
    int m = open(argv_[1], O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) {
        reply_err(errno, "open ptmx");
        return;
    }
    int unlock = 0, n = -1, s = -1;
    if (ioctl(m, TIOCSPTLCK, &unlock) < 0 || ioctl(m, TIOCGPTN, &n) < 0 ||
        (s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY)) < 0) {
        int err = errno;
        close(m);
        reply_err(err, "ioctl(TIOCGPTPEER)");
        return;
    }
    if (dup2(s, 0) < 0 || dup2(s, 1) < 0 || dup2(s, 2) < 0 || send_fd(console_sock[1], m) < 0) {
        int err = errno;
        close(m);
        if (s > 2) close(s);
        reply_err(err, "console");
        return;
    }
    if (s > 2) close(s);
    char value[64];
    snprintf(value, sizeof(value), "%d %d", n, m);
    reply_ok(value);
}

/* One command of the container init. */
static void init_command(void) {
    const char *c = argv_[0];
    if (!strcmp(c, "sethostname")) {
        if (need(1)) result(sethostname(argv_[1], strlen(argv_[1])), "sethostname");
    } else if (!strcmp(c, "mount")) {
        if (need(5))
            result(mount(nullable(argv_[1]), argv_[2], nullable(argv_[3]), strtoul(argv_[4], NULL, 0),
                         nullable(argv_[5])),
                   "mount");
    } else if (!strcmp(c, "mask")) {
        if (need(1)) result(mask_path(argv_[1]), "mount");
    } else if (!strcmp(c, "umount2")) {
        if (need(2)) result(umount2(argv_[1], atoi(argv_[2])), "umount2");
    } else if (!strcmp(c, "mkdir")) {
        if (need(2)) {
            int rc = mkdir(argv_[1], (mode_t)strtoul(argv_[2], NULL, 8));
            result(rc < 0 && errno == EEXIST ? 0 : rc, "mkdir");
        }
    } else if (!strcmp(c, "mknod")) {
        /* mknod PATH MODE(octal, with type bits) MAJOR MINOR */
        if (need(4)) {
            unlink(argv_[1]);
            int rc = mknod(argv_[1], (mode_t)strtoul(argv_[2], NULL, 8),
                           makedev(strtoul(argv_[3], NULL, 10), strtoul(argv_[4], NULL, 10)));
            if (rc == 0) rc = chmod(argv_[1], (mode_t)strtoul(argv_[2], NULL, 8) & 07777);
            result(rc, "mknod");
        }
    } else if (!strcmp(c, "touch")) {
        /* a mount point: made when missing; one that is there is not opened for writing, which on
           overlayfs would copy it up from a lower layer (the init layer has them) */
        if (need(1)) {
            int fd = open(argv_[1], O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
            if (fd >= 0) close(fd);
            result(fd < 0 && errno == EEXIST ? 0 : fd, "open");
        }
    } else if (!strcmp(c, "symlink")) {
        if (need(2)) {
            int rc = symlink(argv_[1], argv_[2]);
            result(rc < 0 && errno == EEXIST ? 0 : rc, "symlink");
        }
    } else if (!strcmp(c, "chdir")) {
        if (need(1)) result(chdir(argv_[1]), "chdir");
    } else if (!strcmp(c, "pivot_root")) {
        if (need(2)) result(pivot_root(argv_[1], argv_[2]), "pivot_root");
    } else if (!strcmp(c, "unshare")) {
        if (need(1)) result(unshare((int)strtoul(argv_[1], NULL, 0)), "unshare");
    } else if (!strcmp(c, "joinns")) {
        /* joinns PID TYPE: e.g. --network container:<name> joins that container's net namespace */
        if (need(2)) {
            char path[64];
            snprintf(path, sizeof(path), "/proc/%s/ns/%s", argv_[1], argv_[2]);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            int rc = fd < 0 ? -1 : setns(fd, 0);
            int err = errno;
            if (fd >= 0) close(fd);
            errno = err;
            result(rc, "setns");
        }
    } else if (!strcmp(c, "ifup")) {
        if (need(1)) result(if_up(argv_[1]), "ioctl(SIOCSIFFLAGS)");
    } else if (!strcmp(c, "write")) {
        if (need(2)) result(write_file(argv_[1], argv_[2]), "write");
    } else if (!strcmp(c, "capbset_keep")) {
        if (need(2)) result(capbset_keep(strtoull(argv_[1], NULL, 0), atoi(argv_[2])), "prctl(PR_CAPBSET_DROP)");
    } else if (!strcmp(c, "capset")) {
        if (need(3))
            result(capset_all(strtoull(argv_[1], NULL, 0), strtoull(argv_[2], NULL, 0), strtoull(argv_[3], NULL, 0)),
                   "capset");
    } else if (!strcmp(c, "setgroups")) {
        /* setgroups GID... (none: empty list) */
        gid_t groups[64];
        int n = 0;
        for (int i = 1; i < argc_ && n < 64; i++)
            if (argv_[i][0]) groups[n++] = (gid_t)strtoul(argv_[i], NULL, 10);
        result(setgroups((size_t)n, groups), "setgroups");
    } else if (!strcmp(c, "setresgid")) {
        if (need(1)) {
            gid_t g = (gid_t)strtoul(argv_[1], NULL, 10);
            result(setresgid(g, g, g), "setresgid");
        }
    } else if (!strcmp(c, "setresuid")) {
        if (need(1)) {
            uid_t u = (uid_t)strtoul(argv_[1], NULL, 10);
            result(setresuid(u, u, u), "setresuid");
        }
    } else if (!strcmp(c, "no_new_privs")) {
        result(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");
    } else if (!strcmp(c, "console")) {
        do_console();
    } else if (!strcmp(c, "setsid")) {
        result(setsid(), "setsid");
    } else if (!strcmp(c, "ctty")) {
        /* make fd 0, a terminal, our controlling terminal (we are a session leader) */
        result(ioctl(0, TIOCSCTTY, 0), "ioctl(TIOCSCTTY)");
    } else if (!strcmp(c, "exec")) {
        do_exec();
    } else if (!strcmp(c, "exit")) {
        int code = need(1) ? atoi(argv_[1]) : 1;
        reply_ok(NULL);
        send_reply();
        _exit(code);
    } else {
        reply_err(ENOSYS, c);
    }
}

/* The container init: serves commands until exec. */
static void init_stage(void) {
    while (read_request()) serve(init_command);
    /* Java went away before exec: nothing to run. */
    _exit(125);
}

/* ---- the shim ----------------------------------------------------------------------- */

/* setns PID TYPE... : joins the namespaces of PID, in the order given (for `exec`). */
static void do_setns(void) {
    if (!need(2)) return;
    for (int i = 2; i < argc_; i++) {
        if (!argv_[i][0]) continue;
        char path[64];
        snprintf(path, sizeof(path), "/proc/%s/ns/%s", argv_[1], argv_[i]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || setns(fd, 0) < 0) {
            int err = errno;
            if (fd >= 0) close(fd);
            reply_err(err, path);
            return;
        }
        close(fd);
    }
    reply_ok(NULL);
}

/*
 * Writes the wait status atomically: temp file, then rename, so a reader sees all of it or
 * nothing. No fsync: the file lives under the run directory (/run, lost at a reboot with
 * the container itself), and a process's exit is run state, not data. Relative to a
 * directory fd opened at start, because after `setns` into a mount namespace our paths
 * would resolve in the container's tree.
 */
static void record_exit(int status) {
    char tmp[512], text[64];
    snprintf(tmp, sizeof(tmp), "%s.tmp", exit_name);
    int len = snprintf(text, sizeof(text), "%d\n", status);
    int fd = openat(exit_dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (write(fd, text, (size_t)len) == len) {
        close(fd);
        renameat(exit_dir_fd, tmp, exit_dir_fd, exit_name);
        return;
    }
    close(fd);
    unlinkat(exit_dir_fd, tmp, 0);
}

/* The shim: waits for the container's init, records how it ended, exits the same way. */
static void shim_wait(pid_t child) {
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            status = 255 << 8;
            break;
        }
    }
    record_exit(status);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/*
 * Until the init execs (its end of console_sock is close-on-exec) or dies, it may hand us the
 * master of the container's terminal: we keep it as fd 4, where the engine finds it again
 * after a restart. Nothing comes when the container has no terminal.
 */
static void adopt_console(void) {
    if (console_sock[0] < 0) return;
    char byte, ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {&byte, 1};
    struct msghdr mh = {0};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl;
    mh.msg_controllen = sizeof(ctl);
    ssize_t n;
    do {
        n = recvmsg(console_sock[0], &mh, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    struct cmsghdr *cm = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL;
    if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
        int fd;
        memcpy(&fd, CMSG_DATA(cm), sizeof(int));
        dup3(fd, 4, O_CLOEXEC);
        close(fd);
    }
    close(console_sock[0]);
}

/* clone3(2)'s arguments, as far as CLONE_INTO_CGROUP (Linux 5.7). */
struct clone_args_v2 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/*
 * The child is born in its cgroup when CGROUP (a cgroup v2 directory) is given and the kernel
 * has clone3's CLONE_INTO_CGROUP: nothing has to move it there afterwards, which on a busy
 * machine is the slowest part of a start (a move waits for an RCU grace period). Otherwise a
 * plain clone(2), and the engine moves it. Fork semantics either way: the child continues here.
 */
static long clone_child(unsigned long flags, const char *cgroup, int *in_cgroup) {
    *in_cgroup = 0;
    if (cgroup && cgroup[0]) {
        int fd = open(cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            struct clone_args_v2 args;
            memset(&args, 0, sizeof(args));
            args.flags = flags | CLONE_INTO_CGROUP;
            args.exit_signal = SIGCHLD;
            args.cgroup = (uint64_t)fd;
            long pid = syscall(SYS_clone3, &args, sizeof(args));
            int err = errno;
            close(fd); /* the child has its own copy of the descriptor table */
            if (pid >= 0) {
                *in_cgroup = 1;
                return pid;
            }
            errno = err; /* an older kernel, or a cgroup it refuses: the engine moves the child instead */
        }
    }
    return syscall(SYS_clone, flags | SIGCHLD, 0, NULL, NULL, 0);
}

static void do_clone(void) {
    if (!need(1)) return;
    unsigned long flags = strtoul(argv_[1], NULL, 0);
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, console_sock) < 0) console_sock[0] = console_sock[1] = -1;
    int in_cgroup;
    long pid = clone_child(flags, argc_ > 2 ? argv_[2] : NULL, &in_cgroup);
    if (pid < 0) {
        reply_err(errno, "clone");
        return;
    }
    if (pid == 0) {
        if (console_sock[0] >= 0) close(console_sock[0]);
        init_stage(); /* never returns */
    }
    if (console_sock[1] >= 0) close(console_sock[1]);
    char value[32];
    snprintf(value, sizeof(value), "%ld%s", pid, in_cgroup ? " cgroup" : "");
    reply_ok(value);
    send_reply();
    /* From here on the control socket belongs to the child. */
    close(CONTROL_FD);
    adopt_console();
    shim_wait((pid_t)pid);
}

/* Where the shim records the container's end: EXIT-FILE's directory, opened now (before any
 * setns), and its name there. Returns 0, or -1 with errno and *what set. */
static int set_exit_file(const char *path, const char **what) {
    const char *slash = strrchr(path, '/');
    if (path[0] != '/' || !slash[1] || strlen(slash + 1) >= sizeof(exit_name)) {
        *what = "EXIT-FILE must be an absolute file path";
        errno = EINVAL;
        return -1;
    }
    char dir[4096];
    size_t len = (size_t)(slash - path);
    if (len >= sizeof(dir)) {
        *what = "EXIT-FILE's directory is too long";
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(dir, path, len);
    dir[len] = '\0';
    int fd = open(len ? dir : "/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *what = "open EXIT-FILE's directory";
        return -1;
    }
    exit_dir_fd = fd;
    snprintf(exit_name, sizeof(exit_name), "%s", slash + 1);
    return 0;
}

/*
 * adopt EXIT-FILE, with 3 or 4 descriptors (SCM_RIGHTS): a glassbox-init started ahead of time
 * (glassbox-init -) becomes one container's shim. They become its fds 0, 1, 2 and 4, as the
 * engine would have given them at its start.
 */
static void do_adopt(void) {
    static const int targets[MAX_RECV_FDS] = {0, 1, 2, 4};
    if (!need(1)) return;
    if (exit_dir_fd >= 0) {
        reply_err(EBUSY, "adopt: it is the shim of a container already");
        return;
    }
    if (nrecv_fds < 3) {
        reply_err(EINVAL, "adopt: stdin, stdout and stderr expected (SCM_RIGHTS)");
        return;
    }
    for (int i = 0; i < nrecv_fds; i++) {
        if (recv_fds[i] == targets[i]) {
            recv_fds[i] = -1; /* already in place: not to be closed with the rest */
        } else if (dup2(recv_fds[i], targets[i]) < 0) {
            reply_err(errno, "dup2");
            return;
        }
    }
    if (nrecv_fds == 3) close(4); /* nothing kept for the engine */
    else fcntl(4, F_SETFD, FD_CLOEXEC);
    const char *what = "adopt";
    result(set_exit_file(argv_[1], &what), what);
}

/* One command of the shim. */
static void shim_command(void) {
    if (!strcmp(argv_[0], "adopt"))
        do_adopt();
    else if (exit_dir_fd < 0)
        reply_err(EINVAL, "adopt comes first: this glassbox-init has no container yet");
    else if (!strcmp(argv_[0], "setns"))
        do_setns();
    else if (!strcmp(argv_[0], "clone"))
        do_clone();
    else if (!strcmp(argv_[0], "exit")) {
        reply_ok(NULL);
        send_reply();
        _exit(125);
    } else
        reply_err(ENOSYS, argv_[0]);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: glassbox-init EXIT-FILE (with the control socket on fd 3); "
                        "it is started by the Glassbox engine, not by hand\n");
        return 125;
    }
    /* Keep nothing of the parent but stdio, the control socket and fd 4 (a pty master or
     * stdin pipe the shim holds for the engine, closed in the container at exec). */
    syscall(SYS_close_range, 5, ~0U, 0);
    fcntl(4, F_SETFD, FD_CLOEXEC);
    fcntl(CONTROL_FD, F_SETFD, FD_CLOEXEC);

    const char *what;
    if (strcmp(argv[1], "-") != 0 && set_exit_file(argv[1], &what) < 0) {
        fprintf(stderr, "glassbox-init: %s: %s\n", what, strerror(errno));
        return 125;
    }
    while (read_request()) serve(shim_command);
    return 125;
}
