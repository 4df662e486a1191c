package dev.glassbox.app.draw;

import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.SvgWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;

/** Saves a figure as SVG (from its drawing) or PNG (a snapshot of what is on screen). */
public final class Export {
    private Export() {}

    public static void svg(Drawing d, Path file) throws IOException {
        SvgWriter.write(d, file);
    }

    /** On the FX thread: snapshots {@code node} at twice its size (crisp on slides) and writes a PNG. */
    public static void png(Node node, Path file) throws IOException {
        SnapshotParameters sp = new SnapshotParameters();
        sp.setFill(Color.WHITE);
        sp.setTransform(javafx.scene.transform.Transform.scale(2, 2));
        WritableImage img = node.snapshot(sp, null);
        writePng(img, file);
    }

    public static void writePng(WritableImage img, Path file) throws IOException {
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setRGB(x, y, r.getArgb(x, y));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        ImageIO.write(out, "png", file.toFile());
    }
}
