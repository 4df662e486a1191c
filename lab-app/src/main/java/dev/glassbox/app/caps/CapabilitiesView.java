package dev.glassbox.app.caps;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.LivePage;
import dev.glassbox.app.core.Target;
import java.time.Duration;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/** The Capabilities page: a grid of the five sets, the differences, and what each capability allows. */
public final class CapabilitiesView extends LivePage<CapabilitiesViewModel.Snapshot> {
    private final CapabilitiesViewModel vm;
    private final TableView<CapabilitiesViewModel.Row> grid = new TableView<>();
    private final Label summary = new Label();
    private CapabilitiesViewModel.Snapshot last;

    public CapabilitiesView(AppContext ctx, CapabilitiesViewModel vm) {
        super(ctx, "Capabilities", "Root's powers split in ~41 pieces. The kernel checks the effective set; the "
                + "bounding set is the ceiling for everything the process will run. Docker keeps 14 by default.",
                Duration.ofSeconds(1));
        this.vm = vm;
        grid.setId("caps-grid");
        summary.setId("caps-summary");
        summary.setWrapText(true);
        grid.getColumns().add(text("capability", r -> r.cap().name(), 190));
        grid.getColumns().add(mark("Eff", CapabilitiesViewModel.Row::effective));
        grid.getColumns().add(mark("Prm", CapabilitiesViewModel.Row::permitted));
        grid.getColumns().add(mark("Inh", CapabilitiesViewModel.Row::inheritable));
        grid.getColumns().add(mark("Bnd", CapabilitiesViewModel.Row::bounding));
        grid.getColumns().add(mark("Amb", CapabilitiesViewModel.Row::ambient));
        grid.getColumns().add(diff("vs host", CapabilitiesViewModel.Row::vsHost));
        grid.getColumns().add(diff("vs Docker", CapabilitiesViewModel.Row::vsDocker));
        grid.getColumns().add(text("what it allows", CapabilitiesViewModel.Row::meaning, 520));
        grid.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        setCenter(new VBox(6, summary, grid));
        VBox.setVgrow(grid, javafx.scene.layout.Priority.ALWAYS);
    }

    private static TableColumn<CapabilitiesViewModel.Row, String> text(String title,
            Function<CapabilitiesViewModel.Row, String> f, double width) {
        TableColumn<CapabilitiesViewModel.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<CapabilitiesViewModel.Row, String> mark(String title,
            java.util.function.Predicate<CapabilitiesViewModel.Row> f) {
        TableColumn<CapabilitiesViewModel.Row, String> c = text(title, r -> f.test(r) ? "\u25cf" : "", 46);
        c.setStyle("-fx-alignment: CENTER;");
        return c;
    }

    private static TableColumn<CapabilitiesViewModel.Row, String> diff(String title,
            Function<CapabilitiesViewModel.Row, CapabilitiesViewModel.Diff> f) {
        TableColumn<CapabilitiesViewModel.Row, String> c = text(title, r -> switch (f.apply(r)) {
            case SAME -> "";
            case EXTRA -> "+ extra";
            case MISSING -> "\u2212 dropped";
        }, 86);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                getStyleClass().removeAll("cap-extra", "cap-missing");
                if (!empty && s != null && s.startsWith("+")) getStyleClass().add("cap-extra");
                if (!empty && s != null && s.startsWith("\u2212")) getStyleClass().add("cap-missing");
            }
        });
        return c;
    }

    @Override
    protected CapabilitiesViewModel.Snapshot read(Target target) {
        return vm.read(target);
    }

    @Override
    protected void show(CapabilitiesViewModel.Snapshot s) {
        last = s;
        summary.setText(s.summary());
        grid.getItems().setAll(s.rows());
    }

    public CapabilitiesViewModel.Snapshot snapshot() {
        return last;
    }
}
