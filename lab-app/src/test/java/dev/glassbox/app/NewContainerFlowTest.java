package dev.glassbox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.Tasks;
import dev.glassbox.app.steps.NewContainerViewModel;
import dev.glassbox.app.steps.StepItem;
import dev.glassbox.engine.EngineClient;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The New container page against a fake engine: every step, undo, run all, presenter keys, a responsive UI. */
@ExtendWith(ApplicationExtension.class)
class NewContainerFlowTest {
    private final FakeEngine engine = new FakeEngine();
    private AppContext ctx;
    private Pages pages;

    @Start
    void start(Stage stage) {
        EngineClient client = engine.client();
        ctx = new AppContext(() -> client, Tasks.fx());
        pages = new Pages(ctx);
        List<Page> list = List.of(new Pages.Simple("New container",
                () -> new dev.glassbox.app.steps.NewContainerView(pages.steps())));
        Scene scene = new Scene(LabApp.window(ctx, pages, list), 1200, 760);
        scene.getStylesheets().add(dev.glassbox.app.core.Styles.url());
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> LabApp.keys(ctx, pages.steps(), scene, e));
        stage.setScene(scene);
        stage.show();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> c) throws Exception {
        FxWait.until(15, c);
    }

    private NewContainerViewModel vm() {
        return pages.steps();
    }

    private void createWithForm(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm().memoryProperty().set("64m");
            vm().hostnameProperty().set("lab");
            vm().ttyProperty().set(false);
        });
        robot.clickOn("#create");
        waitUntil(() -> vm().stateProperty().get() == NewContainerViewModel.State.STEPPING);
    }

    @Test
    void buildingAContainerThroughEveryStepShowsEachStepsStory(FxRobot robot) throws Exception {
        createWithForm(robot);
        assertEquals(64L << 20, engine.lastBody.hostConfig().memory(), "the memory asked is sent to the engine");
        assertEquals("lab", engine.lastBody.hostname());
        assertEquals(FakeEngine.TITLES.size(), vm().steps().size());
        for (int k = 1; k <= FakeEngine.TITLES.size(); k++) {
            int done = k;
            robot.clickOn("#next-step");
            waitUntil(() -> vm().doneCount() == done && !vm().busyProperty().get());
            assertEquals("Step " + k + " of 5: " + FakeEngine.TITLES.get(k - 1),
                    robot.lookup("#step-title").queryAs(Label.class).getText());
            assertEquals("Explanation of step " + k + ".", robot.lookup("#step-explanation").queryAs(Label.class).getText());
            assertEquals("echo step " + k, robot.lookup("#step-shell").queryAs(TextArea.class).getText());
            if (k == 3) {
                assertEquals(4242, vm().pidProperty().get(), "the PID comes from the namespaces step");
                assertTrue(ctx.changed().contains("uts:[4026532999]"), "the new UTS namespace is highlighted: " + ctx.changed());
                assertEquals(4242, ctx.target().pid(), "the live views follow the new container");
            }
        }
        waitUntil(() -> vm().stateProperty().get() == NewContainerViewModel.State.DONE);
        assertTrue(vm().steps().stream().allMatch(s -> s.status() == StepItem.Status.DONE));
    }

    @Test
    void undoToHereReappliesTheStepsBeforeItAndAbortUndoesAll(FxRobot robot) throws Exception {
        createWithForm(robot);
        for (int k = 1; k <= 3; k++) {
            int done = k;
            robot.clickOn("#next-step");
            waitUntil(() -> vm().doneCount() == done && !vm().busyProperty().get());
        }
        robot.interact(() -> vm().undoTo(3));
        waitUntil(() -> !vm().busyProperty().get() && vm().doneCount() == 2);
        assertEquals(StepItem.Status.NEXT, vm().steps().get(2).status());
        assertTrue(engine.calls.containsAll(List.of("abort", "begin")));
        assertEquals(0, vm().pidProperty().get(), "the init was undone with its step");
        robot.clickOn("#abort");
        waitUntil(() -> !vm().busyProperty().get() && vm().doneCount() == 0);
        robot.clickOn("#run-all");
        waitUntil(() -> vm().stateProperty().get() == NewContainerViewModel.State.DONE);
        assertEquals(5, vm().doneCount());
    }

    @Test
    void presenterModeKeysStepWithSpaceAndShowTheExplanation(FxRobot robot) throws Exception {
        createWithForm(robot);
        robot.clickOn("#step-list");
        robot.push(KeyCode.F5);
        waitUntil(() -> ctx.presenterProperty().get());
        Node root = robot.lookup("#navigation").query().getParent();
        assertTrue(root.getStyleClass().contains("presenter"));
        robot.push(KeyCode.SPACE);
        waitUntil(() -> vm().doneCount() == 1 && !vm().busyProperty().get());
        robot.push(KeyCode.SPACE);
        waitUntil(() -> vm().doneCount() == 2 && !vm().busyProperty().get());
        Label banner = robot.lookup("#presenter-banner").queryAs(Label.class);
        assertTrue(banner.isVisible());
        assertTrue(banner.getText().startsWith("Step 2/5: Create the cgroup\nExplanation of step 2."), banner.getText());
        robot.push(KeyCode.ESCAPE);
        waitUntil(() -> !ctx.presenterProperty().get());
        assertTrue(!banner.isVisible());
    }

    @Test
    void theFxThreadStaysResponsiveWhileAStepRuns(FxRobot robot) throws Exception {
        createWithForm(robot);
        engine.blockNext = new CountDownLatch(1);
        robot.clickOn("#next-step");
        waitUntil(() -> vm().busyProperty().get());
        // the engine is still inside the step; the FX thread must still run what it is given
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch fx = new CountDownLatch(1);
        Platform.runLater(() -> {
            ran.set(true);
            fx.countDown();
        });
        assertTrue(fx.await(5, TimeUnit.SECONDS), "the FX thread ran a task while the step was blocked");
        assertTrue(ran.get() && vm().busyProperty().get() && vm().doneCount() == 0);
        robot.clickOn("#f-image"); // and it still takes input
        engine.blockNext.countDown();
        engine.blockNext = null;
        waitUntil(() -> vm().doneCount() == 1);
    }
}
