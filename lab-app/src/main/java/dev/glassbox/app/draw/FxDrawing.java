package dev.glassbox.app.draw;

import dev.glassbox.slides.draw.Drawing;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** Renders a {@link Drawing} as JavaFX shapes: the same figure on screen as in the SVG. */
public final class FxDrawing {
    private FxDrawing() {}

    public static Group render(Drawing d) {
        Group g = new Group();
        Rectangle bg = new Rectangle(0, 0, d.width(), d.height());
        bg.setFill(Color.WHITE);
        g.getChildren().add(bg);
        for (Drawing.Shape s : d.shapes()) g.getChildren().add(node(s));
        return g;
    }

    static Node node(Drawing.Shape s) {
        return switch (s) {
            case Drawing.Box b -> {
                Rectangle r = new Rectangle(b.x(), b.y(), b.w(), b.h());
                r.setArcWidth(b.radius() * 2);
                r.setArcHeight(b.radius() * 2);
                r.setFill(b.fill() == null ? Color.TRANSPARENT : Color.web(b.fill()));
                r.setStroke(b.stroke() == null ? null : Color.web(b.stroke()));
                if (b.dashed()) r.getStrokeDashArray().setAll(6.0, 4.0);
                if (b.tag() != null) {
                    r.setUserData(b.tag());
                    r.getStyleClass().add("figure-box");
                }
                yield r;
            }
            case Drawing.Line l -> {
                Line line = new Line(l.x1(), l.y1(), l.x2(), l.y2());
                line.setStroke(Color.web(l.stroke()));
                line.setStrokeWidth(l.width());
                if (l.dashed()) line.getStrokeDashArray().setAll(6.0, 4.0);
                if (!l.arrow()) yield line;
                double ang = Math.atan2(l.y2() - l.y1(), l.x2() - l.x1()), len = 9;
                Polygon head = new Polygon(l.x2(), l.y2(),
                        l.x2() - len * Math.cos(ang - 0.4), l.y2() - len * Math.sin(ang - 0.4),
                        l.x2() - len * Math.cos(ang + 0.4), l.y2() - len * Math.sin(ang + 0.4));
                head.setFill(Color.web(l.stroke()));
                yield new Group(line, head);
            }
            case Drawing.Text t -> {
                Text text = new Text(t.text());
                text.setFont(Font.font(t.mono() ? "DejaVu Sans Mono" : "DejaVu Sans",
                        t.bold() ? FontWeight.BOLD : FontWeight.NORMAL, t.size()));
                text.setFill(Color.web(t.color()));
                double w = text.getLayoutBounds().getWidth();
                double x = switch (t.anchor()) {
                    case "middle" -> t.x() - w / 2;
                    case "end" -> t.x() - w;
                    default -> t.x();
                };
                text.setX(x);
                text.setY(t.y());
                yield text;
            }
            case Drawing.Polyline p -> {
                Polyline pl = new Polyline(p.points());
                pl.setStroke(Color.web(p.stroke()));
                pl.setStrokeWidth(p.width());
                if (p.dashed()) pl.getStrokeDashArray().setAll(6.0, 4.0);
                yield pl;
            }
        };
    }
}
