package dev.glassbox.slides.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.cgroup.Limits;
import dev.glassbox.inspect.Inspector;
import dev.glassbox.inspect.NamespaceGraph;
import dev.glassbox.mount.OverlayStack;
import dev.glassbox.mount.UpperDirReport;
import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.slides.draw.SvgWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Every figure layout writes a well-formed SVG document with the values it was given. */
class FigureSvgTest {
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
        return d;
    }

    @Test
    void textIsEscapedAndTheDocumentParses() throws Exception {
        Drawing d = Drawing.builder().text(10, 20, "a < b & \"c\"", 12, "#000000").box(0, 0, 50, 50, null, "#000000", "x&y")
                .build();
        Document doc = parse(SvgWriter.toSvg(d));
        assertEquals("a < b & \"c\"", doc.getElementsByTagName("text").item(0).getTextContent());
    }

    @Test
    void theNamespaceFigureShowsTheInodesOfThisProcessAndTheHost() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        NamespaceGraph g = new Inspector().namespaceGraph(List.of(1, self));
        String svg = SvgWriter.toSvg(NamespaceFigure.draw(g, List.of(1, self), Map.of(1, "host"), Set.of(), Palette.NORMAL));
        parse(svg);
        String uts = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/uts")).toString();
        assertTrue(svg.contains(uts.substring(5, uts.length() - 1)), "the UTS inode is written");
    }

    @Test
    void chartDrawsTheLimitLineAndOomMarks() throws Exception {
        var pts = List.of(new ChartFigure.Point(1, 10e6), new ChartFigure.Point(2, 60e6));
        String svg = SvgWriter.toSvg(ChartFigure.draw("memory", pts, 64.0 * (1 << 20), List.of(2.0), 60, 500, 200,
                v -> CgroupTree.bytes((long) v), Palette.NORMAL));
        parse(svg);
        assertTrue(svg.contains("limit 64 MiB"), svg);
        assertTrue(svg.contains("OOM kill"));
    }

    @Test
    void cgroupLayerNetworkAndStorageFiguresParse() throws Exception {
        CgroupTree tree = new CgroupTree("/", "/", "", false, 3, List.of(new CgroupTree("glassbox", "/glassbox", "", false, 0,
                List.of(new CgroupTree("abc", "/glassbox/abc", CgroupTree.describe(new Limits(64L << 20, null, 50_000L, 100_000, 50L)),
                        true, 0, List.of())))));
        String cg = SvgWriter.toSvg(CgroupFigure.draw(tree, Palette.NORMAL));
        parse(cg);
        assertTrue(cg.contains("memory 64 MiB \u00b7 cpus 0.5 \u00b7 pids 50"), cg);
        OverlayStack s = new OverlayStack(1, "/", "/proc/1/root", List.of("/var/lib/glassbox/init-layer.1", "/l/2", "/l/1"),
                "/c/upper", "/c/work", List.of(), false);
        String layers = SvgWriter.toSvg(LayerFigure.draw(s, UpperDirReport.NONE, Map.of(), Palette.HIGH_CONTRAST));
        parse(layers);
        assertTrue(layers.contains("lower1  (read-only, init layer: mount points)"), layers);
        assertTrue(layers.contains("lower2  (read-only, image layer)"), layers);
        assertTrue(OverlayStack.isInitLayer("/var/lib/docker/overlay2/0f3c-init/diff"), "Docker's");
        assertFalse(OverlayStack.isInitLayer("/var/lib/docker/overlay2/0f3c/diff"));
        NetworkModel m = new NetworkModel(List.of(
                new NetworkModel.Namespace("host", true, 1, List.of(
                        new NetworkModel.Iface(1, "lo", "loopback", null, List.of("127.0.0.1/8"), true),
                        new NetworkModel.Iface(3, "glassbox0", "bridge", null, List.of("172.18.0.1/16"), true),
                        new NetworkModel.Iface(9, "vethab", "veth", "glassbox0", List.of(), true)), List.of()),
                new NetworkModel.Namespace("web", false, 2, List.of(
                        new NetworkModel.Iface(2, "eth0", "veth", null, List.of("172.18.0.2/16"), true)), List.of("8080->80/tcp"))),
                List.of(new NetworkModel.Pair(new NetworkModel.End("web", "eth0"), new NetworkModel.End("host", "vethab"))));
        String net = SvgWriter.toSvg(NetworkFigure.draw(m, Palette.NORMAL));
        parse(net);
        assertTrue(net.contains("172.18.0.2/16") && net.contains("port of glassbox0") && net.contains("veth pair"));
        parse(SvgWriter.toSvg(StorageFigure.draw("web", List.of(
                new StorageFigure.Item(StorageFigure.Kind.CONTAINER_LAYER, "/", "/var/lib/glassbox/c/upper"),
                new StorageFigure.Item(StorageFigure.Kind.VOLUME, "/data", "/var/lib/glassbox/volumes/data/_data"),
                new StorageFigure.Item(StorageFigure.Kind.TMPFS, "/scratch", "memory (tmpfs)")), Palette.NORMAL)));
    }
}
