package dev.glassbox.app.exercises;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.exercise.CheckResult;
import dev.glassbox.exercise.ExerciseResult;
import dev.glassbox.exercise.Workshop;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Exercises page: the list on the left in course order; on the right the chosen
 * exercise's instructions beside its results, hints and the way to its live view.
 */
public final class ExercisesView extends BorderPane {
    private final ExercisesViewModel vm;
    private final ListView<Workshop.Summary> list = new ListView<>();
    private final VBox instructions = new VBox(8);
    private final VBox results = new VBox(8);
    private final VBox hints = new VBox(6);
    private final Label score = new Label();
    private final Button openView = new Button();

    public ExercisesView(AppContext ctx, ExercisesViewModel vm) {
        this.vm = vm;
        Label title = new Label("Exercises");
        title.getStyleClass().add("page-title");
        Label expl = new Label("Graded from what the kernel holds, not from what you typed: do the exercise in a terminal "
                + "(glassbox or docker), then Check. Start prepares what an exercise begins from; Reset removes what it made.");
        expl.getStyleClass().add("page-explanation");
        expl.setWrapText(true);
        setTop(new VBox(2, title, expl));

        list.setId("ex-list");
        list.setItems(vm.exercises());
        list.setPrefWidth(290);
        list.setMinWidth(220);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Workshop.Summary s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setText(null);
                    setGraphic(null);
                    setId(null);
                    return;
                }
                Label t = new Label(s.title());
                t.getStyleClass().add("ex-item-title");
                Label sub = new Label(s.id() + "  \u00b7  " + s.sessionTitle() + "  \u00b7  " + s.maxPoints() + " pts");
                sub.getStyleClass().add("ex-item-sub");
                setText(null);
                setGraphic(new VBox(1, t, sub));
                // as wide as the list, not as the longest title: titles end in "..." rather than scroll sideways
                setPrefWidth(0);
                setId("ex-item-" + s.id());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> vm.select(s));
        vm.selectedProperty().addListener((o, a, s) -> {
            if (s != null && list.getSelectionModel().getSelectedItem() != s) {
                list.getSelectionModel().select(s);
                list.scrollTo(s);
            }
            updateViewButton();
        });

        Button start = button("ex-start", "Start", vm::start);
        Button reset = button("ex-reset", "Reset", vm::reset);
        Button check = button("ex-check", "Check", vm::check);
        check.setDefaultButton(true);
        Button hint = button("ex-hint", "Show a hint", vm::nextHint);
        openView.setId("ex-open-view");
        openView.setOnAction(e -> vm.openView());
        for (Button b : new Button[] {start, reset, check}) b.disableProperty().bind(vm.busyProperty().or(vm.selectedProperty().isNull()));
        hint.disableProperty().bind(vm.hintsShownProperty().greaterThanOrEqualTo(javafx.beans.binding.Bindings.size(vm.hints())));
        openView.disableProperty().bind(vm.busyProperty().or(vm.selectedProperty().isNull()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, start, reset, check, grow, hint, openView);
        bar.getStyleClass().add("ex-bar");

        instructions.setId("ex-instructions");
        instructions.getStyleClass().add("side-panel");
        ScrollPane instrScroll = new ScrollPane(instructions);
        instrScroll.setFitToWidth(true);
        vm.instructionsProperty().addListener((o, a, md) -> Markdown.render(md, instructions));

        score.setId("ex-score");
        score.getStyleClass().add("step-title");
        results.setId("ex-results");
        hints.setId("ex-hints");
        Label message = new Label();
        message.setId("ex-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        VBox right = new VBox(10, message, score, results, hints);
        right.getStyleClass().add("side-panel");
        ScrollPane resultScroll = new ScrollPane(right);
        resultScroll.setFitToWidth(true);
        vm.resultProperty().addListener((o, a, r) -> {
            showResult(r);
            updateViewButton();
        });
        vm.hintsShownProperty().addListener((o, a, b) -> showHints());
        vm.hints().addListener((ListChangeListener<String>) c -> showHints());

        SplitPane work = new SplitPane(instrScroll, resultScroll);
        work.setDividerPositions(0.5);
        BorderPane detail = new BorderPane(work);
        detail.setTop(bar);
        SplitPane split = new SplitPane(list, detail);
        split.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(list, false);
        setCenter(split);
        showResult(null);
        updateViewButton();
        vm.load();
    }

    private static Button button(String id, String text, Runnable r) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> r.run());
        return b;
    }

    private void updateViewButton() {
        openView.setText("Open the " + ExercisesViewModel.pageOf(vm.view()) + " view");
    }

    private void showResult(ExerciseResult r) {
        results.getChildren().clear();
        if (r == null) {
            score.setText("Not checked yet");
            return;
        }
        score.setText((r.complete() ? "\u2714 " : "") + r.score() + " / " + r.maxScore() + " points");
        score.getStyleClass().removeAll("check-pass", "check-fail");
        score.getStyleClass().add(r.complete() ? "check-pass" : "check-fail");
        for (CheckResult c : r.checks()) results.getChildren().add(card(c));
    }

    private static VBox card(CheckResult c) {
        Label mark = new Label(c.passed() ? "\u2714 pass" : "\u2718 fail");
        mark.getStyleClass().add(c.passed() ? "check-pass" : "check-fail");
        mark.setMinWidth(Region.USE_PREF_SIZE);
        Label what = new Label(c.description());
        what.setWrapText(true);
        what.getStyleClass().add("table-head");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label pts = new Label(c.points() + "/" + c.maxPoints());
        pts.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(8, mark, what, grow, pts);
        Label observed = new Label("observed: " + c.observed());
        observed.getStyleClass().add("mono");
        observed.setWrapText(true);
        VBox card = new VBox(3, head, observed);
        if (!c.passed() && c.feedback() != null) {
            Label fb = new Label(c.feedback());
            fb.setWrapText(true);
            fb.getStyleClass().add("ex-feedback");
            fb.setId("ex-feedback-" + c.id());
            card.getChildren().add(fb);
        }
        card.setId("ex-check-" + c.id());
        card.getStyleClass().addAll("ex-card", c.passed() ? "ex-card-pass" : "ex-card-fail");
        return card;
    }

    private void showHints() {
        hints.getChildren().clear();
        var shown = vm.shownHints();
        if (vm.hints().isEmpty()) return;
        Label head = new Label("Hints (" + shown.size() + " of " + vm.hints().size() + ")");
        head.getStyleClass().add("table-head");
        hints.getChildren().add(head);
        for (int i = 0; i < shown.size(); i++) {
            Label h = new Label((i + 1) + ". " + shown.get(i));
            h.setWrapText(true);
            h.setId("ex-hint-" + (i + 1));
            h.getStyleClass().add("ex-hint-text");
            hints.getChildren().add(h);
        }
    }

    public ListView<Workshop.Summary> list() {
        return list;
    }
}
