package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.runtime.init.InitBinary;
import dev.glassbox.runtime.step.CapabilitiesStep;
import dev.glassbox.runtime.step.ExecStep;
import dev.glassbox.runtime.step.HostnameStep;
import dev.glassbox.runtime.step.LoopbackStep;
import dev.glassbox.runtime.step.MaskedPathsStep;
import dev.glassbox.runtime.step.MountsStep;
import dev.glassbox.runtime.step.NamespacesStep;
import dev.glassbox.runtime.step.PivotRootStep;
import dev.glassbox.runtime.step.RootfsStep;
import dev.glassbox.runtime.step.SpawnInitStep;
import dev.glassbox.runtime.step.StepContext;
import dev.glassbox.runtime.step.StepEngine;
import dev.glassbox.runtime.step.StepReport;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RootOnly
class StepsTest {
    @TempDir Path tmp;

    @Test
    void stepsMakeAContainerThatRunsItsCommand() throws Exception {
        Syscalls sys = Syscalls.linux();
        Path rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        Path log = tmp.resolve("out.log");
        int out = sys.open(log.toString(), Kernel.O_WRONLY | Kernel.O_CREAT | Kernel.O_APPEND | Kernel.O_CLOEXEC, 0640);
        int in = sys.open("/dev/null", Kernel.O_RDONLY | Kernel.O_CLOEXEC, 0);
        ContainerSpec spec = new ContainerSpec("test1", "box", List.of(rootfs), tmp.resolve("upper"), tmp.resolve("work"),
                tmp.resolve("merged"), ContainerSpec.Namespaces.ALL, "glassbox-test/x", ContainerSpec.Resources.NONE,
                0xa80425fbL, 40, false, 0, 0, List.of(), List.of("sh", "-c", "hostname; echo pid=$$; ps; cat /etc/image-file; echo hi > /new; grep CapEff /proc/self/status"),
                List.of("PATH=/bin"), "/", false, null, tmp.resolve("exit"), InitBinary.extract(tmp.resolve("bin")),
                Map.of(0, in, 1, out, 2, out));
        StepContext ctx = new StepContext(sys, spec);
        StepEngine engine = new StepEngine(List.of(new RootfsStep(), new SpawnInitStep(), new NamespacesStep(),
                new LoopbackStep(), new HostnameStep(), new MountsStep(), new PivotRootStep(), new MaskedPathsStep(),
                new CapabilitiesStep(), new ExecStep()), ctx, null);
        try {
            for (StepReport r : engine.runAll()) {
                System.out.println("== " + r.title());
                r.changes().forEach(c -> System.out.println("   " + c));
            }
            int[] st = sys.waitpid(ctx.init().shimPid(), 0);
            System.out.println(Files.readString(log));
            assertEquals(0, st[1]);
            assertTrue(Files.readString(log).contains("box\npid=1\n"), Files.readString(log));
            assertTrue(Files.exists(tmp.resolve("upper/new")));
            assertEquals("0", Files.readString(tmp.resolve("exit")).trim());
        } finally {
            sys.close(out);
            sys.close(in);
            try { sys.umount2(tmp.resolve("merged").toString(), Kernel.MNT_DETACH); } catch (RuntimeException ignored) { }
        }
    }
}
