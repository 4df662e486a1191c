package dev.glassbox.app.quiz;

import dev.glassbox.app.Page;
import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.history.HistoryStore;
import dev.glassbox.quiz.live.HostLiveContext;
import java.time.Clock;
import javafx.scene.Node;

/** The Quiz page: the bundled bank, live questions from /proc and /sys, the learner's history. */
public final class QuizPage implements Page {
    @Override
    public String title() {
        return "Quiz";
    }

    @Override
    public Node view() {
        // the draw may run live probes: off the FX thread, results back through runLater
        return new QuizView(new QuizViewModel(BankLoader.loadBundled(), new HostLiveContext(), Clock.systemUTC(),
                HistoryStore.atDefaultLocation(), Thread.ofVirtual()::start, javafx.application.Platform::runLater));
    }
}
