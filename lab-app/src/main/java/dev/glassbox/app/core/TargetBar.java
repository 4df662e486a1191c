package dev.glassbox.app.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;

/**
 * The bar at the top of the window: which container (or PID) the live views look at. The list
 * of running containers is read in the background every 2 s.
 */
public final class TargetBar extends HBox {
    private final AppContext ctx;
    private final ComboBox<Target> choice = new ComboBox<>();
    private final LivePoller<List<Target>> poller;
    private boolean updating;

    public TargetBar(AppContext ctx) {
        super(8);
        this.ctx = ctx;
        getStyleClass().add("target-bar");
        choice.setId("target-choice");
        choice.setPrefWidth(280);
        choice.getItems().setAll(Target.HOST);
        choice.setValue(ctx.target());
        choice.valueProperty().addListener((o, a, t) -> {
            if (!updating && t != null) ctx.targetProperty().set(t);
        });
        ctx.targetProperty().addListener((o, a, t) -> {
            updating = true;
            if (!choice.getItems().contains(t)) {
                choice.getItems().removeIf(x -> t.isContainer() && t.containerId().equals(x.containerId()));
                choice.getItems().add(t);
            }
            choice.setValue(t);
            updating = false;
        });
        TextField pid = new TextField();
        pid.setId("target-pid");
        pid.setPromptText("any PID (Docker's, runc's...)");
        pid.setPrefWidth(190);
        Button go = new Button("Inspect PID");
        go.setId("target-pid-go");
        go.setOnAction(e -> {
            try {
                ctx.targetProperty().set(Target.pid(Integer.parseInt(pid.getText().strip())));
            } catch (NumberFormatException ex) {
                ctx.statusProperty().set("\"" + pid.getText() + "\" is not a PID: type a number, as ps shows it");
            }
        });
        pid.setOnAction(go.getOnAction());
        getChildren().addAll(new Label("Looking at:"), choice, pid, go);
        poller = new LivePoller<>(this::readTargets, Duration.ofSeconds(3));
        poller.whenNew(ctx.tasks().ui(), () -> poller.pickUp(this::update,
                err -> ctx.statusProperty().set(UserMessage.of("Listing containers", err))));
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) poller.start();
            else poller.stop();
        });
    }

    private List<Target> readTargets() {
        List<Target> out = new ArrayList<>();
        out.add(Target.HOST);
        for (Containers.Row r : Containers.list(ctx.engine(), false)) out.add(r.target());
        return out;
    }

    private void update(List<Target> targets) {
        updating = true;
        Target cur = ctx.target();
        List<Target> items = new ArrayList<>(targets);
        if (cur != null && !cur.isContainer() && !items.contains(cur)) items.add(cur);
        if (!choice.getItems().equals(items)) choice.getItems().setAll(items); // no repaint when nothing changed
        // the current container may have got its PID (or lost it): follow the fresh entry
        Target fresh = cur;
        for (Target t : targets) if (cur != null && cur.isContainer() && cur.containerId().equals(t.containerId())) fresh = t;
        if (fresh != null && !choice.getItems().contains(fresh)) choice.getItems().add(fresh);
        if (!java.util.Objects.equals(choice.getValue(), fresh)) choice.setValue(fresh);
        updating = false;
        if (fresh != null && !fresh.equals(cur) && (fresh.pid() > 0 || cur.pid() == 0)) ctx.targetProperty().set(fresh);
    }
}
