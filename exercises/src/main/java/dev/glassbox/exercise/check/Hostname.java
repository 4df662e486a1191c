package dev.glassbox.exercise.check;

import dev.glassbox.sys.Kernel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hostname in the target's UTS namespace. There is no /proc file for another namespace's
 * hostname, so a fresh thread joins that UTS namespace (setns(2) with CLONE_NEWUTS is allowed
 * to one thread of a multi-threaded process), asks gethostname(2), and ends.
 */
public record Hostname(Target of, String equals) implements Check {
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    public Hostname {
        Objects.requireNonNull(of, "hostname needs of: {container|process|...}");
        Objects.requireNonNull(equals, "hostname needs equals: NAME");
    }

    @Override
    public Observation evaluate(Machine m) throws InterruptedException {
        String nsFile = m.nsFile(of, dev.glassbox.inspect.NsType.UTS).toString();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("uts " + nsFile).daemon(true).start(() -> {
            try {
                int fd = m.sys().open(nsFile, O_RDONLY_CLOEXEC, 0);
                try {
                    m.sys().setns(fd, Kernel.CLONE_NEWUTS);
                } finally {
                    m.sys().close(fd);
                }
                result.set(m.sys().gethostname());
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        t.join();
        if (result.get() instanceof RuntimeException e) throw new Unresolved("cannot read the hostname of " + of.describe() + ": " + e.getMessage());
        String name = (String) result.get();
        return Observation.of(equals.equals(name), "hostname " + equals, "hostname " + name);
    }

    @Override public String view() { return NAMESPACES; }

    @Override public String describe() { return of.describe() + " has hostname " + equals; }
}
