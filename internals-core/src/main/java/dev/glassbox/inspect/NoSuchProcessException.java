package dev.glassbox.inspect;

/** The process to inspect does not exist (any more): its /proc directory is gone. */
public final class NoSuchProcessException extends RuntimeException {
    private final int pid;

    public NoSuchProcessException(int pid) {
        super("no process with PID " + pid + ": it has exited or never existed (see 'ps -e')");
        this.pid = pid;
    }

    public int pid() { return pid; }
}
