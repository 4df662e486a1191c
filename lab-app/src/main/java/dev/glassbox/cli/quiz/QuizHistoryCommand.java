package dev.glassbox.cli.quiz;

import dev.glassbox.quiz.history.HistoryStore;
import dev.glassbox.quiz.history.QuizHistory;
import dev.glassbox.quiz.history.TopicStat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code glassbox quiz history}: past attempts and the score per topic, weakest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show your attempts and weak topics.")
public final class QuizHistoryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--history-file", description = "the history file (default ~/.glassbox/quiz-history.json)")
    Path historyFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HistoryStore store = QuizCommand.historyStore(historyFile);
        QuizHistory h = store.load();
        out.printf("%d attempt(s) in %s%n", h.attempts().size(), store.file());
        for (TopicStat s : h.byTopic()) {
            out.printf("  %-22s %3d%%  (%s / %d)%s%n", s.topic(), s.percent(), TerminalQuiz.trim(s.earned()), s.asked(),
                    s.ratio() < QuizHistory.WEAK_BELOW ? "  <- weak" : "");
        }
        return 0;
    }
}
