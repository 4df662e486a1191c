package dev.glassbox.app.quiz;

import dev.glassbox.app.Page;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.cli.quiz.EngineLiveContext;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.history.HistoryStore;
import dev.glassbox.quiz.live.HostLiveContext;
import dev.glassbox.quiz.live.LiveContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Node;

/**
 * The Quiz page: the bundled bank, live questions from /proc and /sys and, with the app's engine,
 * from a container started for the question; the learner's history.
 */
public final class QuizPage implements Page {
    private final Supplier<EngineClient> engine;

    /** Live questions from the host only (the app's pages without an engine). */
    public QuizPage() {
        this(null);
    }

    /** @param engine the app's engine client, made on first use; null for host-only live questions */
    public QuizPage(Supplier<EngineClient> engine) {
        this.engine = engine;
    }

    @Override
    public String title() {
        return "Quiz";
    }

    @Override
    public Node view() {
        LiveContext live = engine == null ? new HostLiveContext() : liveContext(engine, CgroupReader::host);
        // the draw may run live probes (and start a container): off the FX thread, results back through runLater
        return new QuizView(new QuizViewModel(BankLoader.loadBundled(), live, Clock.systemUTC(),
                HistoryStore.atDefaultLocation(), Thread.ofVirtual()::start, javafx.application.Platform::runLater));
    }

    /**
     * What {@code glassbox quiz} asks: the host's /proc and /sys first, then a container started
     * through the engine for the questions that need one. Neither supplier is called until such a
     * question is drawn (on the draw's thread); when the engine cannot be reached the question is
     * skipped, as on a machine without the runtime, and the draw goes on with the host's.
     */
    public static LiveContext liveContext(Supplier<EngineClient> engine, Supplier<CgroupReader> cgroups) {
        return LiveContext.firstOf(new HostLiveContext(), skippedOnFailure(new EngineLiveContext(engine, cgroups)));
    }

    private static LiveContext skippedOnFailure(LiveContext c) {
        return new LiveContext() {
            @Override
            public boolean available() {
                return c.available();
            }

            @Override
            public Optional<String> answer(String probeId, Map<String, String> params) {
                try {
                    return c.answer(probeId, params);
                } catch (RuntimeException e) {
                    return Optional.empty(); // no engine (or no base image): one question skipped, not the whole quiz
                }
            }

            @Override
            public String unavailableReason() {
                return c.unavailableReason();
            }
        };
    }
}
