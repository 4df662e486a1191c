package dev.glassbox.app;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Waiting in TestFX tests. A condition on view-model properties is read on the FX thread (the
 * thread that writes them), and once it holds, the FX events already queued run before the test
 * goes on: a property's new value is visible before its listeners have rebuilt the scene, so a
 * test that looked up a node right after seeing the value could miss it.
 */
public final class FxWait {
    private FxWait() {}

    public static void until(int seconds, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Where the app's own background threads are: for the message of a wait that timed out. */
    public static String labThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("lab-") || e.getKey().getName().startsWith("JavaFX Application"))
                .map(e -> e.getKey().getName() + " " + e.getKey().getState() + "\n    "
                        + java.util.Arrays.stream(e.getValue()).limit(25).map(String::valueOf).collect(Collectors.joining("\n    ")))
                .collect(Collectors.joining("\n"));
    }
}
