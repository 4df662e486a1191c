package dev.glassbox.cli.quiz;

import dev.glassbox.quiz.engine.AnswerText;
import dev.glassbox.quiz.engine.AskedQuestion;
import dev.glassbox.quiz.engine.Attempt;
import dev.glassbox.quiz.engine.QuizResult;
import dev.glassbox.quiz.engine.Response;
import dev.glassbox.quiz.engine.Review;
import dev.glassbox.quiz.engine.Skipped;
import dev.glassbox.quiz.history.QuizHistory;
import dev.glassbox.quiz.history.TopicStat;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.QuestionBank;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one attempt in a terminal: asks each question with the time left, reads one line per
 * answer (stdin may be a pipe), then prints the review. When the deadline passes while the
 * learner is typing, a timer ends the attempt and says so; the next line shows the review.
 */
final class TerminalQuiz {
    private final BufferedReader in;
    private final PrintWriter out;
    private final QuestionBank bank;

    TerminalQuiz(BufferedReader in, PrintWriter out, QuestionBank bank) {
        this.in = in;
        this.out = out;
        this.bank = bank;
    }

    QuizResult run(Attempt attempt) throws IOException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quiz-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            long delayMs = Math.max(0, attempt.remaining().toMillis());
            timer.schedule(() -> {
                if (attempt.checkTime()) {
                    out.println();
                    out.println("*** Time is up: the attempt has ended. Press Enter for the review. ***");
                    out.flush();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
            List<AskedQuestion> qs = attempt.questions();
            for (int i = 0; i < qs.size() && !attempt.isOver(); i++) {
                ask(qs.get(i), qs.size(), attempt);
                if (!readAnswer(attempt, i)) break;
            }
            return attempt.finish();
        } finally {
            timer.shutdownNow();
        }
    }

    private void ask(AskedQuestion q, int total, Attempt attempt) {
        out.println();
        out.printf("[%s left] Question %d/%d - %s%s%n", clock(attempt.remaining()), q.number(), total,
                bank.topicTitle(q.topic()), q.question().isLive() ? " - LIVE: answer computed on this machine" : "");
        out.println(q.question().text());
        if (q.question().figure() != null) out.println("(figure: " + q.question().figure().alt() + ")");
        switch (q.question().type()) {
            case SINGLE, MULTIPLE -> {
                for (int c = 0; c < q.choices().size(); c++) {
                    out.printf("  %s) %s%n", AnswerText.letter(c), q.choices().get(c).text());
                }
            }
            case TRUE_FALSE -> out.println("  t) true   f) false");
            case MATCHING -> {
                List<Pair> pairs = q.question().pairs();
                for (int p = 0; p < pairs.size(); p++) out.printf("  %d. %s%n", p + 1, pairs.get(p).left());
                for (int m = 0; m < q.matchOptions().size(); m++) {
                    out.printf("     %s) %s%n", AnswerText.letter(m), q.matchOptions().get(m));
                }
            }
            default -> { }
        }
        out.printf("Your answer (%s; Enter to skip): ", AnswerText.hint(q));
        out.flush();
    }

    /** Reads until a valid answer (or skip); false at end of input or when time is up. */
    private boolean readAnswer(Attempt attempt, int index) throws IOException {
        while (true) {
            String line = in.readLine();
            if (line == null) return false;
            if (attempt.isOver()) return false;
            try {
                Response r = AnswerText.parse(attempt.questions().get(index), line);
                if (r != null && !attempt.answer(index, r)) return false;
                return true;
            } catch (IllegalArgumentException e) {
                out.print("  " + e.getMessage() + "; try again: ");
                out.flush();
            }
        }
    }

    void printReview(QuizResult result) {
        out.println();
        out.println(result.end() == Attempt.End.TIME_UP ? "=== Time is up. Review ===" : "=== Review ===");
        for (Review r : result.reviews()) {
            AskedQuestion q = r.asked();
            String mark = r.mark().fullyRight() ? "RIGHT" : r.mark().score() > 0 ? "PARTLY" : "WRONG";
            out.printf("%n%d. [%s] %s (%s)%n", q.number(), mark, q.question().text().lines().findFirst().orElse(""),
                    q.topic());
            out.println("   your answer:  " + AnswerText.describe(q, r.response()));
            out.println("   right answer: " + r.mark().correctAnswer());
            for (String f : r.mark().feedback()) out.println("   - " + f);
            if (r.explanation() != null) out.println("   why: " + r.explanation());
        }
        for (Skipped s : result.skipped()) out.println("\n(" + s.question().id() + ": " + s.reason() + ")");
        out.printf("%nScore: %s / %d (%.0f%%) in %s%n", trim(result.score()), result.max(), result.percent(),
                clock(result.used()));
        out.flush();
    }

    void printWeakTopics(QuizHistory history) {
        List<TopicStat> weak = history.weakTopics();
        if (weak.isEmpty()) {
            out.println("No weak topic in your history so far.");
        } else {
            out.println("Weak topics in your history (revise these):");
            for (TopicStat s : weak) {
                out.printf("  %-22s %3d%% of %d questions  (glassbox quiz --topic %s)%n", s.topic(), s.percent(),
                        s.asked(), s.topic());
            }
        }
        out.flush();
    }

    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format("%d:%02d", s / 60, s % 60);
    }

    static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format("%.2f", d);
    }
}
