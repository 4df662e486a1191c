package dev.glassbox.app;

import dev.glassbox.app.launch.DisplayEnv;
import dev.glassbox.engine.EnginePaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code glassbox lab}: opens the lab app on the desktop, talking to the same engine as the CLI. */
@Command(name = "lab", mixinStandardHelpOptions = true, description = {"Open the lab app: build a container step by step and watch the kernel live.",
        "Run it with sudo from a desktop session; the display is carried over."},
        footerHeading = "%nExamples:%n", footer = {"  sudo ./glassbox lab"})
public final class LabCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DisplayEnv.Result r = DisplayEnv.live().resolve();
        if (!r.ok()) {
            spec.commandLine().getErr().println("glassbox lab: " + r.error());
            return 125;
        }
        DisplayEnv.apply(r);
        Path root = null;
        CommandLine.Model.OptionSpec o = spec.parent() == null ? null : spec.parent().findOption("--root");
        if (o != null && o.getValue() != null) root = o.getValue();
        try {
            LabApp.launchApp(EnginePaths.of(root), new String[0]);
        } catch (RuntimeException e) {
            // the toolkit could not open the display (refused by the X server, no XWayland...)
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            spec.commandLine().getErr().println("glassbox lab: cannot open the window: " + m
                    + " (as root under Wayland, allow it first: xhost +si:localuser:root)");
            return 125;
        }
        return 0;
    }
}
