package dev.glassbox.app.dashboard;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.LivePage;
import dev.glassbox.app.core.Target;
import dev.glassbox.app.core.TerminalRequest;
import dev.glassbox.app.core.UserMessage;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Dashboard: every container of the engine, live, with start/stop/kill/rm/pause/exec. */
public final class DashboardView extends LivePage<List<DashboardViewModel.Row>> {
    private final DashboardViewModel vm;
    private final TableView<DashboardViewModel.Row> table = new TableView<>();

    public DashboardView(AppContext ctx, DashboardViewModel vm) {
        super(ctx, "Dashboard", "The engine's containers, as glassbox ps -a shows them, with their limits and "
                + "what they use now. Select one: the live views follow it.", Duration.ofSeconds(2));
        this.vm = vm;
        table.setId("dashboard-table");
        table.setPlaceholder(new Label("No containers yet: make one step by step on the New container page, or with sudo glassbox run."));
        table.getColumns().add(col("name", r -> r.c().name(), 90));
        table.getColumns().add(col("id", r -> r.c().shortId(), 100));
        table.getColumns().add(col("image", r -> r.c().image(), 55));
        table.getColumns().add(col("command", r -> r.c().command(), 90));
        table.getColumns().add(col("state", r -> r.c().status(), 120));
        table.getColumns().add(col("PID", r -> r.c().pid() > 0 ? Integer.toString(r.c().pid()) : "", 55));
        table.getColumns().add(col("limits", DashboardViewModel.Row::limits, 230));
        table.getColumns().add(col("usage", DashboardViewModel.Row::usage, 120));
        table.getColumns().add(col("ports", r -> String.join(", ", r.c().ports()), 210));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null && (a == null || !a.c().id().equals(r.c().id()) || a.c().pid() != r.c().pid())) {
                ctx.targetProperty().set(r.c().target());
            }
        });
        HBox actions = new HBox(6);
        for (String a : List.of("start", "stop", "kill", "pause", "unpause", "rm")) actions.getChildren().add(action(a));
        Button shell = new Button("Shell (exec -it sh)");
        shell.setId("action-shell");
        shell.setOnAction(e -> selected().ifPresent(r -> ctx.terminalProperty().set(
                new TerminalRequest("sh in " + r.c().name(), () -> vm.execShell(r.c().id())))));
        Button attach = new Button("Attach terminal");
        attach.setId("action-attach");
        attach.setOnAction(e -> selected().ifPresent(r -> ctx.terminalProperty().set(
                new TerminalRequest(r.c().name(), () -> ctx.engine().attach(r.c().id())))));
        actions.getChildren().addAll(shell, attach);
        VBox box = new VBox(6, actions, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        setCenter(box);
    }

    private java.util.Optional<DashboardViewModel.Row> selected() {
        return java.util.Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    private Button action(String a) {
        Button b = new Button(a);
        b.setId("action-" + a);
        b.setOnAction(e -> selected().ifPresent(r -> {
            message.setText(a + " " + r.c().name() + "\u2026");
            ctx.tasks().run(() -> {
                vm.act(a, r.c().id());
                return null;
            }, ok -> {
                message.setText(a + " " + r.c().name() + ": done");
                poller().refresh();
            }, err -> message.setText(UserMessage.of(a + " " + r.c().name(), err)));
        }));
        return b;
    }

    private static TableColumn<DashboardViewModel.Row, String> col(String title, Function<DashboardViewModel.Row, String> f,
                                                                  double w) {
        TableColumn<DashboardViewModel.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    @Override
    protected List<DashboardViewModel.Row> read(Target target) {
        return vm.read(target);
    }

    @Override
    protected void show(List<DashboardViewModel.Row> rows) {
        String sel = selected().map(r -> r.c().id()).orElse(null);
        table.getItems().setAll(rows);
        if (sel != null) {
            for (DashboardViewModel.Row r : rows) {
                if (r.c().id().equals(sel)) table.getSelectionModel().select(r);
            }
        }
    }

    public TableView<DashboardViewModel.Row> table() {
        return table;
    }
}
