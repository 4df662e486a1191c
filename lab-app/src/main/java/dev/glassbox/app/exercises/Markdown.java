package dev.glassbox.app.exercises;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The exercises' Markdown, shown readably: headings, paragraphs (lines joined), bullet and
 * numbered lists, fenced code blocks in a monospace box, and inline {@code `code`} and
 * {@code **bold**}. Only what the exercise files use; anything else shows as plain text.
 */
public final class Markdown {
    private Markdown() {}

    /** A block of the text, for tests: its kind ("h1", "p", "li", "code") and its text without the marks. */
    public record Block(String kind, String text) {}

    public static List<Block> blocks(String md) {
        List<Block> out = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        StringBuilder code = null;
        String kind = "p";
        for (String raw : md.replace("\r", "").split("\n", -1)) {
            String line = raw.stripTrailing();
            if (code != null) {
                if (line.strip().startsWith("```")) {
                    out.add(new Block("code", code.toString().stripTrailing()));
                    code = null;
                } else {
                    code.append(raw).append('\n');
                }
                continue;
            }
            String s = line.strip();
            if (s.startsWith("```")) {
                flush(out, kind, para);
                code = new StringBuilder();
                continue;
            }
            if (s.isEmpty()) {
                flush(out, kind, para);
                kind = "p";
                continue;
            }
            if (s.startsWith("#")) {
                flush(out, kind, para);
                int level = (int) s.chars().takeWhile(c -> c == '#').count();
                out.add(new Block("h" + Math.min(level, 3), s.substring(level).strip()));
                kind = "p";
                continue;
            }
            if (s.startsWith("- ") || s.startsWith("* ") || s.matches("\\d+[.)] .*")) {
                flush(out, kind, para);
                kind = "li";
                para.append(s.startsWith("- ") || s.startsWith("* ") ? "\u2022 " + s.substring(2) : s);
                continue;
            }
            if (!para.isEmpty()) para.append(' ');
            para.append(s);
        }
        if (code != null) out.add(new Block("code", code.toString().stripTrailing()));
        flush(out, kind, para);
        return out;
    }

    private static void flush(List<Block> out, String kind, StringBuilder para) {
        if (!para.isEmpty()) out.add(new Block(kind, para.toString()));
        para.setLength(0);
    }

    /** The blocks as JavaFX nodes, wrapping at the width of {@code box}. */
    public static void render(String md, VBox box) {
        box.getChildren().clear();
        for (Block b : blocks(md)) box.getChildren().add(node(b, box));
    }

    private static Node node(Block b, VBox box) {
        if (b.kind().equals("code")) {
            Label l = new Label(b.text());
            l.getStyleClass().addAll("mono", "md-code");
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
            return l;
        }
        TextFlow f = new TextFlow();
        f.getStyleClass().add("md-" + b.kind());
        for (Text t : inline(b.text())) {
            if (b.kind().startsWith("h")) t.getStyleClass().add("md-heading-" + b.kind());
            f.getChildren().add(t);
        }
        f.prefWidthProperty().bind(box.widthProperty().subtract(24));
        if (b.kind().equals("li")) f.setStyle("-fx-padding: 0 0 0 14;");
        return f;
    }

    /** Splits `code` and **bold** runs. */
    static List<Text> inline(String s) {
        List<Text> out = new ArrayList<>();
        int i = 0;
        StringBuilder plain = new StringBuilder();
        while (i < s.length()) {
            if (s.charAt(i) == '`') {
                int end = s.indexOf('`', i + 1);
                if (end > i) {
                    addPlain(out, plain);
                    Text t = new Text(s.substring(i + 1, end));
                    t.getStyleClass().addAll("md-text", "md-inline-code");
                    out.add(t);
                    i = end + 1;
                    continue;
                }
            }
            if (s.startsWith("**", i)) {
                int end = s.indexOf("**", i + 2);
                if (end > i) {
                    addPlain(out, plain);
                    Text t = new Text(s.substring(i + 2, end));
                    t.getStyleClass().addAll("md-text", "md-bold");
                    out.add(t);
                    i = end + 2;
                    continue;
                }
            }
            plain.append(s.charAt(i++));
        }
        addPlain(out, plain);
        return out;
    }

    private static void addPlain(List<Text> out, StringBuilder plain) {
        if (plain.isEmpty()) return;
        Text t = new Text(plain.toString());
        t.getStyleClass().add("md-text");
        out.add(t);
        plain.setLength(0);
    }
}
