package dev.glassbox.engine;

import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.sys.Syscalls;

/**
 * Taking a descriptor out of another process: how a root client gets a container's terminal
 * (or stdin pipe) from the shim that keeps it, without the engine passing it over a socket.
 */
public final class Fds {
    private Fds() {}

    /** pidfd_open(shimPid) then pidfd_getfd(fd): our own copy of the descriptor the attach names. */
    public static int take(Syscalls sys, Attach attach) {
        return sys.takeFd(attach.shimPid(), attach.fd());
    }
}
