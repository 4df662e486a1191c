package dev.glassbox.app.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.FxWait;
import dev.glassbox.app.LabApp;
import dev.glassbox.app.Page;
import dev.glassbox.app.Pages;
import dev.glassbox.testing.TestEngine;
import dev.glassbox.app.cgroups.CgroupsView;
import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.Tasks;
import dev.glassbox.app.draw.Export;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.exercise.CheckResult;
import dev.glassbox.exercise.ExerciseResult;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Exercises page on a real engine (temporary root): s1-limits checked on a fresh engine
 * fails each check with its feedback; solved through the engine, every check passes, and the
 * page opens the cgroups view on the exercise's container. With {@code -Dglassbox.screenshots=DIR}
 * it saves the page (docs/regenerate-screenshots.sh).
 */
@RootOnly
@ExtendWith(ApplicationExtension.class)
class ExercisesPageTest {
    @TempDir static Path tmp;
    private TestEngine testEngine;
    private EngineClient engine;
    private AppContext ctx;
    private Pages pages;
    private Scene scene;

    @Start
    void start(Stage stage) {
        testEngine = new TestEngine(tmp.resolve("root"));
        engine = testEngine.client();
        ctx = new AppContext(() -> engine, Tasks.fx());
        pages = new Pages(ctx);
        scene = LabApp.scene(ctx, pages, 1280, 800);
        stage.setTitle("Glassbox lab");
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void cleanUp() {
        testEngine.close();
    }

    private Node page(FxRobot robot, String title) {
        robot.interact(() -> {
            @SuppressWarnings("unchecked") ListView<Page> nav = (ListView<Page>) robot.lookup("#navigation").query();
            nav.getItems().stream().filter(p -> p.title().equals(title)).findFirst().ifPresent(p -> nav.getSelectionModel().select(p));
        });
        WaitForAsyncUtils.waitForFxEvents();
        return center();
    }

    private Node center() {
        return ((BorderPane) scene.getRoot()).getCenter();
    }

    private void shot(FxRobot robot, String name) throws Exception {
        String dir = System.getProperty("glassbox.screenshots");
        if (dir == null) return;
        robot.sleep(600); // a layout pass: a picture, not an assertion
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = scene.snapshot(null));
        Export.writePng(img[0], Path.of(dir).toAbsolutePath().resolve(name + ".png"));
    }

    private ExerciseResult checkNow(FxRobot robot, ExercisesViewModel vm) throws Exception {
        robot.interact(() -> vm.resultProperty().set(null));
        robot.clickOn("#ex-check");
        FxWait.until(60, () -> vm.resultProperty().get() != null && !vm.busyProperty().get());
        return vm.resultProperty().get();
    }

    @Test
    void checkShowsEachFailedCheckWithItsFeedbackThenFullMarksOnceSolvedThroughTheEngine(FxRobot robot) throws Exception {
        ExercisesViewModel vm = pages.exercises();
        ExercisesView view = (ExercisesView) page(robot, "Exercises");
        FxWait.until(30, () -> vm.exercises().size() >= 36);
        assertEquals("s1-run", vm.exercises().getFirst().id(), "the list is in course order");

        robot.interact(() -> view.list().scrollTo(vm.exercises().stream().filter(e -> e.id().equals("s1-limits")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#ex-item-s1-limits");
        FxWait.until(20, () -> vm.selectedProperty().get() != null && vm.selectedProperty().get().id().equals("s1-limits")
                && !vm.instructionsProperty().get().isEmpty());
        assertTrue(robot.lookup("#ex-instructions").queryAs(javafx.scene.layout.VBox.class).getChildren().size() >= 2,
                "the instructions are shown as blocks");
        assertEquals("Open the cgroups view", robot.lookup("#ex-open-view").queryButton().getText());

        ExerciseResult fresh = checkNow(robot, vm);
        assertEquals(0, fresh.score(), "a fresh engine has no container limited: " + fresh.checks());
        for (CheckResult c : fresh.checks()) {
            assertFalse(c.passed(), c.id());
            Label fb = robot.lookup("#ex-feedback-" + c.id()).queryAs(Label.class);
            assertEquals(c.feedback(), fb.getText(), "the page shows the check's feedback");
            assertTrue(fb.isVisible());
        }
        assertTrue(robot.lookup("#ex-score").queryLabeled().getText().startsWith("0 / " + fresh.maxScore()));

        robot.clickOn("#ex-hint");
        FxWait.until(5, () -> robot.lookup("#ex-hint-1").tryQuery().isPresent());
        assertTrue(robot.lookup("#ex-hint-2").tryQuery().isEmpty() || vm.hints().size() < 2, "hints come one at a time");
        shot(robot, "exercises");

        // the solution, done as the CLI would do it: docker run -d --name limited --memory 64m --cpus 0.5 --pids-limit 50
        CreateBody body = DockerJson.MAPPER.treeToValue(DockerJson.MAPPER.readTree(
                "{\"Image\":\"base\",\"Cmd\":[\"sleep\",\"600\"],\"HostConfig\":{\"Memory\":67108864,\"NanoCpus\":500000000,"
                        + "\"PidsLimit\":50}}"), CreateBody.class);
        String id = engine.create(body, "limited");
        engine.start(id);
        ExerciseResult solved = checkNow(robot, vm);
        assertTrue(solved.complete(), "solved: " + solved.checks());
        assertTrue(robot.lookup("#ex-score").queryLabeled().getText().startsWith("\u2714 " + solved.maxScore() + " / "));
        assertTrue(robot.lookup(".ex-card-fail").queryAll().isEmpty(), "no failed check shown");
        shot(robot, "exercises-solved");

        robot.clickOn("#ex-open-view");
        FxWait.until(20, () -> center() instanceof CgroupsView && "limited".equals(ctx.target().name()) && ctx.target().pid() > 0);
        CgroupsView cg = (CgroupsView) center();
        FxWait.until(20, () -> cg.snapshot() != null);
        assertEquals(64.0 * 1024 * 1024, cg.snapshot().memoryLimit(), "the cgroups view looks at the exercise's container");

        // Reset removes what the solution made
        page(robot, "Exercises");
        robot.clickOn("#ex-reset");
        FxWait.until(30, () -> !vm.busyProperty().get() && vm.messageProperty().get().contains("was reset"));
        assertTrue(engine.containers(true).stream().noneMatch(c -> c.name().equals("limited")), "reset removed limited");
    }

    @Test
    void startRunsTheExercisesSetupThroughTheEngineAndResetUndoesIt(FxRobot robot) throws Exception {
        // s1-rm-prune starts from three stopped busybox containers: here busybox is the base image under another name
        String seed = engine.create(DockerJson.MAPPER.treeToValue(DockerJson.MAPPER.readTree(
                "{\"Image\":\"base\",\"Cmd\":[\"true\"]}"), CreateBody.class), "seed");
        engine.remove(seed, true);
        engine.tag("base", "busybox");
        ExercisesViewModel vm = pages.exercises();
        page(robot, "Exercises");
        FxWait.until(30, () -> vm.exercises().size() >= 36);
        robot.interact(() -> vm.select("s1-rm-prune"));
        FxWait.until(20, () -> !vm.instructionsProperty().get().isEmpty());
        robot.clickOn("#ex-start");
        FxWait.until(60, () -> !vm.busyProperty().get() && vm.messageProperty().get().contains("is ready"));
        java.util.Set<String> names = new java.util.HashSet<>();
        for (var c : engine.containers(true)) names.add(c.name());
        assertTrue(names.containsAll(java.util.List.of("old1", "old2", "old3")), "Start made the setup's containers in the engine: " + names);

        ExerciseResult r = checkNow(robot, vm);
        assertFalse(r.complete(), "the setup is not the solution: " + r.checks());
        assertTrue(robot.lookup("#ex-feedback-old1-gone").queryAs(Label.class).getText().contains("old1 should be removed"));

        robot.clickOn("#ex-reset");
        FxWait.until(60, () -> !vm.busyProperty().get() && vm.messageProperty().get().contains("was reset"));
        for (var c : engine.containers(true)) assertFalse(c.name().startsWith("old"), "Reset removed " + c.name());
    }
}
