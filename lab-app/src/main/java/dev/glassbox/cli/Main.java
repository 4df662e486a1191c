package dev.glassbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code glassbox} command line: Docker's verbs, run by Glassbox's own runtime. */
@Command(name = "glassbox", mixinStandardHelpOptions = true, version = "glassbox 0.1.0",
        description = "Linux container internals, made visible.",
        subcommands = {CommandLine.HelpCommand.class,
                dev.glassbox.cli.quiz.QuizCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
