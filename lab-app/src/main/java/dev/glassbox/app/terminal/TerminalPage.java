package dev.glassbox.app.terminal;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.TerminalRequest;
import dev.glassbox.app.core.UserMessage;
import dev.glassbox.sys.Syscalls;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/** The Terminal page: the pty of a {@code -it} container or of an exec'd shell, in the app. */
public final class TerminalPage extends BorderPane {
    private final AppContext ctx;
    private final Syscalls sys;
    private final VtScreen screen = new VtScreen(24, 80);
    private final TerminalView view;
    private final Label title = new Label("No terminal yet: create a container with -it, or use Shell on the dashboard.");
    private PtySession session;

    public TerminalPage(AppContext ctx, Syscalls sys) {
        this.ctx = ctx;
        this.sys = sys;
        view = new TerminalView(screen, 14);
        view.setKeySink(s -> {
            PtySession p = session;
            if (p != null) p.send(s);
        });
        view.setOnResize((r, c) -> {
            PtySession p = session;
            if (p != null) ctx.tasks().background().execute(() -> p.resize(r, c));
        });
        title.setId("terminal-title");
        Button close = new Button("Disconnect");
        close.setOnAction(e -> disconnect());
        setTop(new HBox(10, title, close));
        setCenter(view);
        ctx.terminalProperty().addListener((o, a, req) -> {
            if (req != null) open(req);
        });
        ctx.presenterProperty().addListener((o, a, on) -> view.setFontSize(on ? 22 : 14));
    }

    public void open(TerminalRequest req) {
        disconnect();
        title.setText("Connecting to " + req.title() + "\u2026");
        screen.feed("\u001b[2J\u001b[H");
        view.screenChanged();
        ctx.tasks().run(() -> PtySession.open(sys, req.connect().call(), screen, view::screenChanged), s -> {
            session = s;
            title.setText("Terminal: " + req.title() + "   (keys go to the container; Disconnect leaves it running)");
            s.resize(screen.rows(), screen.cols());
            view.requestFocus();
        }, err -> title.setText(UserMessage.of("Opening the terminal of " + req.title(), err)));
        ctx.showPageProperty().set("Terminal");
    }

    public void disconnect() {
        PtySession s = session;
        session = null;
        if (s != null) ctx.tasks().background().execute(s::close);
    }

    public VtScreen screen() {
        return screen;
    }
}
