package dev.glassbox.app.quiz;

import dev.glassbox.quiz.engine.AnswerText;
import dev.glassbox.quiz.engine.AskedQuestion;
import dev.glassbox.quiz.engine.Response;
import dev.glassbox.quiz.model.Figure;
import dev.glassbox.quiz.model.Pair;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Quiz page: a setup form, then one question at a time with the timer always in view,
 * then the review with feedback for every question and the weak topics from the history.
 * All state lives in the {@link QuizViewModel}; this class only builds controls and binds them.
 */
public final class QuizView extends BorderPane {
    private static final String CSS = """
            .quiz-title { -fx-font-size: 20px; -fx-font-weight: bold; }
            .quiz-timer { -fx-font-size: 26px; -fx-font-weight: bold; -fx-font-family: monospace; }
            .quiz-timer-low { -fx-text-fill: #c0392b; }
            .quiz-question { -fx-font-size: 16px; }
            .quiz-progress { -fx-text-fill: #555; }
            .verdict-RIGHT { -fx-text-fill: #1e7e34; -fx-font-weight: bold; }
            .verdict-PARTLY_RIGHT { -fx-text-fill: #b36b00; -fx-font-weight: bold; }
            .verdict-WRONG { -fx-text-fill: #c0392b; -fx-font-weight: bold; }
            .review-item { -fx-padding: 8; -fx-border-color: #ddd; -fx-border-width: 0 0 1 0; }
            .quiz-message { -fx-text-fill: #555; -fx-font-style: italic; }
            """;

    private final QuizViewModel vm;
    private final VBox answers = new VBox(8);
    private final Timeline ticker;

    public QuizView(QuizViewModel vm) {
        this.vm = vm;
        setId("quiz-view");
        setPadding(new Insets(16));
        getStylesheets().add("data:text/css;base64,"
                + java.util.Base64.getEncoder().encodeToString(CSS.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Node setup = setupPane();
        Node running = runningPane();
        Node review = reviewPane();
        vm.stateProperty().addListener((o, was, now) -> show(now, setup, running, review));
        show(vm.stateProperty().get(), setup, running, review);
        vm.currentProperty().addListener((o, was, q) -> buildAnswers(q));
        // ~5 Hz is enough for a seconds display and never floods the FX thread
        ticker = new Timeline(new KeyFrame(javafx.util.Duration.millis(200), e -> vm.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    private void show(QuizViewModel.State state, Node setup, Node running, Node review) {
        setCenter(switch (state) {
            case SETUP, PREPARING -> setup;
            case RUNNING -> running;
            case REVIEW -> review;
        });
    }

    private Node setupPane() {
        Label title = new Label("Quiz: test yourself on the course");
        title.getStyleClass().add("quiz-title");
        Label intro = new Label("Questions are drawn across topics. The timer starts when you press Start; "
                + "when it reaches 0:00 the attempt ends and the review shows why each answer is right or wrong.");
        intro.setWrapText(true);

        ComboBox<Integer> session = new ComboBox<>();
        session.setId("session");
        session.getItems().addAll(null, 1, 2, 3);
        session.setConverter(converter(s -> s == null ? "All sessions" : switch (s) {
            case 1 -> "1: Using containers";
            case 2 -> "2: Images and Dockerfiles";
            default -> "3: Dockerizing";
        }));
        session.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                setText(session.getConverter().toString(item));
            }
        });
        session.valueProperty().bindBidirectional(vm.sessionProperty());

        ComboBox<String> topic = new ComboBox<>();
        topic.setId("topic");
        Runnable fillTopics = () -> {
            String keep = vm.topicProperty().get();
            topic.getItems().setAll((String) null);
            topic.getItems().addAll(vm.topics());
            topic.setValue(keep);
        };
        vm.topics().addListener((javafx.collections.ListChangeListener<String>) c -> fillTopics.run());
        fillTopics.run();
        topic.setConverter(converter(t -> t == null ? "All topics" : vm.bank().topicTitle(t)));
        topic.valueProperty().bindBidirectional(vm.topicProperty());

        Spinner<Integer> count = new Spinner<>(1, 50, vm.countProperty().get());
        count.setId("count");
        count.valueProperty().addListener((o, a, b) -> vm.countProperty().set(b));
        Spinner<Integer> minutes = new Spinner<>(1, 120, (int) vm.timeLimitProperty().get().toMinutes());
        minutes.setId("minutes");
        minutes.valueProperty().addListener((o, a, b) -> vm.timeLimitProperty().set(Duration.ofMinutes(b)));

        Button start = new Button("Start");
        start.setId("start");
        start.setDefaultButton(true);
        start.disableProperty().bind(vm.stateProperty().isEqualTo(QuizViewModel.State.PREPARING));
        start.setOnAction(e -> vm.start());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Session"), session);
        form.addRow(1, new Label("Topic"), topic);
        form.addRow(2, new Label("Questions"), count);
        form.addRow(3, new Label("Minutes"), minutes);

        Label message = new Label();
        message.getStyleClass().add("quiz-message");
        message.textProperty().bind(vm.messageProperty());

        VBox box = new VBox(14, title, intro, form, start, message, weakTopicsBox());
        box.setMaxWidth(760);
        return box;
    }

    private Node weakTopicsBox() {
        Label head = new Label("Weak topics from your history");
        head.setStyle("-fx-font-weight: bold;");
        ListView<String> weak = new ListView<>(vm.weakTopics());
        weak.setId("weak-topics");
        weak.setPrefHeight(90);
        weak.setPlaceholder(new Label("No weak topic: a topic appears here when your attempts at it score under 60%."));
        return new VBox(6, head, weak);
    }

    private Node runningPane() {
        Label progress = new Label();
        progress.setId("progress");
        progress.getStyleClass().add("quiz-progress");
        progress.textProperty().bind(vm.progressTextProperty());

        Label timer = new Label();
        timer.setId("timer");
        timer.getStyleClass().add("quiz-timer");
        timer.textProperty().bind(vm.timerTextProperty());
        vm.timeLowProperty().addListener((o, a, low) -> {
            if (low) timer.getStyleClass().add("quiz-timer-low");
            else timer.getStyleClass().remove("quiz-timer-low");
        });
        ProgressBar bar = new ProgressBar();
        bar.setId("time-bar");
        bar.setPrefWidth(160);
        bar.progressProperty().bind(vm.timeFractionProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(12, progress, spacer, new Label("Time left"), timer, bar);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(0, 0, 12, 0));

        ScrollPane center = new ScrollPane(answers);
        center.setFitToWidth(true);
        center.setStyle("-fx-background-color: transparent;");
        answers.setPadding(new Insets(8));

        Button previous = new Button("< Previous");
        previous.setId("previous");
        previous.setOnAction(e -> vm.previous());
        previous.disableProperty().bind(vm.indexProperty().lessThanOrEqualTo(0));
        Button next = new Button("Next >");
        next.setId("next");
        next.setOnAction(e -> vm.next());
        Button finish = new Button("Finish and review");
        finish.setId("finish");
        finish.setOnAction(e -> vm.finish());
        Label message = new Label();
        message.getStyleClass().add("quiz-message");
        message.textProperty().bind(vm.messageProperty());
        HBox buttons = new HBox(10, previous, next, finish, message);
        buttons.setPadding(new Insets(12, 0, 0, 0));
        buttons.setAlignment(Pos.CENTER_LEFT);

        BorderPane pane = new BorderPane(center);
        pane.setTop(top);
        pane.setBottom(buttons);
        return pane;
    }

    private void buildAnswers(AskedQuestion q) {
        answers.getChildren().clear();
        if (q == null) return;
        Label text = new Label(q.question().text());
        text.setId("question-text");
        text.setWrapText(true);
        text.getStyleClass().add("quiz-question");
        answers.getChildren().add(text);
        Figure figure = q.question().figure();
        if (figure != null) answers.getChildren().add(figureNode(figure));
        Response given = vm.currentResponseProperty().get();
        switch (q.question().type()) {
            case SINGLE -> {
                ToggleGroup group = new ToggleGroup();
                for (int i = 0; i < q.choices().size(); i++) {
                    RadioButton rb = new RadioButton(AnswerText.letter(i) + ")  " + q.choices().get(i).text());
                    rb.setId("choice-" + i);
                    rb.setWrapText(true);
                    rb.setToggleGroup(group);
                    int idx = i;
                    rb.setSelected(given instanceof Response.Chosen c && c.indexes().contains(i));
                    rb.setOnAction(e -> vm.answer(Response.Chosen.of(idx)));
                    answers.getChildren().add(rb);
                }
            }
            case MULTIPLE -> {
                answers.getChildren().add(new Label("Select all that apply."));
                Set<Integer> chosen = new HashSet<>(given instanceof Response.Chosen c ? c.indexes() : Set.of());
                for (int i = 0; i < q.choices().size(); i++) {
                    CheckBox cb = new CheckBox(AnswerText.letter(i) + ")  " + q.choices().get(i).text());
                    cb.setId("choice-" + i);
                    cb.setWrapText(true);
                    cb.setSelected(chosen.contains(i));
                    int idx = i;
                    cb.setOnAction(e -> {
                        if (cb.isSelected()) chosen.add(idx);
                        else chosen.remove(idx);
                        vm.answer(new Response.Chosen(chosen));
                    });
                    answers.getChildren().add(cb);
                }
            }
            case TRUE_FALSE -> {
                ToggleGroup group = new ToggleGroup();
                for (boolean value : new boolean[] {true, false}) {
                    RadioButton rb = new RadioButton(value ? "True" : "False");
                    rb.setId(value ? "true" : "false");
                    rb.setToggleGroup(group);
                    rb.setSelected(given instanceof Response.Truth t && t.value() == value);
                    rb.setOnAction(e -> vm.answer(new Response.Truth(value)));
                    answers.getChildren().add(rb);
                }
            }
            case SHORT_ANSWER, NUMERICAL -> {
                TextField field = new TextField(given instanceof Response.Typed t ? t.text() : "");
                field.setId("text-answer");
                field.setPromptText(AnswerText.hint(q));
                field.setMaxWidth(420);
                field.textProperty().addListener((o, a, b) -> {
                    if (!b.isBlank()) vm.answer(new Response.Typed(b));
                });
                answers.getChildren().add(field);
            }
            case MATCHING -> {
                GridPane grid = new GridPane();
                grid.setHgap(12);
                grid.setVgap(8);
                Map<String, String> chosen = new HashMap<>(given instanceof Response.Matched m ? m.pairs() : Map.of());
                List<Pair> pairs = q.question().pairs();
                for (int i = 0; i < pairs.size(); i++) {
                    String left = pairs.get(i).left();
                    Label l = new Label(left);
                    l.setWrapText(true);
                    l.setMaxWidth(300);
                    ComboBox<String> box = new ComboBox<>();
                    box.setId("match-" + i);
                    box.getItems().setAll(q.matchOptions());
                    box.setPromptText("choose...");
                    box.setValue(chosen.get(left));
                    box.setOnAction(e -> {
                        if (box.getValue() != null) chosen.put(left, box.getValue());
                        vm.answer(new Response.Matched(chosen));
                    });
                    grid.addRow(i, l, box);
                }
                answers.getChildren().add(grid);
            }
        }
    }

    private static Node figureNode(Figure figure) {
        if (!figure.mimeType().equals("image/svg+xml")) {
            ImageView view = new ImageView(new Image(new ByteArrayInputStream(figure.bytes())));
            view.setPreserveRatio(true);
            view.setFitWidth(480);
            return view;
        }
        // JavaFX has no SVG renderer: show the figure's description (Moodle exports show the SVG itself)
        Label alt = new Label("Figure: " + figure.alt());
        alt.setWrapText(true);
        alt.setStyle("-fx-border-color: #999; -fx-border-style: dashed; -fx-padding: 10; -fx-background-color: #f6f8fb;");
        return alt;
    }

    private Node reviewPane() {
        Label score = new Label();
        score.setId("score");
        score.getStyleClass().add("quiz-title");
        score.textProperty().bind(vm.scoreTextProperty());
        ListView<ReviewItem> list = new ListView<>(vm.review());
        list.setId("review");
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(ReviewItem item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                setGraphic(empty || item == null ? null : reviewNode(item, lv));
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button again = new Button("New quiz");
        again.setId("new-quiz");
        again.setOnAction(e -> vm.newQuiz());
        return new VBox(10, score, list, weakTopicsBox(), again);
    }

    private static Node reviewNode(ReviewItem item, ListView<?> lv) {
        Label verdict = new Label(switch (item.verdict()) {
            case RIGHT -> "RIGHT";
            case PARTLY_RIGHT -> "PARTLY RIGHT";
            case WRONG -> "WRONG";
        });
        verdict.getStyleClass().add("verdict-" + item.verdict().name());
        Label head = new Label(item.number() + ". " + item.question());
        head.setWrapText(true);
        head.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        head.setStyle("-fx-font-weight: bold;");
        Label topic = new Label(item.topicTitle());
        topic.getStyleClass().add("quiz-progress");
        VBox box = new VBox(3, new HBox(8, verdict, topic), head,
                wrapped("Your answer: " + item.yourAnswer()), wrapped("Right answer: " + item.rightAnswer()));
        for (String f : item.feedback()) box.getChildren().add(wrapped("  - " + f));
        if (item.explanation() != null) box.getChildren().add(wrapped("Why: " + item.explanation()));
        box.getStyleClass().add("review-item");
        box.maxWidthProperty().bind(lv.widthProperty().subtract(40));
        box.prefWidthProperty().bind(lv.widthProperty().subtract(40));
        return box;
    }

    private static Label wrapped(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        // as tall as its wrapped lines: in a list cell a wrapping label is otherwise cut to one line with "..."
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.getStyleClass().add("review-line");
        return l;
    }

    private static <T> javafx.util.StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(T t) {
                return f.apply(t);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Stops the timer animation (when the page is thrown away). */
    public void dispose() {
        ticker.stop();
    }
}
