package dev.glassbox.app.layers;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.LivePage;
import dev.glassbox.app.core.Palettes;
import dev.glassbox.app.core.Target;
import dev.glassbox.app.draw.FigurePane;
import dev.glassbox.slides.figures.LayerFigure;
import java.time.Duration;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Layers page: the overlay stack as a diagram and the merged view with each file's layer. */
public final class LayersView extends LivePage<LayersViewModel.Snapshot> {
    private final LayersViewModel vm;
    private final FigurePane figure = new FigurePane("layers-figure", "layers");
    private final TableView<LayersViewModel.Entry> files = new TableView<>();
    private final Label where = new Label();
    private LayersViewModel.Snapshot last;

    public LayersView(AppContext ctx, LayersViewModel vm) {
        super(ctx, "Layers", "The container's / is an overlay: read-only image layers under one writable upper "
                + "layer. Writing a file copies it up; deleting one leaves a whiteout.", Duration.ofSeconds(1));
        this.vm = vm;
        figure.setStatus(message::setText);
        files.setId("layers-files");
        where.setId("layers-dir");
        TableColumn<LayersViewModel.Entry, String> name = new TableColumn<>("name");
        name.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().name() + (d.getValue().directory() ? "/" : "")
                + (d.getValue().opaque() ? "  (opaque)" : "")));
        name.setPrefWidth(230);
        TableColumn<LayersViewModel.Entry, String> layer = new TableColumn<>("layer");
        layer.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().layer()));
        TableColumn<LayersViewModel.Entry, String> size = new TableColumn<>("size");
        size.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().directory() ? "" : Long.toString(d.getValue().size())));
        files.getColumns().setAll(java.util.List.of(name, layer, size));
        files.setRowFactory(t -> {
            TableRow<LayersViewModel.Entry> row = new TableRow<>() {
                @Override
                protected void updateItem(LayersViewModel.Entry e, boolean empty) {
                    super.updateItem(e, empty);
                    getStyleClass().removeAll("file-upper", "file-deleted");
                    if (!empty && e != null && e.inUpper()) getStyleClass().add("file-upper");
                    if (!empty && e != null && e.layer().equals("deleted")) getStyleClass().add("file-deleted");
                }
            };
            row.setOnMouseClicked(ev -> {
                if (ev.getClickCount() == 2 && row.getItem() != null && row.getItem().directory()) {
                    vm.browse((vm.dir().equals("/") ? "" : vm.dir()) + "/" + row.getItem().name());
                    poller().refresh();
                }
            });
            return row;
        });
        Button up = new Button("Up");
        up.setId("layers-up");
        up.setOnAction(e -> {
            vm.up();
            poller().refresh();
        });
        Label legend = new Label("blue rows: in the upper layer (written by the container); red: deleted (whiteout)");
        legend.getStyleClass().add("page-explanation");
        VBox browser = new VBox(4, new HBox(8, up, where), files, legend);
        VBox.setVgrow(files, Priority.ALWAYS);
        SplitPane split = new SplitPane(figure, browser);
        split.setDividerPositions(0.55);
        setCenter(split);
        ctx.presenterProperty().addListener((o, a, b) -> redraw());
    }

    @Override
    protected LayersViewModel.Snapshot read(Target target) {
        return vm.read(target);
    }

    @Override
    protected void show(LayersViewModel.Snapshot s) {
        last = s;
        where.setText("merged view of " + ctx.target().name() + ":  " + s.dir());
        files.getItems().setAll(s.entries());
        redraw();
    }

    private void redraw() {
        if (last != null) figure.show(LayerFigure.draw(last.stack(), last.report(), Map.of(), Palettes.of(ctx)));
    }

    public LayersViewModel.Snapshot snapshot() {
        return last;
    }
}
