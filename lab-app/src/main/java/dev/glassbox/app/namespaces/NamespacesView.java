package dev.glassbox.app.namespaces;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.LivePage;
import dev.glassbox.app.core.Palettes;
import dev.glassbox.app.core.Target;
import dev.glassbox.app.draw.FigurePane;
import dev.glassbox.inspect.NsType;
import java.time.Duration;
import java.util.stream.Collectors;
import javafx.collections.SetChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The Namespaces page: the graph of host, parent and target, and a table of the target's namespaces. */
public final class NamespacesView extends LivePage<NamespacesViewModel.Snapshot> {
    private final FigurePane figure = new FigurePane("ns-figure", "namespaces");
    private final GridPane table = new GridPane();
    private final Label chains = new Label();
    private NamespacesViewModel.Snapshot last;

    public NamespacesView(AppContext ctx, NamespacesViewModel vm) {
        super(ctx, "Namespaces", "What each process sees: a namespace per type. The container's are private "
                + "(new inode numbers); the host's are shared by every host process. PID and user namespaces "
                + "have parents.", Duration.ofSeconds(2));
        this.vm = vm;
        figure.setStatus(message::setText);
        table.setId("ns-table");
        table.setHgap(14);
        table.setVgap(3);
        chains.setId("ns-chains");
        chains.setWrapText(true);
        VBox side = new VBox(8, table, chains);
        side.getStyleClass().add("side-panel");
        side.setMinWidth(380);
        SplitPane split = new SplitPane(figure, side);
        split.setDividerPositions(0.66);
        setCenter(split);
        ctx.changed().addListener((SetChangeListener<String>) c -> redraw());
        ctx.presenterProperty().addListener((o, a, b) -> redraw());
    }

    private final NamespacesViewModel vm;

    @Override
    protected NamespacesViewModel.Snapshot read(Target target) {
        return vm.read(target);
    }

    @Override
    protected void show(NamespacesViewModel.Snapshot s) {
        last = s;
        table.getChildren().clear();
        table.addRow(0, head("type"), head("inode"), head(""), head("shared with"));
        int r = 1;
        for (NamespacesViewModel.Row row : s.rows()) {
            Label inode = new Label(Long.toString(row.inode()));
            inode.setId("ns-inode-" + row.type().fileName());
            Label kind = new Label(row.kind());
            kind.getStyleClass().add(row.host() ? "tag-host" : "tag-private");
            String shared = row.sharedWith().stream().map(String::valueOf).collect(Collectors.joining(" "));
            table.addRow(r++, new Label(row.type().fileName()), inode, kind, new Label(shared.isEmpty() ? "nobody else" : shared));
        }
        chains.setText("PID namespace chain: " + join(s.pidChain()) + "\nuser namespace chain: " + join(s.userChain()));
        redraw();
    }

    private static String join(java.util.List<Long> l) {
        return l.stream().map(String::valueOf).collect(Collectors.joining(" \u2192 "));
    }

    private static Label head(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("table-head");
        return l;
    }

    private void redraw() {
        if (last != null) figure.show(last.drawing(java.util.Set.copyOf(ctx.changed()), Palettes.of(ctx)));
    }

    public NamespacesViewModel.Snapshot snapshot() {
        return last;
    }

    public FigurePane figure() {
        return figure;
    }

    /** The inode shown for a type, "" when none is shown yet. */
    public String inodeShown(NsType t) {
        return table.lookup("#ns-inode-" + t.fileName()) instanceof Label l ? l.getText() : "";
    }
}
