package dev.glassbox.app.network;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.LivePage;
import dev.glassbox.app.core.Palettes;
import dev.glassbox.app.core.Target;
import dev.glassbox.app.draw.Changes;
import dev.glassbox.app.draw.FigurePane;
import dev.glassbox.slides.figures.NetworkFigure;
import dev.glassbox.slides.figures.NetworkModel;
import java.time.Duration;

/** The Network page: host interfaces, bridges, veth pairs and the containers' namespaces. */
public final class NetworkView extends LivePage<NetworkModel> {
    private final NetworkViewModel vm;
    private final FigurePane figure = new FigurePane("net-figure", "network");
    private NetworkModel last;

    public NetworkView(AppContext ctx, NetworkViewModel vm) {
        super(ctx, "Network", "Each container has its own network namespace with its own interfaces. A veth pair "
                + "joins it to a bridge on the host; the bridge is the containers' switch.", Duration.ofSeconds(2));
        this.vm = vm;
        figure.setStatus(message::setText);
        setCenter(figure);
        ctx.presenterProperty().addListener((o, a, b) -> redraw());
        ctx.changed().addListener((javafx.collections.SetChangeListener<String>) c -> redraw());
    }

    @Override
    protected NetworkModel read(Target target) {
        return vm.read(target);
    }

    @Override
    protected void show(NetworkModel m) {
        last = m;
        redraw();
    }

    private void redraw() {
        if (last == null) return;
        // the interfaces the last step made (the veth pair's ends) in the warning colours
        java.util.Set<String> changed = java.util.Set.copyOf(ctx.changed());
        var p = Palettes.of(ctx);
        figure.show(Changes.mark(NetworkFigure.draw(last, p), tag -> tag.startsWith("iface:") && changed.contains(tag), null, p));
    }

    public FigurePane figure() {
        return figure;
    }

    public NetworkModel snapshot() {
        return last;
    }
}
