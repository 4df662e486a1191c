package dev.glassbox.app;

import dev.glassbox.app.caps.CapabilitiesView;
import dev.glassbox.app.caps.CapabilitiesViewModel;
import dev.glassbox.app.cgroups.CgroupsView;
import dev.glassbox.app.cgroups.CgroupsViewModel;
import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.dashboard.DashboardView;
import dev.glassbox.app.dashboard.DashboardViewModel;
import dev.glassbox.app.exercises.ExercisesView;
import dev.glassbox.app.exercises.ExercisesViewModel;
import dev.glassbox.app.images.ImagesView;
import dev.glassbox.app.layers.LayersView;
import dev.glassbox.app.layers.LayersViewModel;
import dev.glassbox.app.namespaces.NamespacesView;
import dev.glassbox.app.namespaces.NamespacesViewModel;
import dev.glassbox.app.network.NetworkView;
import dev.glassbox.app.network.NetworkViewModel;
import dev.glassbox.app.quiz.QuizPage;
import dev.glassbox.app.steps.NewContainerView;
import dev.glassbox.app.steps.NewContainerViewModel;
import dev.glassbox.app.terminal.TerminalPage;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.inspect.Inspector;
import dev.glassbox.sys.Syscalls;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;

/** The app's pages, in navigation order, wired to one {@link AppContext}. */
public final class Pages {
    /** A page made from a title and a factory. */
    public record Simple(String title, Supplier<Node> factory) implements Page {
        @Override
        public Node view() {
            return factory.get();
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private final AppContext ctx;
    private final NewContainerViewModel steps;
    private final ExercisesViewModel exercises;

    public Pages(AppContext ctx) {
        this.ctx = ctx;
        this.steps = new NewContainerViewModel(ctx);
        this.exercises = new ExercisesViewModel(ctx, () -> ExercisesViewModel.onEngine(ctx::engine));
    }

    public NewContainerViewModel steps() {
        return steps;
    }

    public ExercisesViewModel exercises() {
        return exercises;
    }

    /** Every page; the inspectors are the live system's. */
    public List<Page> all() {
        Inspector inspector = new Inspector();
        CgroupReader cgroups = CgroupReader.host();
        TerminalPage terminal = new TerminalPage(ctx, Syscalls.linux());
        return List.of(
                new Simple("Dashboard", () -> new DashboardView(ctx, new DashboardViewModel(ctx::engine, cgroups))),
                new Simple("New container", () -> new NewContainerView(steps, ctx.presenterProperty())),
                new Simple("Namespaces", () -> new NamespacesView(ctx, new NamespacesViewModel(inspector))),
                new Simple("cgroups", () -> new CgroupsView(ctx, new CgroupsViewModel(cgroups))),
                new Simple("Capabilities", () -> new CapabilitiesView(ctx, new CapabilitiesViewModel(inspector))),
                new Simple("Layers", () -> new LayersView(ctx, new LayersViewModel(inspector))),
                new Simple("Network", () -> new NetworkView(ctx, new NetworkViewModel(ctx::engine))),
                new Simple("Terminal", () -> terminal),
                new Simple("Images", () -> new ImagesView(ctx)),
                new Simple("Exercises", () -> new ExercisesView(ctx, exercises)),
                new QuizPage(ctx::engine));
    }
}
