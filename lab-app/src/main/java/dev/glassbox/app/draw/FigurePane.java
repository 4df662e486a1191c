package dev.glassbox.app.draw;

import dev.glassbox.app.core.UserMessage;
import dev.glassbox.slides.draw.Drawing;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;

/** A figure on screen with its export buttons (SVG and PNG). Redraws only when the drawing changed. */
public final class FigurePane extends BorderPane {
    private final ScrollPane scroll = new ScrollPane();
    private final String baseName;
    private Drawing drawing;
    private Group rendered;
    private Consumer<String> status = s -> {};

    public FigurePane(String id, String baseName) {
        this.baseName = baseName;
        setId(id);
        scroll.setPannable(true);
        scroll.setStyle("-fx-background: white;");
        setCenter(scroll);
        Button svg = new Button("Export SVG\u2026");
        svg.setId(id + "-export-svg");
        svg.setOnAction(e -> choose("svg").ifPresent(this::exportSvg));
        Button png = new Button("Export PNG\u2026");
        png.setId(id + "-export-png");
        png.setOnAction(e -> choose("png").ifPresent(this::exportPng));
        HBox bar = new HBox(6, svg, png);
        bar.getStyleClass().add("figure-bar");
        setBottom(bar);
    }

    public void setStatus(Consumer<String> status) {
        this.status = status;
    }

    public void show(Drawing d) {
        if (d.equals(drawing)) return;
        drawing = d;
        rendered = FxDrawing.render(d);
        scroll.setContent(rendered);
    }

    public Drawing drawing() {
        return drawing;
    }

    private java.util.Optional<Path> choose(String ext) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(baseName + "." + ext);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase() + " image", "*." + ext));
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    public void exportSvg(Path file) {
        if (drawing == null) return;
        try {
            Export.svg(drawing, file);
            status.accept("Saved " + file);
        } catch (IOException e) {
            status.accept(UserMessage.of("Saving " + file, e));
        }
    }

    public void exportPng(Path file) {
        if (rendered == null) return;
        try {
            Export.png(rendered, file);
            status.accept("Saved " + file);
        } catch (IOException e) {
            status.accept(UserMessage.of("Saving " + file, e));
        }
    }
}
