package dev.glassbox.app.quiz;

import dev.glassbox.app.LabApp;
import dev.glassbox.app.Page;
import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.engine.Response;
import dev.glassbox.quiz.live.HostLiveContext;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves a screenshot of the Quiz page in the middle of an attempt, for the docs. Runs only when
 * asked: {@code xvfb-run -a ./mvnw -pl lab-app test -Dtest=QuizScreenshotTest
 * -Dglassbox.screenshot=docs/screenshots/quiz.png -Dprism.order=sw}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "glassbox.screenshot", matches = ".+")
class QuizScreenshotTest {
    private QuizViewModel vm;
    private Scene scene;

    @Start
    void start(Stage stage) {
        vm = new QuizViewModel(BankLoader.loadBundled(), new HostLiveContext(), Clock.systemUTC(), null);
        Page quiz = new Page() {
            @Override public String title() { return "Quiz"; }
            @Override public Node view() { return new QuizView(vm); }
        };
        scene = new Scene(LabApp.shell(List.of(quiz)), 960, 600);
        stage.setTitle("Glassbox lab");
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void saveScreenshotOfARunningQuiz(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.sessionProperty().set(1);
            vm.seedProperty().set(2026L);
            vm.start();
        });
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm.stateProperty().get() == QuizViewModel.State.RUNNING);
        // show a multiple-choice question with two options ticked
        robot.interact(() -> {
            var qs = vm.attempt().orElseThrow().questions();
            for (int i = 0; i < qs.size(); i++) {
                if (qs.get(i).question().type() == dev.glassbox.quiz.model.QuestionType.MULTIPLE) {
                    vm.goTo(i);
                    vm.answer(Response.Chosen.of(0, 3));
                    vm.goTo(i == 0 ? 1 : 0);
                    vm.goTo(i);  // rebuilt with the answer ticked
                    break;
                }
            }
        });
        robot.sleep(700);  // let the 5 Hz timer repaint once; a picture, not an assertion
        Path out = Path.of(System.getProperty("glassbox.screenshot")).toAbsolutePath();
        Files.createDirectories(out.getParent());
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = scene.snapshot(null));
        ImageIO.write(toBufferedImage(shot[0]), "png", out.toFile());
    }

    @Test
    void saveScreenshotOfTheReview(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.sessionProperty().set(3);
            vm.seedProperty().set(7L);
            vm.countProperty().set(4);
            vm.start();
        });
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm.stateProperty().get() == QuizViewModel.State.RUNNING);
        robot.interact(() -> {
            var q = vm.currentProperty().get();
            int wrong = 0;
            while (wrong < q.choices().size() && q.choices().get(wrong).correct()) wrong++;
            vm.answer(q.choices().isEmpty() ? new Response.Truth(!Boolean.TRUE.equals(q.question().answer()))
                    : Response.Chosen.of(wrong));
            vm.next();
            vm.answer(dev.glassbox.app.quiz.QuizViewModelTest.right(vm.currentProperty().get()));
            vm.finish();
        });
        robot.sleep(500);
        Path main = Path.of(System.getProperty("glassbox.screenshot")).toAbsolutePath();
        Path out = main.resolveSibling(main.getFileName().toString().replace(".png", "-review.png"));
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = scene.snapshot(null));
        ImageIO.write(toBufferedImage(shot[0]), "png", out.toFile());
    }

    private static BufferedImage toBufferedImage(WritableImage img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setRGB(x, y, r.getArgb(x, y));
        return out;
    }
}
