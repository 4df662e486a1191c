package dev.glassbox.app.terminal;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import java.util.function.Consumer;

/**
 * Draws a {@link VtScreen} on a canvas in a monospaced font and turns keys into the bytes a
 * terminal sends. Redraws when told the screen changed ({@link #screenChanged}). Its
 * size in cells follows the widget's size; {@code onResize} tells the pty.
 */
public final class TerminalView extends Region {
    static final Color[] BASE = {
            Color.web("#000000"), Color.web("#cd3131"), Color.web("#0dbc79"), Color.web("#e5e510"),
            Color.web("#2472c8"), Color.web("#bc3fbc"), Color.web("#11a8cd"), Color.web("#e5e5e5"),
            Color.web("#666666"), Color.web("#f14c4c"), Color.web("#23d18b"), Color.web("#f5f543"),
            Color.web("#3b8eea"), Color.web("#d670d6"), Color.web("#29b8db"), Color.web("#ffffff")};
    static final Color DEFAULT_FG = Color.web("#e5e5e5"), DEFAULT_BG = Color.web("#1e1e1e");

    private final VtScreen screen;
    private final Canvas canvas = new Canvas();
    private Font font;
    private Font boldFont;
    private double cw, ch, ascent;
    private long drawn = -1;
    private Consumer<String> keys = s -> {};
    private java.util.function.BiConsumer<Integer, Integer> onResize = (r, c) -> {};
    private final java.util.concurrent.atomic.AtomicBoolean drawPosted = new java.util.concurrent.atomic.AtomicBoolean();

    public TerminalView(VtScreen screen, double fontSize) {
        this.screen = screen;
        setId("terminal");
        setFocusTraversable(true);
        getChildren().add(canvas);
        setFontSize(fontSize);
        setStyle("-fx-background-color: #1e1e1e;");
        addEventFilter(KeyEvent.KEY_PRESSED, this::pressed);
        addEventFilter(KeyEvent.KEY_TYPED, this::typed);
        setOnMouseClicked(e -> requestFocus());
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) screenChanged();
        });
    }

    /**
     * Any thread: the screen changed; one redraw is posted to the FX thread (never more than one
     * waiting). Output is drawn as it comes, with no timer running while nothing happens.
     */
    public void screenChanged() {
        if (drawPosted.compareAndSet(false, true)) {
            javafx.application.Platform.runLater(() -> {
                drawPosted.set(false);
                if (screen.version() != drawn && getScene() != null) draw();
            });
        }
    }

    public void setFontSize(double size) {
        font = Font.font("DejaVu Sans Mono", size);
        boldFont = Font.font("DejaVu Sans Mono", javafx.scene.text.FontWeight.BOLD, size);
        Text t = new Text("M");
        t.setFont(font);
        cw = Math.ceil(t.getLayoutBounds().getWidth());
        ch = Math.ceil(t.getLayoutBounds().getHeight());
        ascent = -t.getLayoutBounds().getMinY();
        drawn = -1;
        requestLayout();
    }

    public void setKeySink(Consumer<String> keys) { this.keys = keys; }

    public void setOnResize(java.util.function.BiConsumer<Integer, Integer> r) { this.onResize = r; }

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        canvas.setWidth(w);
        canvas.setHeight(h);
        int cols = Math.max(10, (int) ((w - 8) / cw)), rows = Math.max(2, (int) ((h - 8) / ch));
        if (cols != screen.cols() || rows != screen.rows()) {
            screen.resize(rows, cols);
            onResize.accept(rows, cols);
        }
        drawn = -1;
        screenChanged();
    }

    private void pressed(KeyEvent e) {
        String s = Keys.special(e.getCode(), e.isControlDown());
        if (s == null && e.isControlDown() && e.getCode().isLetterKey()) s = Keys.control(e.getCode().getName());
        if (s != null) {
            keys.accept(s);
            e.consume();
        }
    }

    private void typed(KeyEvent e) {
        String c = e.getCharacter();
        if (e.isControlDown() || c.isEmpty() || c.charAt(0) < 0x20 || c.charAt(0) == 0x7f) {
            e.consume(); // sent by pressed()
            return;
        }
        keys.accept(c);
        e.consume();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(DEFAULT_BG);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        synchronized (screen) {
            drawn = screen.version();
            int rows = screen.rows(), cols = screen.cols();
            for (int r = 0; r < rows; r++) {
                double y = 4 + r * ch;
                for (int c = 0; c < cols; c++) {
                    int a = screen.attrAt(r, c);
                    char chr = screen.charAt(r, c);
                    Color fg = color(VtScreen.fg(a), true, VtScreen.bold(a)), bg = color(VtScreen.bg(a), false, false);
                    if (VtScreen.inverse(a)) {
                        Color t = fg;
                        fg = bg;
                        bg = t;
                    }
                    double x = 4 + c * cw;
                    if (!bg.equals(DEFAULT_BG)) {
                        g.setFill(bg);
                        g.fillRect(x, y, cw, ch);
                    }
                    if (chr != ' ' && chr != 0) {
                        g.setFont(VtScreen.bold(a) ? boldFont : font);
                        g.setFill(fg);
                        g.fillText(String.valueOf(chr), x, y + ascent);
                    }
                }
            }
            if (screen.cursorVisible()) {
                g.setFill(Color.web("#aeafad", 0.7));
                g.fillRect(4 + screen.cursorX() * cw, 4 + screen.cursorY() * ch, cw, ch);
            }
        }
    }

    private static Color color(int idx, boolean fg, boolean bold) {
        if (idx == 256) return fg ? (bold ? Color.WHITE : DEFAULT_FG) : DEFAULT_BG;
        if (idx < 16) return BASE[bold && fg && idx < 8 ? idx + 8 : idx];
        if (idx < 232) {
            int v = idx - 16, r = v / 36, gg = (v / 6) % 6, b = v % 6;
            return Color.rgb(r == 0 ? 0 : 55 + r * 40, gg == 0 ? 0 : 55 + gg * 40, b == 0 ? 0 : 55 + b * 40);
        }
        int l = 8 + (idx - 232) * 10;
        return Color.rgb(l, l, l);
    }
}
