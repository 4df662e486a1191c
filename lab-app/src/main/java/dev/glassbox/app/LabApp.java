package dev.glassbox.app;

import dev.glassbox.app.quiz.QuizPage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The Glassbox lab app: a navigation list of pages on the left, the selected page on the right. */
public final class LabApp extends Application {
    /** The pages, in navigation order. Adding a page is adding a line here. */
    static List<Page> pages() {
        return List.of(
                new QuizPage());
    }

    /** Starts the app (blocks until its window is closed). Called by {@code glassbox lab}. */
    public static void launchApp(String[] args) {
        Application.launch(LabApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Glassbox lab");
        stage.setScene(new Scene(shell(pages()), 1100, 720));
        stage.show();
    }

    /** The window's content: navigation and page area; pages are built when first selected. */
    public static BorderPane shell(List<Page> pages) {
        BorderPane root = new BorderPane();
        ListView<Page> nav = new ListView<>();
        nav.setId("navigation");
        nav.getItems().setAll(pages);
        nav.setPrefWidth(180);
        nav.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Page page, boolean empty) {
                super.updateItem(page, empty);
                setText(empty || page == null ? null : page.title());
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
