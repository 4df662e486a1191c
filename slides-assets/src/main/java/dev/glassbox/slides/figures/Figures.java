package dev.glassbox.slides.figures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EnginePaths;
import dev.glassbox.inspect.Inspector;
import dev.glassbox.inspect.MountView;
import dev.glassbox.inspect.NamespaceGraph;
import dev.glassbox.mount.UpperDirReport;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.slides.draw.SvgWriter;
import dev.glassbox.sys.Syscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regenerates the course figures from live runs: starts two small containers on the engine
 * (started first when none answers), draws what the inspectors see, writes SVGs, and removes the
 * containers. {@code slides-assets/figures.sh [--root DIR] [--out DIR]}.
 */
public final class Figures {
    /** The files {@link #generate} writes, in order. */
    public static final List<String> FILES = List.of("layers.svg", "namespaces.svg", "cgroups.svg", "network.svg",
            "storage.svg");

    private Figures() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of("slides-assets/figures");
        Path root = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--root" -> root = Path.of(args[++i]);
                default -> {
                    System.err.println("figures: unknown argument " + args[i] + " (use --out DIR, --root DIR)");
                    System.exit(2);
                }
            }
        }
        try (EngineClient c = EngineLauncher.ensureRunning(EnginePaths.of(root), Syscalls.linux())) {
            for (Path p : generate(c, out)) System.out.println(p);
        } catch (RuntimeException e) {
            System.err.println("figures: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Makes the figures into {@code out}; the paths written. Leaves no container behind. */
    public static List<Path> generate(EngineClient c, Path out) throws IOException {
        List<String> made = new ArrayList<>();
        // the storage figure's bind mount: a host directory of this run's own
        Path site = Files.createTempDirectory("glassbox-figure-site");
        try {
            Files.writeString(site.resolve("index.html"), "<h1>figure</h1>\n");
            String a = create(c, "figure-web", "web", 64L << 20, 500_000_000L, 50L, site);
            made.add(a);
            String b = create(c, "figure-db", "db", null, null, null, null);
            made.add(b);
            c.start(a);
            c.start(b);
            // a change in the container layer: a new file, and a deleted one (a whiteout)
            String e = c.execCreate(a, new ExecRequest(List.of("/bin/sh", "-c", "echo hi > /new-file; rm -f /etc/shells"),
                    false, false, null, null, null, false));
            c.execStart(e, false, new ByteArrayOutputStream());
            int pa = pid(c, a), pb = pid(c, b);
            Palette p = Palette.NORMAL;
            Inspector insp = new Inspector();
            List<Path> written = new ArrayList<>();

            MountView mv = insp.mounts(pa);
            if (mv.rootOverlay() != null) {
                written.add(write(LayerFigure.draw(mv.rootOverlay(), mv.rootOverlay().scanUpper(), Map.of(), p), out, "layers.svg"));
            } else {
                written.add(write(LayerFigure.draw(new dev.glassbox.mount.OverlayStack(0, "/", "?", List.of(), null, null,
                        List.of(), false), UpperDirReport.NONE, Map.of(), p), out, "layers.svg"));
            }
            // the host's column: PID 1, or kthreadd where a sandbox hides PID 1's namespace links
            int host = insp.scan().hostReference().map(dev.glassbox.inspect.ProcessTable.Entry::pid).orElse(1);
            NamespaceGraph g = insp.namespaceGraph(List.of(host, pa, pb));
            Map<Integer, String> labels = new LinkedHashMap<>();
            labels.put(host, "host");
            labels.put(pa, "figure-web");
            labels.put(pb, "figure-db");
            written.add(write(NamespaceFigure.draw(g, List.of(host, pa, pb), labels, java.util.Set.of(), p), out, "namespaces.svg"));

            CgroupReader cr = CgroupReader.host();
            List<String> focus = new ArrayList<>();
            for (int pid : List.of(pa, pb)) {
                var node = cr.of(pid).node();
                if (node != null) focus.add(node.path());
            }
            written.add(write(CgroupFigure.draw(CgroupTree.read(cr.root(), focus, 4), p), out, "cgroups.svg"));

            NetworkModel net = NetworkModel.read(List.of(new NetworkModel.Target("figure-web", pa, List.of()),
                    new NetworkModel.Target("figure-db", pb, List.of())));
            written.add(write(NetworkFigure.draw(net, p), out, "network.svg"));

            written.add(write(StorageFigure.draw("figure-web", StorageFigure.classify(mv), p), out, "storage.svg"));
            return written;
        } finally {
            for (String id : made) {
                try {
                    c.remove(id, true);
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            try {
                c.removeVolume(FIGURE_VOLUME, true); // a named volume outlives its container: this run's goes too
            } catch (RuntimeException ignored) {
                // never made
            }
            Files.deleteIfExists(site.resolve("index.html"));
            Files.deleteIfExists(site);
        }
    }

    /** The named volume of the storage figure, removed after the run. */
    static final String FIGURE_VOLUME = "figure-data";

    private static String create(EngineClient c, String name, String hostname, Long memory, Long nanoCpus, Long pids, Path bindSource) {
        try {
            c.remove(name, true); // a leftover of an interrupted run
        } catch (RuntimeException ignored) {
            // none
        }
        ObjectNode body = DockerJson.MAPPER.createObjectNode();
        body.put("Image", "base").put("Hostname", hostname);
        body.putArray("Cmd").add("sleep").add("600");
        ObjectNode hc = body.putObject("HostConfig");
        if (memory != null) hc.put("Memory", memory);
        if (nanoCpus != null) hc.put("NanoCpus", nanoCpus);
        if (pids != null) hc.put("PidsLimit", pids);
        // storage figure: the four kinds, besides the container layer a tmpfs, a named volume and a read-only bind
        if (memory != null) hc.putObject("Tmpfs").put("/scratch", "size=8m");
        if (bindSource != null) hc.putArray("Binds").add(FIGURE_VOLUME + ":/data").add(bindSource + ":/srv/site:ro");
        try {
            return c.create(DockerJson.MAPPER.treeToValue(body, CreateBody.class), name);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int pid(EngineClient c, String id) {
        JsonNode n = c.inspect(id);
        return n.path("State").path("Pid").asInt();
    }

    private static Path write(Drawing d, Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        SvgWriter.write(d, f);
        return f;
    }
}
