package dev.glassbox.app.steps;

import dev.glassbox.runtime.step.StepReport;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The New container page: the form, then the step list with Next / Run all / Undo to here and each step's story. */
public final class NewContainerView extends BorderPane {
    private final NewContainerViewModel vm;
    private final ListView<StepItem> list = new ListView<>();
    private final Label stepTitle = new Label();
    private final Label explanation = new Label();
    private final TextArea shell = new TextArea();
    private final TextArea changes = new TextArea();

    public NewContainerView(NewContainerViewModel vm) {
        this(vm, new javafx.beans.property.SimpleBooleanProperty());
    }

    /** @param presenter in presenter mode the form is hidden: the steps and their story fill the screen */
    public NewContainerView(NewContainerViewModel vm, javafx.beans.value.ObservableBooleanValue presenter) {
        this.vm = vm;
        setId("new-container");
        Label title = new Label("New container");
        title.getStyleClass().add("page-title");
        Label intro = new Label("Choose what to run and its limits, then watch the engine build the container one "
                + "kernel step at a time. The live views on the left follow it.");
        intro.getStyleClass().add("page-explanation");
        intro.setWrapText(true);
        ProgressIndicator spin = new ProgressIndicator();
        spin.setPrefSize(22, 22);
        spin.visibleProperty().bind(vm.busyProperty());
        Label msg = new Label();
        msg.setId("step-message");
        msg.setWrapText(true);
        msg.textProperty().bind(vm.messageProperty());
        setTop(new VBox(2, title, intro, new HBox(8, spin, msg)));

        VBox form = form();
        BorderPane steps = steps();
        SplitPane split = new SplitPane(form, steps);
        split.setDividerPositions(0.30);
        setCenter(split);
        presenter.addListener((o, a, on) -> {
            if (on) split.getItems().remove(form);
            else if (!split.getItems().contains(form)) {
                split.getItems().addFirst(form);
                split.setDividerPositions(0.30);
            }
        });
    }

    private VBox form() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().setAll(labels, fields);
        int r = 0;
        g.addRow(r++, new Label("image"), field("f-image", vm.imageProperty(), "base (built from the host's programs)"));
        g.addRow(r++, new Label("command"), field("f-command", vm.commandProperty(), "sh"));
        g.addRow(r++, new Label("name"), field("f-name", vm.nameProperty(), "(generated)"));
        g.addRow(r++, new Label("hostname"), field("f-hostname", vm.hostnameProperty(), "lab"));
        g.addRow(r++, new Label("memory"), field("f-memory", vm.memoryProperty(), "64m  (empty: no limit)"));
        g.addRow(r++, new Label("cpus"), field("f-cpus", vm.cpusProperty(), "0.5"));
        g.addRow(r++, new Label("pids"), field("f-pids", vm.pidsProperty(), "100"));
        g.addRow(r++, new Label("cap add"), field("f-capadd", vm.capAddProperty(), "NET_ADMIN, SYS_TIME"));
        g.addRow(r++, new Label("cap drop"), field("f-capdrop", vm.capDropProperty(), "ALL, or CHOWN"));
        ComboBox<String> net = new ComboBox<>();
        net.setId("f-network");
        net.setEditable(true);
        net.getItems().setAll("bridge", "none", "host");
        net.valueProperty().bindBidirectional(vm.networkProperty());
        g.addRow(r++, new Label("network"), net);
        TextArea vols = new TextArea();
        vols.setId("f-volumes");
        vols.setPromptText("-v, one a line: data:/data, /srv/www:/www:ro");
        vols.setPrefRowCount(2);
        vols.textProperty().bindBidirectional(vm.volumesProperty());
        g.addRow(r++, new Label("volumes"), vols);
        CheckBox tty = new CheckBox("-it: a terminal (opens in the app)");
        tty.setId("f-tty");
        tty.selectedProperty().bindBidirectional(vm.ttyProperty());
        g.add(tty, 1, r++);
        Label cli = new Label();
        cli.setId("f-cli");
        cli.setWrapText(true);
        cli.getStyleClass().add("mono");
        cli.textProperty().bind(Bindings.createStringBinding(() -> vm.form().commandLine(), vm.imageProperty(),
                vm.commandProperty(), vm.nameProperty(), vm.hostnameProperty(), vm.memoryProperty(), vm.cpusProperty(),
                vm.pidsProperty(), vm.capAddProperty(), vm.capDropProperty(), vm.networkProperty(), vm.volumesProperty(),
                vm.ttyProperty()));
        Button create = new Button("Create");
        create.setId("create");
        create.setDefaultButton(true);
        create.disableProperty().bind(vm.busyProperty().or(vm.stateProperty().isNotEqualTo(NewContainerViewModel.State.FORM)));
        create.setOnAction(e -> vm.create());
        Button discard = new Button("Remove and start over");
        discard.setId("discard");
        discard.disableProperty().bind(vm.busyProperty().or(vm.stateProperty().isEqualTo(NewContainerViewModel.State.FORM)));
        discard.setOnAction(e -> vm.discard());
        g.disableProperty().bind(vm.stateProperty().isNotEqualTo(NewContainerViewModel.State.FORM));
        VBox box = new VBox(8, g, new Label("the same from a shell:"), cli, new HBox(8, create, discard));
        box.setPadding(new Insets(6));
        return box;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private BorderPane steps() {
        list.setId("step-list");
        list.setItems(vm.steps());
        list.setPrefWidth(340);
        list.setMinWidth(300);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(StepItem s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.toString());
                // as wide as the list: a long title (or presenter mode's large type) wraps instead of being cut
                setWrapText(true);
                setPrefWidth(0);
                getStyleClass().removeAll("step-done", "step-next", "step-failed");
                if (!empty && s != null) {
                    switch (s.status()) {
                        case DONE -> getStyleClass().add("step-done");
                        case NEXT -> getStyleClass().add("step-next");
                        case FAILED -> getStyleClass().add("step-failed");
                        default -> { }
                    }
                }
            }
        });
        list.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.selectedProperty().set(b.intValue());
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (list.getSelectionModel().getSelectedIndex() != b.intValue()) list.getSelectionModel().select(b.intValue());
            showSelected();
        });
        vm.steps().addListener((javafx.collections.ListChangeListener<StepItem>) c -> showSelected());

        Button next = new Button("Next \u25b6");
        next.setId("next-step");
        next.setOnAction(e -> vm.next());
        Button all = new Button("Run all");
        all.setId("run-all");
        all.setOnAction(e -> vm.runAll());
        Button undo = new Button("Undo to here");
        undo.setId("undo-to");
        undo.setOnAction(e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (i >= 0) vm.undoTo(i + 1);
        });
        Button abort = new Button("Abort (undo all)");
        abort.setId("abort");
        abort.setOnAction(e -> vm.abort());
        var stepping = vm.stateProperty().isNotEqualTo(NewContainerViewModel.State.STEPPING).or(vm.busyProperty());
        next.disableProperty().bind(stepping);
        all.disableProperty().bind(stepping);
        undo.disableProperty().bind(stepping);
        abort.disableProperty().bind(stepping);

        stepTitle.setId("step-title");
        stepTitle.getStyleClass().add("step-title");
        explanation.setId("step-explanation");
        explanation.getStyleClass().add("step-explanation");
        explanation.setWrapText(true);
        explanation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        shell.setId("step-shell");
        shell.setEditable(false);
        shell.setPrefRowCount(4);
        shell.getStyleClass().add("mono");
        changes.setId("step-changes");
        changes.setEditable(false);
        changes.setPrefRowCount(6);
        changes.getStyleClass().add("mono");
        Button copy = new Button("Copy commands");
        copy.setId("copy-shell");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(shell.getText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        VBox detail = new VBox(6, stepTitle, explanation, new HBox(8, new Label("The same by hand:"), copy), shell,
                new Label("What changed (highlighted in the live views):"), changes);
        VBox.setVgrow(changes, Priority.ALWAYS);
        detail.setPadding(new Insets(6));
        BorderPane p = new BorderPane();
        p.setTop(new HBox(6, next, all, undo, abort));
        p.setLeft(list);
        p.setCenter(detail);
        return p;
    }

    private void showSelected() {
        StepReport r = vm.selectedReport();
        int i = vm.selectedProperty().get();
        if (r == null) {
            StepItem s = i >= 0 && i < vm.steps().size() ? vm.steps().get(i) : null;
            stepTitle.setText(s == null ? "" : "Step " + s.index() + ": " + s.title() + " (not applied yet)");
            explanation.setText("");
            shell.setText("");
            changes.setText("");
            return;
        }
        stepTitle.setText("Step " + r.index() + " of " + r.total() + ": " + r.title());
        explanation.setText(r.explanation() == null ? "" : r.explanation());
        shell.setText(r.shellEquivalent() == null ? "" : String.join("\n", r.shellEquivalent()));
        changes.setText(r.changes() == null ? "" : String.join("\n", r.changes()));
    }
}
