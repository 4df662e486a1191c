package dev.glassbox.app.images;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.FxWait;
import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.Tasks;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.testing.RootOnly;
import dev.glassbox.testing.TestEngine;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Images page makes the base image through a real engine, with a bar that fills file by file. */
@RootOnly
@ExtendWith(ApplicationExtension.class)
class ImagesPageTest {
    @TempDir static Path tmp;
    private TestEngine testEngine;
    private EngineClient engine;

    @Start
    void start(Stage stage) {
        testEngine = new TestEngine(tmp.resolve("root"));
        engine = testEngine.client();
        AppContext ctx = new AppContext(() -> engine, Tasks.fx());
        stage.setScene(new Scene(new ImagesView(ctx), 900, 600));
        stage.show();
    }

    @AfterEach
    void cleanUp() {
        testEngine.close();
    }

    @Test
    void theBaseImageIsBuiltWithProgressPerFile(FxRobot robot) throws Exception {
        ProgressBar bar = robot.lookup("#job-progress").queryAs(ProgressBar.class);
        AtomicReference<Double> between = new AtomicReference<>();
        robot.interact(() -> bar.progressProperty().addListener((o, a, b) -> {
            double v = b.doubleValue();
            if (v > 0 && v < 1) between.compareAndSet(null, v);
        }));
        robot.clickOn("#build-base");
        FxWait.until(120, () -> robot.lookup("#cancel-job").queryButton().isDisabled()
                && robot.lookup(".label").queryAllAs(Label.class).stream().anyMatch(l -> l.getText().endsWith(": done.")));
        assertTrue(between.get() != null, "the bar showed a fraction between 0 and 1 while files were copied");
        assertTrue(engine.images().toString().contains("base:latest"), "the engine has the base image: " + engine.images());
    }
}
