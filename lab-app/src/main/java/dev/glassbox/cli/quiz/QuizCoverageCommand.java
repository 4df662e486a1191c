package dev.glassbox.cli.quiz;

import dev.glassbox.quiz.bank.Coverage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code glassbox quiz coverage}: the topic -> number of questions table, as Markdown. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
        description = "Print how many questions each topic and sub-topic (each namespace type, cgroup controller...) has, as Markdown; exit 1 if one has fewer than "
                + Coverage.MIN_PER_TOPIC + ".")
public final class QuizCoverageCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--bank", description = "a question bank directory instead of the bundled one")
    Path bankDir;

    @Override
    public Integer call() {
        Coverage c = Coverage.of(QuizCommand.loadBank(bankDir));
        spec.commandLine().getOut().print(c.markdown());
        for (String gap : c.gaps()) spec.commandLine().getErr().println("gap: " + gap);
        return c.gaps().isEmpty() ? 0 : 1;
    }
}
