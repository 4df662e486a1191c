package dev.glassbox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.cgroups.CgroupsView;
import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.LivePage;
import dev.glassbox.app.core.Tasks;
import dev.glassbox.app.draw.Changes;
import dev.glassbox.app.draw.Export;
import dev.glassbox.app.layers.LayersView;
import dev.glassbox.app.namespaces.NamespacesView;
import dev.glassbox.app.steps.NewContainerViewModel;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.inspect.NsType;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.RootOnly;
import dev.glassbox.testing.TestEngine;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app on a real engine (on a temporary root): a container built through every step in the
 * app, and each live view showing its values. With {@code -Dglassbox.screenshots=DIR} it also
 * saves a PNG of every page (docs/regenerate-screenshots.sh runs it under Xvfb).
 */
@RootOnly
@ExtendWith(ApplicationExtension.class)
class LabScreenshotsTest {
    @TempDir static Path tmp;
    private TestEngine testEngine;
    private EngineClient engine;
    private AppContext ctx;
    private Pages pages;
    private Scene scene;
    private String second;

    @Start
    void start(Stage stage) {
        testEngine = new TestEngine(tmp.resolve("root"));
        engine = testEngine.client();
        ctx = new AppContext(() -> engine, Tasks.fx());
        pages = new Pages(ctx);
        scene = LabApp.scene(ctx, pages, 1280, 800);
        stage.setTitle("Glassbox lab");
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void cleanUp() {
        testEngine.close();
    }

    private static void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> c) throws Exception {
        try {
            FxWait.until(seconds, c);
        } catch (java.util.concurrent.TimeoutException t) {
            t.addSuppressed(new AssertionError("the app's threads:\n" + FxWait.labThreads()));
            throw t;
        }
    }

    private Node page(FxRobot robot, String title) throws Exception {
        robot.interact(() -> {
            @SuppressWarnings("unchecked") ListView<Page> nav = (ListView<Page>) robot.lookup("#navigation").query();
            nav.getItems().stream().filter(p -> p.title().equals(title)).findFirst().ifPresent(p -> nav.getSelectionModel().select(p));
        });
        WaitForAsyncUtils.waitForFxEvents();
        return ((javafx.scene.layout.BorderPane) scene.getRoot()).getCenter();
    }

    private static java.util.List<String> messages(FxRobot robot) {
        return robot.lookup(".page-message").queryAll().stream().map(n -> ((javafx.scene.control.Label) n).getText()).toList();
    }

    private void shot(FxRobot robot, String name) throws Exception {
        String dir = System.getProperty("glassbox.screenshots");
        if (dir == null) return;
        robot.sleep(600); // one more 5 Hz pick-up and layout pass: a picture, not an assertion
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = scene.snapshot(null));
        Export.writePng(img[0], Path.of(dir).toAbsolutePath().resolve(name + ".png"));
    }

    /** Waits (off the FX thread: an engine call) until the engine says the container is in {@code state}. */
    private void engineState(String id, String state) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> engine.inspect(id).path("State").path("Status").asText().equals(state));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("the engine says " + engine.inspect(id).path("State").path("Status").asText() + ", not " + state);
        }
    }

    private void next(FxRobot robot, NewContainerViewModel vm) throws Exception {
        int done = vm.doneCount() + 1;
        robot.clickOn("#next-step");
        waitUntil(30, () -> vm.doneCount() == done && !vm.busyProperty().get());
    }

    @Test
    void aContainerBuiltInTheAppShowsItsLimitsNamespacesLayersAndNetwork(FxRobot robot) throws Exception {
        NewContainerViewModel vm = pages.steps();
        page(robot, "New container");
        robot.interact(() -> {
            vm.nameProperty().set("lab-web");
            vm.memoryProperty().set("64m");
            vm.hostnameProperty().set("lab-web");
            vm.commandProperty().set("sh");
        });
        robot.clickOn("#create");
        waitUntil(120, () -> vm.stateProperty().get() == NewContainerViewModel.State.STEPPING);
        int total = vm.steps().size();
        assertTrue(total >= 8, "the engine's steps: " + vm.steps());
        for (int k = 1; k <= 4; k++) {
            int done = k;
            robot.clickOn("#next-step");
            waitUntil(30, () -> vm.doneCount() == done && !vm.busyProperty().get());
        }
        java.util.Set<String> afterNamespaces = java.util.Set.copyOf(ctx.changed());
        shot(robot, "new-container");

        // step 5 puts the init in its cgroup: the cgroups view marks that node
        next(robot, vm);
        java.util.Set<String> afterJoin = java.util.Set.copyOf(ctx.changed());
        assertTrue(afterJoin.stream().anyMatch(t -> t.startsWith("cgroup:/")), "the cgroup step's tags: " + afterJoin);
        CgroupsView cgStep = (CgroupsView) page(robot, "cgroups");
        try {
            waitUntil(20, () -> cgStep.snapshot() != null && ctx.target().pid() > 0);
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("no cgroups snapshot of " + ctx.target() + ": " + messages(robot) + "\n" + FxWait.labThreads());
        }
        String cgPath = cgStep.snapshot().path();
        waitUntil(10, () -> Changes.marked(cgStep.tree().drawing(), Palette.NORMAL).contains("cgroup:" + cgPath));
        shot(robot, "cgroups-step");
        page(robot, "New container");

        // step 6 connects the network: the network view marks the new veth's ends
        next(robot, vm);
        java.util.Set<String> veth = ctx.changed().stream().filter(t -> t.startsWith("iface:")).collect(java.util.stream.Collectors.toSet());
        assertTrue(veth.stream().anyMatch(t -> t.startsWith("iface:host/")) && veth.contains("iface:lab-web/eth0"),
                "the network step's tags: " + ctx.changed());
        var netStep = (dev.glassbox.app.network.NetworkView) page(robot, "Network");
        try {
            waitUntil(20, () -> netStep.snapshot() != null && netStep.figure().drawing() != null
                    && Changes.marked(netStep.figure().drawing(), Palette.NORMAL).containsAll(veth));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("the network view did not mark " + veth + ": "
                    + (netStep.figure().drawing() == null ? "no figure" : Changes.marked(netStep.figure().drawing(), Palette.NORMAL))
                    + " / " + messages(robot));
        }
        shot(robot, "network-step");
        page(robot, "New container");

        // up to the capabilities step: the grid marks the capabilities it dropped
        while (!vm.steps().get(vm.doneCount() - 1).title().startsWith("Drop capabilities")) next(robot, vm);
        assertTrue(ctx.changed().stream().anyMatch(t -> t.startsWith("caps:CapBnd:")), "the capabilities step's tags: " + ctx.changed());
        var capsStep = (dev.glassbox.app.caps.CapabilitiesView) page(robot, "Capabilities");
        waitUntil(20, () -> capsStep.snapshot() != null && capsStep.snapshot().row(dev.glassbox.caps.Capability.CAP_SYS_ADMIN) != null
                && !capsStep.snapshot().row(dev.glassbox.caps.Capability.CAP_SYS_ADMIN).bounding());
        assertTrue(capsStep.changedIn("CapBnd").contains(dev.glassbox.caps.Capability.CAP_SYS_ADMIN),
                "Docker's default drops CAP_SYS_ADMIN from the bounding set: " + capsStep.changedIn("CapBnd"));
        assertFalse(capsStep.changedIn("CapBnd").contains(dev.glassbox.caps.Capability.CAP_CHOWN), "CAP_CHOWN is kept");
        waitUntil(10, () -> !robot.lookup(".changed-cell").queryAll().isEmpty());
        assertTrue(robot.lookup("#caps-changed").queryLabeled().getText().startsWith("The last step changed"));
        shot(robot, "capabilities");
        page(robot, "New container");

        robot.clickOn("#run-all");
        waitUntil(60, () -> vm.stateProperty().get() == NewContainerViewModel.State.DONE && ctx.target().pid() > 0);
        int pid = ctx.target().pid();
        assertTrue(engine.containers(false).stream().anyMatch(c -> c.name().equals("lab-web")),
                "the app's container is the engine's: glassbox ps shows it");

        // a second container, made as the CLI would (-p 127.0.0.1:PORT:80), for the dashboard and the network
        int port = TestEngine.freePort();
        var body = dev.glassbox.engine.DockerJson.MAPPER.treeToValue(dev.glassbox.engine.DockerJson.MAPPER.readTree(
                "{\"Image\":\"base\",\"Cmd\":[\"sleep\",\"600\"],\"HostConfig\":{\"PidsLimit\":20,"
                        + "\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"}]}}}"),
                dev.glassbox.engine.CreateBody.class);
        second = engine.create(body, "lab-db");
        engine.start(second);
        String e = engine.execCreate("lab-web", new ExecRequest(List.of("/bin/sh", "-c", "echo hi > /hello.txt; rm -f /etc/shells"),
                false, false, null, null, null, false));
        engine.execStart(e, false, new ByteArrayOutputStream());

        // the terminal of the -it container opened by itself
        try {
            waitUntil(20, () -> robot.lookup("#terminal-title").queryLabeled().getText().startsWith("Terminal: "));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("the terminal did not open: " + robot.lookup("#terminal-title").queryLabeled().getText());
        }
        robot.clickOn("#terminal");
        robot.write("echo $((6*7)); hostname\n");
        var term = (dev.glassbox.app.terminal.TerminalPage) page(robot, "Terminal");
        try {
            waitUntil(20, () -> term.screen().text().contains("42\nlab-web"));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("the shell did not answer:\n" + term.screen().text());
        }
        // line editing (bash's readline: the cursor goes back, a letter goes in) and a full-screen
        // program (top draws with cursor addressing, q ends it), as in a terminal
        robot.clickOn("#terminal");
        robot.write("exec bash --norc\n");
        robot.write("echo helo");
        robot.type(javafx.scene.input.KeyCode.LEFT);
        robot.write("l\n");
        try {
            waitUntil(20, () -> term.screen().text().contains("\nhello\n"));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("no line editing:\n" + term.screen().text());
        }
        robot.write("top -d 1\n");
        try {
            waitUntil(20, () -> term.screen().text().contains("load average") && term.screen().text().contains("PID"));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("top did not draw:\n" + term.screen().text());
        }
        shot(robot, "terminal-top");
        robot.write("q");
        robot.write("echo back$((1+1))\n");
        try {
            waitUntil(20, () -> term.screen().text().contains("back2") && !term.screen().text().contains("load average"));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("top did not give the terminal back:\n" + term.screen().text());
        }
        shot(robot, "terminal");

        NamespacesView ns = (NamespacesView) page(robot, "Namespaces");
        try {
            waitUntil(30, () -> ns.snapshot() != null && ns.snapshot().pid() == pid);
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("the namespaces view shows " + (ns.snapshot() == null ? "nothing" : "PID " + ns.snapshot().pid())
                    + ", not " + pid + "; target " + ctx.target() + "; " + messages(robot) + "; on screen: "
                    + ((javafx.scene.layout.BorderPane) scene.getRoot()).getCenter().getClass().getSimpleName() + ", ns in a scene: " + (ns.getScene() != null) + "\n" + FxWait.labThreads());
        }
        var uts = ns.snapshot().row(NsType.UTS);
        assertFalse(uts.host(), "the container has its own UTS namespace");
        long hostUts = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString().replaceAll("\\D", ""));
        assertNotEquals(hostUts, uts.inode());
        waitUntil(5, () -> ns.inodeShown(NsType.UTS).equals(Long.toString(uts.inode())));
        assertTrue(afterNamespaces.contains("uts:[" + uts.inode() + "]"),
                "the namespaces step highlighted the new UTS namespace the view shows: " + afterNamespaces);
        shot(robot, "namespaces"); // before the export, whose "Saved ..." line would be in the picture
        Path svg = tmp.resolve("ns.svg");
        robot.interact(() -> ns.figure().exportSvg(svg));
        assertEquals("svg", DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getDocumentElement().getNodeName(), "the export is a valid SVG");

        CgroupsView cg = (CgroupsView) page(robot, "cgroups");
        waitUntil(20, () -> cg.snapshot() != null && cg.snapshot().memory().size() >= 2);
        assertEquals(64.0 * 1024 * 1024, cg.snapshot().memoryLimit(), "the chart's limit is the memory asked");
        assertTrue(dev.glassbox.slides.draw.SvgWriter.toSvg(cg.memoryChart().drawing()).contains("limit 64 MiB"));
        shot(robot, "cgroups");

        var caps = (dev.glassbox.app.caps.CapabilitiesView) page(robot, "Capabilities");
        waitUntil(20, () -> caps.snapshot() != null);
        assertTrue(caps.snapshot().view().vsDocker().effective().same(), "Docker's default set: " + caps.snapshot().summary());

        LayersView layers = (LayersView) page(robot, "Layers");
        try {
            waitUntil(20, () -> layers.snapshot() != null && layers.snapshot().entry("hello.txt") != null);
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("no hello.txt in the layers view: " + layers.snapshot() + " / " + messages(robot));
        }
        assertTrue(layers.snapshot().entry("hello.txt").inUpper(), "a file the container wrote is in the upper layer");
        assertTrue(layers.snapshot().entry("usr").layer().startsWith("lower"), "the image's files come from a lower layer");
        shot(robot, "layers");

        var net = (dev.glassbox.app.network.NetworkView) page(robot, "Network");
        String published = "127.0.0.1:" + port + "->80/tcp";
        try {
            waitUntil(20, () -> net.snapshot() != null && net.snapshot().namespaces().size() >= 3
                    && net.snapshot().namespaces().stream().anyMatch(n -> n.name().equals("lab-db") && n.ports().contains(published)));
        } catch (java.util.concurrent.TimeoutException t) {
            throw new AssertionError("the network view does not show " + published + ": " + net.snapshot() + " / " + messages(robot));
        }
        assertTrue(net.figure().drawing().shapes().stream().anyMatch(sh -> sh instanceof dev.glassbox.slides.draw.Drawing.Text t
                && t.text().equals("published: " + published)), "the topology figure names the published port");
        shot(robot, "network");

        var dash = (dev.glassbox.app.dashboard.DashboardView) page(robot, "Dashboard");
        waitUntil(20, () -> dash.table().getItems().size() == 2);
        shot(robot, "dashboard");
        // an action from the dashboard changes the container in the engine: pause, then unpause lab-db
        robot.interact(() -> dash.table().getItems().stream().filter(r -> r.c().name().equals("lab-db")).findFirst()
                .ifPresent(r -> dash.table().getSelectionModel().select(r)));
        robot.clickOn("#action-pause");
        engineState(second, "paused");
        waitUntil(20, () -> dash.table().getItems().stream().anyMatch(r -> r.c().name().equals("lab-db") && r.c().state().equals("paused")));
        robot.clickOn("#action-unpause");
        engineState(second, "running");
        robot.clickOn("#action-stop");
        engineState(second, "exited");
        waitUntil(20, () -> dash.table().getItems().stream().anyMatch(r -> r.c().name().equals("lab-db") && r.c().state().equals("exited")));
        robot.clickOn("#action-start");
        engineState(second, "running");

        page(robot, "Images");
        shot(robot, "images");

        page(robot, "New container");
        robot.interact(() -> ctx.presenterProperty().set(true));
        robot.interact(() -> vm.selectedProperty().set(4));
        shot(robot, "presenter");
        robot.interact(() -> ctx.presenterProperty().set(false));
        assertNotNull(second);
    }
}
