/**
 * Control groups: the kernel's accounting and limits for a group of processes, which Docker
 * turns on with {@code --memory}, {@code --cpus} and {@code --pids-limit}.
 *
 * <p>Two versions exist. cgroup v1 mounts one tree per controller
 * ({@code /sys/fs/cgroup/memory}, {@code /sys/fs/cgroup/cpu}, ...), so a container has one
 * directory per controller. cgroup v2 has a single tree at {@code /sys/fs/cgroup} where a
 * parent hands controllers down through {@code cgroup.subtree_control}. A "hybrid" machine
 * has v1 controllers plus an empty v2 tree at {@code /sys/fs/cgroup/unified}; Glassbox treats
 * it as v1. Everything here is files: {@code mkdir} makes a cgroup, writing numbers to its
 * files sets limits, writing a PID to {@code cgroup.procs} moves a process in, {@code rmdir}
 * removes it.
 *
 * <p>Two sides: {@link dev.glassbox.cgroup.CgroupHierarchy} and
 * {@link dev.glassbox.cgroup.ContainerCgroup} create and change the cgroups Glassbox owns;
 * {@link dev.glassbox.cgroup.CgroupReader}, {@link dev.glassbox.cgroup.CgroupNode} and
 * {@link dev.glassbox.cgroup.UsageSampler} only read, and work on any process's cgroup
 * (Docker's, runc's, Podman's, the host's).
 */
package dev.glassbox.cgroup;
