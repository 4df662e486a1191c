package dev.glassbox.app.quiz;

import dev.glassbox.quiz.engine.AnswerText;
import dev.glassbox.quiz.engine.AskedQuestion;
import dev.glassbox.quiz.engine.Attempt;
import dev.glassbox.quiz.engine.Draw;
import dev.glassbox.quiz.engine.DrawRequest;
import dev.glassbox.quiz.engine.Drawer;
import dev.glassbox.quiz.engine.QuizResult;
import dev.glassbox.quiz.engine.Response;
import dev.glassbox.quiz.engine.Review;
import dev.glassbox.quiz.history.AttemptRecord;
import dev.glassbox.quiz.history.HistoryStore;
import dev.glassbox.quiz.history.QuizHistory;
import dev.glassbox.quiz.history.TopicStat;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.Topic;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state of the Quiz page, as JavaFX properties and no controls, so it is tested without
 * the toolkit. The view calls {@link #tick()} a few times a second; time comes from a
 * {@link Clock}. Drawing (which may run live probes) goes to a background executor and comes
 * back through the UI executor.
 */
public final class QuizViewModel {
    /** Where the page is. */
    public enum State { SETUP, PREPARING, RUNNING, REVIEW }

    private final QuestionBank bank;
    private final LiveContext live;
    private final Clock clock;
    private final HistoryStore history;
    private final Executor background;
    private final Executor ui;

    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.SETUP);
    private final ObjectProperty<Integer> session = new SimpleObjectProperty<>();
    private final ObjectProperty<String> topic = new SimpleObjectProperty<>();
    private final IntegerProperty count = new SimpleIntegerProperty(DrawRequest.DEFAULT_COUNT);
    private final ObjectProperty<Duration> timeLimit = new SimpleObjectProperty<>(DrawRequest.DEFAULT_TIME_LIMIT);
    private final ObjectProperty<Long> seed = new SimpleObjectProperty<>();
    private final ObservableList<String> topics = FXCollections.observableArrayList();

    private final IntegerProperty index = new SimpleIntegerProperty(-1);
    private final ObjectProperty<AskedQuestion> current = new SimpleObjectProperty<>();
    private final ObjectProperty<Response> currentResponse = new SimpleObjectProperty<>();
    private final StringProperty progressText = new SimpleStringProperty("");
    private final StringProperty timerText = new SimpleStringProperty("");
    private final DoubleProperty timeFraction = new SimpleDoubleProperty(1);
    private final BooleanProperty timeLow = new SimpleBooleanProperty(false);
    private final StringProperty message = new SimpleStringProperty("");

    private final ObservableList<ReviewItem> review = FXCollections.observableArrayList();
    private final StringProperty scoreText = new SimpleStringProperty("");
    private final ObservableList<String> weakTopics = FXCollections.observableArrayList();

    private Attempt attempt;
    private long usedSeed;

    public QuizViewModel(QuestionBank bank, LiveContext live, Clock clock, HistoryStore history) {
        this(bank, live, clock, history, Runnable::run, Runnable::run);
    }

    /**
     * @param history where attempts are recorded, or null to record nothing
     * @param background runs the draw (live probes may take time)
     * @param ui runs results back on the UI thread
     */
    public QuizViewModel(QuestionBank bank, LiveContext live, Clock clock, HistoryStore history,
                         Executor background, Executor ui) {
        this.bank = bank;
        this.live = live;
        this.clock = clock;
        this.history = history;
        this.background = background;
        this.ui = ui;
        session.addListener((o, a, b) -> refreshTopics());
        refreshTopics();
        refreshWeakTopics(history == null ? QuizHistory.empty() : history.load());
    }

    private void refreshTopics() {
        topics.setAll(bank.topics().stream().filter(t -> session.get() == null || t.session() == session.get())
                .map(Topic::id).toList());
        if (topic.get() != null && !topics.contains(topic.get())) topic.set(null);
    }

    private void refreshWeakTopics(QuizHistory h) {
        weakTopics.setAll(h.weakTopics().stream()
                .map(s -> bank.topicTitle(s.topic()) + ": " + s.percent() + "% of " + s.asked() + " questions").toList());
    }

    /** Draws a quiz with the chosen session, topic, count, time limit and seed, and starts the clock. */
    public void start() {
        if (state.get() == State.PREPARING || state.get() == State.RUNNING) return;
        usedSeed = seed.get() != null ? seed.get() : new SecureRandom().nextLong() & 0xFFFFFFFFL;
        DrawRequest request = new DrawRequest(session.get(), topic.get(), count.get(), usedSeed, timeLimit.get());
        state.set(State.PREPARING);
        message.set("Drawing questions...");
        background.execute(() -> {
            try {
                Draw draw = new Drawer(live).draw(bank, request);
                ui.execute(() -> begin(draw));
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    state.set(State.SETUP);
                    message.set(e.getMessage());
                });
            }
        });
    }

    private void begin(Draw draw) {
        attempt = new Attempt(draw, clock);
        review.clear();
        scoreText.set("");
        message.set(draw.skipped().isEmpty() ? "" : draw.skipped().size() + " live question(s) skipped: "
                + draw.skipped().getFirst().reason());
        state.set(State.RUNNING);
        goTo(0);
        tick();
    }

    /** Records the learner's answer to the current question (null clears nothing: ignored). */
    public void answer(Response response) {
        if (attempt == null || state.get() != State.RUNNING || response == null) return;
        if (attempt.answer(index.get(), response)) {
            currentResponse.set(response);
        } else {
            tick();
        }
    }

    public void next() {
        goTo(index.get() + 1);
    }

    public void previous() {
        goTo(index.get() - 1);
    }

    public void goTo(int i) {
        if (attempt == null || state.get() != State.RUNNING) return;
        List<AskedQuestion> qs = attempt.questions();
        if (i < 0 || i >= qs.size()) return;
        index.set(i);
        AskedQuestion q = qs.get(i);
        currentResponse.set(attempt.responseTo(i).orElse(null));
        current.set(q);
        progressText.set("Question " + (i + 1) + " of " + qs.size() + " - " + bank.topicTitle(q.topic())
                + (q.question().isLive() ? " - LIVE: computed on this machine" : ""));
    }

    /** Updates the timer; ends the attempt when its time is up. Called by the view a few times a second. */
    public void tick() {
        if (attempt == null || state.get() != State.RUNNING) return;
        Duration left = attempt.remaining();
        long s = left.toSeconds() + (left.toMillisPart() > 0 ? 1 : 0);  // 0:01 until the very end
        timerText.set(String.format("%d:%02d", s / 60, s % 60));
        Duration limit = attempt.draw().request().timeLimit();
        timeFraction.set(limit.isZero() ? 0 : (double) left.toMillis() / limit.toMillis());
        timeLow.set(left.compareTo(Duration.ofMinutes(1)) < 0);
        if (attempt.checkTime()) showReview(attempt.result().orElseThrow());
    }

    /** Ends the attempt now and shows the review. */
    public void finish() {
        if (attempt == null || state.get() != State.RUNNING) return;
        showReview(attempt.finish());
    }

    private void showReview(QuizResult result) {
        review.setAll(result.reviews().stream().map(this::item).toList());
        scoreText.set(String.format("%s%s / %d (%.0f%%)",
                result.end() == Attempt.End.TIME_UP ? "Time is up. Score: " : "Score: ",
                trim(result.score()), result.max(), result.percent()));
        timerText.set(result.end() == Attempt.End.TIME_UP ? "0:00" : timerText.get());
        if (history != null) {
            QuizHistory h = history.append(AttemptRecord.of(clock.instant(), result, session.get(), topic.get(), usedSeed));
            refreshWeakTopics(h);
        }
        state.set(State.REVIEW);
    }

    private ReviewItem item(Review r) {
        ReviewItem.Verdict v = r.mark().fullyRight() ? ReviewItem.Verdict.RIGHT
                : r.mark().score() > 0 ? ReviewItem.Verdict.PARTLY_RIGHT : ReviewItem.Verdict.WRONG;
        return new ReviewItem(r.asked().number(), bank.topicTitle(r.asked().topic()), r.asked().question().text(), v,
                AnswerText.describe(r.asked(), r.response()), r.mark().correctAnswer(), r.mark().feedback(),
                r.explanation());
    }

    /** Back to the setup, keeping the choices. */
    public void newQuiz() {
        attempt = null;
        current.set(null);
        index.set(-1);
        state.set(State.SETUP);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format("%.2f", d);
    }

    public Optional<Attempt> attempt() {
        return Optional.ofNullable(attempt);
    }

    public long usedSeed() {
        return usedSeed;
    }

    public QuestionBank bank() {
        return bank;
    }

    public ObjectProperty<State> stateProperty() { return state; }
    public ObjectProperty<Integer> sessionProperty() { return session; }
    public ObjectProperty<String> topicProperty() { return topic; }
    public IntegerProperty countProperty() { return count; }
    public ObjectProperty<Duration> timeLimitProperty() { return timeLimit; }
    public ObjectProperty<Long> seedProperty() { return seed; }
    public ObservableList<String> topics() { return topics; }
    public IntegerProperty indexProperty() { return index; }
    public ObjectProperty<AskedQuestion> currentProperty() { return current; }
    public ObjectProperty<Response> currentResponseProperty() { return currentResponse; }
    public StringProperty progressTextProperty() { return progressText; }
    public StringProperty timerTextProperty() { return timerText; }
    public DoubleProperty timeFractionProperty() { return timeFraction; }
    public BooleanProperty timeLowProperty() { return timeLow; }
    public StringProperty messageProperty() { return message; }
    public ObservableList<ReviewItem> review() { return review; }
    public StringProperty scoreTextProperty() { return scoreText; }
    public ObservableList<String> weakTopics() { return weakTopics; }

    /** Topic statistics, weakest first, for a fuller history view. */
    public List<TopicStat> topicStats() {
        return history == null ? List.of() : history.load().byTopic();
    }
}
