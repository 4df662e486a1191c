package dev.glassbox.app.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.LabApp;
import dev.glassbox.app.Page;
import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.engine.AskedQuestion;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.QuestionBank;
import java.time.Clock;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Drives the Quiz page with TestFX (headless under Monocle when there is no display). */
@ExtendWith(ApplicationExtension.class)
class QuizViewTest {
    private static final QuestionBank BANK = BankLoader.loadBundled();
    private QuizViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new QuizViewModel(BANK, LiveContext.none(), Clock.systemUTC(), null);
        Page quiz = new Page() {
            @Override public String title() { return "Quiz"; }
            @Override public Node view() { return new QuizView(vm); }
        };
        stage.setScene(new Scene(LabApp.shell(List.of(quiz)), 1000, 700));
        stage.show();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        dev.glassbox.app.FxWait.until(15, condition);
    }

    /** Answers the question on screen by clicking or typing, as a learner would. */
    private static void answerOnScreen(FxRobot robot, AskedQuestion a) {
        var q = a.question();
        switch (q.type()) {
            case SINGLE, MULTIPLE -> {
                for (int i = 0; i < a.choices().size(); i++) {
                    if (a.choices().get(i).correct()) robot.clickOn("#choice-" + i);
                }
            }
            case TRUE_FALSE -> robot.clickOn(q.answer() ? "#true" : "#false");
            case SHORT_ANSWER, NUMERICAL -> robot.clickOn("#text-answer").write(q.correctChoices().getFirst().text());
            case MATCHING -> {
                for (int i = 0; i < q.pairs().size(); i++) {
                    int row = i;
                    robot.interact(() -> robot.lookup("#match-" + row).<javafx.scene.control.ComboBox<String>>query()
                            .getSelectionModel().select(q.pairs().get(row).right()));
                }
            }
        }
    }

    @Test
    void learnerAnswersWithTheTimerShownAndTheReviewGivesFeedback(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.topicProperty().set("docker-group");   // 2 single choice + 1 true/false
            vm.seedProperty().set(5L);
        });
        robot.clickOn("#start");
        waitUntil(() -> vm.stateProperty().get() == QuizViewModel.State.RUNNING);
        Label timer = robot.lookup("#timer").queryAs(Label.class);
        assertTrue(timer.getText().matches("\\d+:\\d\\d"), "timer shows m:ss, got " + timer.getText());
        assertTrue(timer.isVisible());
        int total = vm.attempt().orElseThrow().questions().size();
        for (int i = 0; i < total - 1; i++) {
            answerOnScreen(robot, vm.currentProperty().get());
            robot.clickOn("#next");
        }
        // leave the last one wrong on purpose: pick a wrong choice or the wrong truth value
        AskedQuestion last = vm.currentProperty().get();
        if (last.question().type() == dev.glassbox.quiz.model.QuestionType.TRUE_FALSE) {
            robot.clickOn(last.question().answer() ? "#false" : "#true");
        } else {
            for (int i = 0; i < last.choices().size(); i++) {
                if (!last.choices().get(i).correct()) {
                    robot.clickOn("#choice-" + i);
                    break;
                }
            }
        }
        robot.clickOn("#finish");
        waitUntil(() -> vm.stateProperty().get() == QuizViewModel.State.REVIEW);
        Label score = robot.lookup("#score").queryAs(Label.class);
        assertEquals("Score: 2 / 3 (67%)", score.getText());
        ListView<?> review = robot.lookup("#review").queryAs(ListView.class);
        assertEquals(3, review.getItems().size());
        ReviewItem wrong = vm.review().get(2);
        assertEquals(ReviewItem.Verdict.WRONG, wrong.verdict());
        String shown = robot.lookup(".review-line").queryAllAs(Label.class).stream().map(Label::getText)
                .reduce("", (a, b) -> a + "\n" + b);
        assertTrue(shown.contains(wrong.feedback().getFirst()), "the review shows why the answer is wrong:\n" + shown);
    }

    @Test
    void theTimerEndsTheAttemptWhenItReachesZero(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.timeLimitProperty().set(java.time.Duration.ofSeconds(2));
            vm.seedProperty().set(8L);
        });
        robot.clickOn("#start");
        waitUntil(() -> vm.stateProperty().get() == QuizViewModel.State.RUNNING);
        assertTrue(robot.lookup("#timer").queryAs(Label.class).getText().matches("0:0[0-2]"));
        waitUntil(() -> vm.stateProperty().get() == QuizViewModel.State.REVIEW);
        assertTrue(robot.lookup("#score").queryAs(Label.class).getText().startsWith("Time is up."));
        assertEquals(10, vm.review().size());
    }
}
