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
    private final Label changedNote = new Label();
    private java.util.Map<String, Long> changed = java.util.Map.of();
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
        grid.getColumns().add(mark("Eff", "CapEff", CapabilitiesViewModel.Row::effective));
        grid.getColumns().add(mark("Prm", "CapPrm", CapabilitiesViewModel.Row::permitted));
        grid.getColumns().add(mark("Inh", "CapInh", CapabilitiesViewModel.Row::inheritable));
        grid.getColumns().add(mark("Bnd", "CapBnd", CapabilitiesViewModel.Row::bounding));
        grid.getColumns().add(mark("Amb", "CapAmb", CapabilitiesViewModel.Row::ambient));
        grid.getColumns().add(diff("vs host", CapabilitiesViewModel.Row::vsHost));
        grid.getColumns().add(diff("vs Docker", CapabilitiesViewModel.Row::vsDocker));
        grid.getColumns().add(text("what it allows", CapabilitiesViewModel.Row::meaning, 520));
        grid.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        changedNote.setId("caps-changed");
        changedNote.setWrapText(true);
        changedNote.getStyleClass().add("changed-head");
        changedNote.managedProperty().bind(changedNote.textProperty().isNotEmpty());
        setCenter(new VBox(6, summary, changedNote, grid));
        VBox.setVgrow(grid, javafx.scene.layout.Priority.ALWAYS);
        ctx.changed().addListener((javafx.collections.SetChangeListener<String>) c -> changesShown());
        changesShown();
    }

    /** The capabilities step's tags ({@code caps:CapBnd:BEFORE:AFTER}) as the bits each set lost or gained. */
    private void changesShown() {
        java.util.Map<String, Long> bits = new java.util.HashMap<>();
        StringBuilder note = new StringBuilder();
        for (String t : ctx.changed()) {
            String[] f = t.split(":");
            if (f.length != 4 || !f[0].equals("caps")) continue;
            try {
                long before = Long.parseUnsignedLong(f[2], 16), after = Long.parseUnsignedLong(f[3], 16);
                bits.put(f[1], before ^ after);
                note.append(note.isEmpty() ? "The last step changed " : "; ").append(f[1]).append(": ")
                        .append(Long.bitCount(before)).append(" \u2192 ").append(Long.bitCount(after)).append(" capabilities");
            } catch (NumberFormatException e) {
                // not a mask: nothing to mark
            }
        }
        if (!note.isEmpty()) note.append(" (orange cells; \u2715 = dropped by it)");
        changed = java.util.Map.copyOf(bits);
        changedNote.setText(note.toString());
        for (TableColumn<CapabilitiesViewModel.Row, ?> c : grid.getColumns()) {
            Object key = c.getUserData();
            c.getStyleClass().remove("changed-head");
            if (key != null && changed.containsKey(key)) c.getStyleClass().add("changed-head");
        }
        grid.refresh();
    }

    /** The capabilities whose bit in {@code set} ("CapBnd") the last step changed. */
    public java.util.Set<dev.glassbox.caps.Capability> changedIn(String set) {
        long b = changed.getOrDefault(set, 0L);
        java.util.Set<dev.glassbox.caps.Capability> out = java.util.EnumSet.noneOf(dev.glassbox.caps.Capability.class);
        for (dev.glassbox.caps.Capability c : dev.glassbox.caps.Capability.values()) {
            if (c.number() < 64 && (b >>> c.number() & 1) == 1) out.add(c);
        }
        return out;
    }

    private static TableColumn<CapabilitiesViewModel.Row, String> text(String title,
            Function<CapabilitiesViewModel.Row, String> f, double width) {
        TableColumn<CapabilitiesViewModel.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private TableColumn<CapabilitiesViewModel.Row, String> mark(String title, String set,
            java.util.function.Predicate<CapabilitiesViewModel.Row> f) {
        TableColumn<CapabilitiesViewModel.Row, String> c = text(title, r -> f.test(r) ? "\u25cf" : "", 50);
        c.setStyle("-fx-alignment: CENTER;");
        c.setUserData(set);
        // a cell whose bit the last step changed is orange; one it dropped shows a cross
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().remove("changed-cell");
                CapabilitiesViewModel.Row r = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
                boolean hit = r != null && r.cap().number() < 64 && (changed.getOrDefault(set, 0L) >>> r.cap().number() & 1) == 1;
                setText(empty ? null : hit && (s == null || s.isEmpty()) ? "\u2715" : s);
                if (hit) getStyleClass().add("changed-cell");
            }
        });
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
