package dev.glassbox.cli.quiz;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.engine.Attempt;
import dev.glassbox.quiz.engine.Draw;
import dev.glassbox.quiz.engine.DrawRequest;
import dev.glassbox.quiz.engine.Drawer;
import dev.glassbox.quiz.engine.QuizResult;
import dev.glassbox.quiz.history.AttemptRecord;
import dev.glassbox.quiz.history.HistoryStore;
import dev.glassbox.quiz.history.QuizHistory;
import dev.glassbox.quiz.live.HostLiveContext;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.QuestionBank;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code glassbox quiz}: a timed self-assessment in the terminal, and the bank's tools. */
@Command(name = "quiz", mixinStandardHelpOptions = true,
        description = {"Take a timed quiz on the course (10 questions, 10 minutes by default).",
                "Answers are read one per line from stdin, so a quiz can also be piped in."},
        subcommands = {QuizExportCommand.class, QuizImportCommand.class, QuizValidateCommand.class,
                QuizCoverageCommand.class, QuizHistoryCommand.class})
public final class QuizCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--session", description = "only this session: 1 using containers, 2 images, 3 dockerizing")
    Integer session;

    @Option(names = "--topic", description = "only this topic (see `glassbox quiz coverage`)")
    String topic;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "number of questions (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--time-limit", defaultValue = "10m", converter = DurationConverter.class,
            description = "time limit, e.g. 10m, 90s, 1m30s (default ${DEFAULT-VALUE})")
    Duration timeLimit;

    @Option(names = "--seed", description = "seed of the draw; the same seed draws the same quiz")
    Long seed;

    @Option(names = "--no-live", description = "skip live questions (answers computed on this machine)")
    boolean noLive;

    @Option(names = "--bank", description = "a question bank directory instead of the bundled one")
    Path bankDir;

    @Option(names = "--history-file", description = "where to keep the history (default ~/.glassbox/quiz-history.json)")
    Path historyFile;

    @Option(names = "--no-history", description = "do not record this attempt")
    boolean noHistory;

    private final LiveContext live;

    /** Where answers come from; a field so tests can pipe answers in. */
    java.io.InputStream stdin = System.in;

    /** The quiz with live questions answered from /proc and /sys. */
    public QuizCommand() {
        this(new HostLiveContext());
    }

    /** The quiz with another live context, e.g. one backed by the Glassbox runtime. */
    public QuizCommand(LiveContext live) {
        this.live = live;
    }

    @Override
    public Integer call() throws Exception {
        try {
            return takeQuiz();
        } catch (IllegalArgumentException | dev.glassbox.quiz.bank.BankFormatException e) {
            spec.commandLine().getErr().println("quiz: " + e.getMessage());
            return 2;
        }
    }

    private int takeQuiz() throws java.io.IOException {
        QuestionBank bank = loadBank(bankDir);
        long theSeed = seed != null ? seed : new SecureRandom().nextLong() & 0xFFFFFFFFL;
        DrawRequest request = new DrawRequest(session, topic, count, theSeed, timeLimit);
        Draw draw = new Drawer(noLive ? LiveContext.none() : live).draw(bank, request);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Quiz: %d questions, %s, seed %d%s%n", draw.questions().size(),
                TerminalQuiz.clock(request.timeLimit()), theSeed,
                session == null ? "" : ", session " + session);
        if (!draw.skipped().isEmpty()) out.printf("(%d live question(s) skipped: %s)%n", draw.skipped().size(),
                draw.skipped().getFirst().reason());
        TerminalQuiz terminal = new TerminalQuiz(
                new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), out, bank);
        Attempt attempt = new Attempt(draw, Clock.systemUTC());
        QuizResult result = terminal.run(attempt);
        terminal.printReview(result);
        if (!noHistory) {
            HistoryStore store = historyStore(historyFile);
            QuizHistory history = store.append(AttemptRecord.of(Clock.systemUTC().instant(), result, session, topic, theSeed));
            out.println("History: " + store.file());
            terminal.printWeakTopics(history);
        }
        return 0;
    }

    static QuestionBank loadBank(Path dir) {
        return dir == null ? BankLoader.loadBundled() : BankLoader.loadDirectory(dir);
    }

    static HistoryStore historyStore(Path file) {
        return file == null ? HistoryStore.atDefaultLocation() : new HistoryStore(file);
    }

    /** Parses 10m, 90s, 1m30s, 2h or an ISO-8601 duration (PT10M). */
    public static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt")) return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
            var m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(v);
            if (v.isEmpty() || !m.matches()) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration; use e.g. 10m, 90s or 1m30s");
            }
            long s = 0;
            if (m.group(1) != null) s += Long.parseLong(m.group(1)) * 3600;
            if (m.group(2) != null) s += Long.parseLong(m.group(2)) * 60;
            if (m.group(3) != null) s += Long.parseLong(m.group(3));
            return Duration.ofSeconds(s);
        }
    }
}
