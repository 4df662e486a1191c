package dev.glassbox.app.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.UserMessage;
import dev.glassbox.slides.figures.CgroupTree;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Images page: the engine's images, and the long jobs (build the base image, import a
 * rootfs tar) with a progress bar and Cancel. Both are cancelled by hanging up: an import by
 * ending the upload, the base image by closing the stream of its progress.
 */
public final class ImagesView extends BorderPane {
    private final AppContext ctx;
    private final TableView<String[]> table = new TableView<>();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final Button cancel = new Button("Cancel");
    private Task<?> running;

    public ImagesView(AppContext ctx) {
        this.ctx = ctx;
        Label title = new Label("Images");
        title.getStyleClass().add("page-title");
        Label intro = new Label("An image is a stack of read-only layers and a config. The base image is made "
                + "offline from the host's own programs; a rootfs tar (docker export) becomes a one-layer image.");
        intro.getStyleClass().add("page-explanation");
        intro.setWrapText(true);
        table.setId("images-table");
        table.getColumns().add(col("repository:tag", 0, 240));
        table.getColumns().add(col("id", 1, 150));
        table.getColumns().add(col("size", 2, 100));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> refresh());
        Button base = new Button("Build the base image");
        base.setId("build-base");
        base.setOnAction(e -> buildBase());
        TextField tag = new TextField();
        tag.setPromptText("tag for the import, e.g. alpine:3");
        Button imp = new Button("Import a rootfs tar\u2026");
        imp.setId("import-tar");
        imp.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("tar archive", "*.tar", "*.tar.gz", "*.tgz"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) importTar(f.toPath(), tag.getText().isBlank() ? null : tag.getText().strip());
        });
        cancel.setId("cancel-job");
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            if (running != null) running.cancel();
        });
        progress.setId("job-progress");
        progress.setPrefWidth(260);
        status.setId("job-status");
        status.setWrapText(true);
        HBox actions = new HBox(8, refresh, base, tag, imp);
        HBox job = new HBox(8, progress, cancel, status);
        // the bar and Cancel only while a job runs: at rest an empty bar looks like a text field
        for (javafx.scene.Node n : new javafx.scene.Node[] {progress, cancel}) {
            n.visibleProperty().bind(cancel.disableProperty().not());
            n.managedProperty().bind(cancel.disableProperty().not());
        }
        setTop(new VBox(4, title, intro, actions, job));
        setCenter(table);
        VBox.setVgrow(table, Priority.ALWAYS);
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) refresh();
        });
    }

    private static TableColumn<String[], String> col(String t, int i, double w) {
        TableColumn<String[], String> c = new TableColumn<>(t);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue()[i]));
        c.setPrefWidth(w);
        return c;
    }

    public void refresh() {
        ctx.tasks().run(() -> {
            List<String[]> rows = new ArrayList<>();
            for (JsonNode n : ctx.engine().images()) {
                String tags = n.path("RepoTags").isArray() && !n.path("RepoTags").isEmpty()
                        ? n.path("RepoTags").get(0).asText() : "<none>";
                String id = n.path("Id").asText().replaceFirst("^sha256:", "");
                rows.add(new String[] {tags, id.length() > 12 ? id.substring(0, 12) : id,
                        CgroupTree.bytes(n.path("Size").asLong())});
            }
            return rows;
        }, rows -> table.getItems().setAll(rows), err -> status.setText(UserMessage.of("Listing images", err)));
    }

    /**
     * The engine makes the base image from this machine's programs ({@code glassbox pull base}):
     * one progress report per file copied in. Cancel hangs up (the blocking read is interrupted,
     * which closes the connection); the engine's next report then fails and it removes the
     * half-made layer.
     */
    public void buildBase() {
        run("Building the base image from the host's programs", new Task<Void>() {
            @Override
            protected Void call() {
                updateProgress(-1, 1);
                updateMessage("the engine copies the host's shell, tools and their libraries into a layer\u2026");
                ctx.engine().pull("base", null, (id, status, current, total) -> {
                    if (total > 0) updateProgress(current, total);
                    updateMessage(id == null ? status
                            : status.equals(dev.glassbox.engine.StoreBuilds.ASSEMBLING) ? "copying file " + current + " of " + total + " into the layer"
                            : "unpacking the layer into the image store");
                });
                updateProgress(1, 1);
                return null;
            }
        });
    }

    public void importTar(Path tar, String ref) {
        run("Importing " + tar.getFileName(), new Task<Void>() {
            @Override
            protected Void call() throws Exception {
                long total = Files.size(tar);
                AtomicBoolean stop = new AtomicBoolean();
                try (InputStream in = new FilterInputStream(Files.newInputStream(tar)) {
                    long done;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (isCancelled()) throw new IOException("cancelled");
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            done += n;
                            updateProgress(done, total);
                        }
                        return n;
                    }
                }) {
                    ctx.engine().importImage(in, ref, line -> updateMessage(line));
                }
                return null;
            }
        });
    }

    private void run(String what, Task<?> task) {
        if (running != null && running.isRunning()) {
            status.setText("One job at a time: wait for the current one or cancel it.");
            return;
        }
        running = task;
        progress.progressProperty().bind(task.progressProperty());
        status.textProperty().bind(task.messageProperty());
        cancel.setDisable(false);
        task.setOnSucceeded(e -> done(what + ": done."));
        task.setOnCancelled(e -> done(what + ": cancelled."));
        task.setOnFailed(e -> done(UserMessage.of(what, task.getException())));
        Thread.ofVirtual().name("lab-job").start(task);
    }

    private void done(String text) {
        Platform.runLater(() -> {
            progress.progressProperty().unbind();
            status.textProperty().unbind();
            progress.setProgress(0);
            status.setText(text);
            cancel.setDisable(true);
            refresh();
        });
    }
}
