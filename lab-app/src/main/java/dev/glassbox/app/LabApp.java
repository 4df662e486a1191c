package dev.glassbox.app;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.Styles;
import dev.glassbox.app.core.TargetBar;
import dev.glassbox.app.core.Tasks;
import dev.glassbox.app.quiz.QuizPage;
import dev.glassbox.app.steps.NewContainerViewModel;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EnginePaths;
import dev.glassbox.runtime.step.StepReport;
import dev.glassbox.sys.Syscalls;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The Glassbox lab app: a navigation list of pages on the left, the selected page on the right,
 * the target bar on top (which container or PID the live views look at), a status line and,
 * in presenter mode (F5), the current step's explanation in large type at the bottom.
 */
public final class LabApp extends Application {
    /** Where the engine is; set by {@code glassbox lab --root} before launch. */
    static volatile EnginePaths enginePaths = EnginePaths.system();

    /** The pages of the app without an engine (tests of single pages). */
    static List<Page> pages() {
        return List.of(new QuizPage());
    }

    /** Starts the app (blocks until its window is closed). Called by {@code glassbox lab}. */
    public static void launchApp(String[] args) {
        Application.launch(LabApp.class, args);
    }

    /** The same, on the engine at {@code paths}. */
    public static void launchApp(EnginePaths paths, String[] args) {
        enginePaths = paths;
        launchApp(args);
    }

    @Override
    public void start(Stage stage) {
        EnginePaths paths = enginePaths;
        Supplier<EngineClient> engine = () -> EngineLauncher.ensureRunning(paths, Syscalls.linux());
        AppContext ctx = new AppContext(engine, Tasks.fx());
        // a failure nothing caught (an event handler's, say) becomes one readable line in the
        // status bar; the stack trace goes to the terminal the app was started from, not the window
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            System.err.println("glassbox lab: uncaught in " + thread.getName() + ":");
            e.printStackTrace();
            javafx.application.Platform.runLater(() -> ctx.statusProperty().set(dev.glassbox.app.core.UserMessage.of("Something went wrong", e)));
        });
        stage.setTitle("Glassbox lab");
        stage.setScene(scene(ctx, new Pages(ctx), 1280, 800));
        stage.show();
        // connect (or start the engine) now, in the background, so the first page finds it ready
        ctx.tasks().run(() -> ctx.engine().ping(), ok -> ctx.statusProperty().set("Engine: " + paths.socket()),
                err -> ctx.statusProperty().set(dev.glassbox.app.core.UserMessage.of("Connecting to the engine", err)));
        // for demos and bench/app: -Dglassbox.lab.page=cgroups -Dglassbox.lab.target=NAME
        String target = System.getProperty("glassbox.lab.target");
        if (target != null) {
            ctx.tasks().run(() -> dev.glassbox.app.core.Containers.list(ctx.engine(), false).stream()
                    .filter(r -> r.name().equals(target)).findFirst().map(dev.glassbox.app.core.Containers.Row::target),
                    t -> t.ifPresent(ctx.targetProperty()::set), err -> { });
        }
        String page = System.getProperty("glassbox.lab.page");
        if (page != null) ctx.showPageProperty().set(page);
    }

    /** The whole window's scene: used by {@link #start} and by the tests with a fake engine. */
    public static Scene scene(AppContext ctx, Pages pages, double w, double h) {
        BorderPane root = window(ctx, pages, pages.all());
        Scene scene = new Scene(root, w, h);
        scene.getStylesheets().add(Styles.url());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> keys(ctx, pages.steps(), scene, e));
        return scene;
    }

    static void keys(AppContext ctx, NewContainerViewModel steps, Scene scene, KeyEvent e) {
        if (e.getCode() == KeyCode.F5) {
            ctx.presenterProperty().set(!ctx.presenterProperty().get());
            e.consume();
            return;
        }
        if (!ctx.presenterProperty().get()) return;
        Node focus = scene.getFocusOwner();
        boolean typing = focus instanceof TextInputControl || focus instanceof dev.glassbox.app.terminal.TerminalView;
        if (typing) return;
        if (e.getCode() == KeyCode.SPACE || e.getCode() == KeyCode.RIGHT || e.getCode() == KeyCode.PAGE_DOWN) {
            steps.next();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE) {
            ctx.presenterProperty().set(false);
            e.consume();
        }
    }

    /** The window: target bar, navigation, page, status line, presenter banner. */
    public static BorderPane window(AppContext ctx, Pages pages, List<Page> list) {
        BorderPane root = shell(list);
        @SuppressWarnings("unchecked") ListView<Page> nav = (ListView<Page>) root.getLeft();
        ToggleButton presenter = new ToggleButton("Presenter mode (F5)");
        presenter.setId("presenter-toggle");
        presenter.selectedProperty().bindBidirectional(ctx.presenterProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(8, new TargetBar(ctx), grow, presenter);
        top.getStyleClass().add("target-bar");
        root.setTop(top);
        Label status = new Label();
        status.setId("status-line");
        status.getStyleClass().add("status-line");
        status.textProperty().bind(ctx.statusProperty());
        Label banner = new Label();
        banner.setId("presenter-banner");
        banner.getStyleClass().add("presenter-banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        NewContainerViewModel steps = pages.steps();
        banner.textProperty().bind(Bindings.createStringBinding(() -> {
            StepReport r = steps.selectedReport();
            if (r == null) {
                return steps.stateProperty().get() == NewContainerViewModel.State.STEPPING
                        ? "Space: apply the next step" : "Create a container on the New container page; Space steps through it";
            }
            return "Step " + r.index() + "/" + r.total() + ": " + r.title() + "\n" + r.explanation();
        }, steps.selectedProperty(), steps.steps(), steps.stateProperty()));
        banner.visibleProperty().bind(ctx.presenterProperty());
        banner.managedProperty().bind(ctx.presenterProperty());
        root.setBottom(new VBox(banner, status));
        ctx.presenterProperty().addListener((o, a, on) -> {
            if (on) root.getStyleClass().add("presenter");
            else root.getStyleClass().remove("presenter");
        });
        ctx.showPageProperty().addListener((o, a, name) -> {
            if (name == null) return;
            for (Page p : nav.getItems()) if (p.title().equals(name)) nav.getSelectionModel().select(p);
            ctx.showPageProperty().set(null);
        });
        return root;
    }

    /** The window's content: navigation and page area; pages are built when first selected. */
    public static BorderPane shell(List<Page> pages) {
        BorderPane root = new BorderPane();
        ListView<Page> nav = new ListView<>();
        nav.setId("navigation");
        nav.getItems().setAll(pages);
        nav.setPrefWidth(170);
        nav.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Page page, boolean empty) {
                super.updateItem(page, empty);
                setText(empty || page == null ? null : page.title());
                setId(empty || page == null ? null : "nav-" + page.title().toLowerCase().replace(' ', '-'));
            }
        });
        Map<Page, Node> built = new HashMap<>();
        nav.getSelectionModel().selectedItemProperty().addListener((obs, old, page) -> {
            if (page != null) root.setCenter(built.computeIfAbsent(page, Page::view));
        });
        root.setLeft(nav);
        nav.getSelectionModel().selectFirst();
        return root;
    }
}
