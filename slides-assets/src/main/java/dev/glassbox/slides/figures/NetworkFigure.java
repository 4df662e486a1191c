package dev.glassbox.slides.figures;

import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.slides.draw.Texts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology: the host's namespace on top with its interfaces and bridges, the veth ends that
 * are bridge ports under them, and each container's namespace below, joined to its host end.
 * Host veths whose peer is not among the drawn containers are left out to keep it readable.
 */
public final class NetworkFigure {
    static final double IW = 200, IH = 50, GAP = 26, LEFT = 16;

    private NetworkFigure() {}

    public static Drawing draw(NetworkModel m, Palette p) {
        Drawing.Builder b = Drawing.builder();
        b.bold(LEFT, 26, "Network: namespaces, interfaces, bridges and veth pairs", p.size(16), p.text());
        b.text(LEFT, 46, "a veth pair is a cable: one end in the container's namespace, the other a port of the bridge",
                p.size(12), p.muted());
        NetworkModel.Namespace host = m.namespaces().getFirst();
        Map<String, String> peerOfHost = new HashMap<>(); // host iface -> container namespace
        for (NetworkModel.Pair pr : m.pairs()) peerOfHost.put(pr.b().iface(), pr.a().namespace());
        List<NetworkModel.Iface> top = new ArrayList<>(), ports = new ArrayList<>();
        for (NetworkModel.Iface i : host.ifaces()) {
            if (peerOfHost.containsKey(i.name())) ports.add(i);
            else if (!"veth".equals(i.kind())) top.add(i);
        }
        // bridges first: their ports sit right under them
        top.sort(java.util.Comparator.comparing((NetworkModel.Iface i) -> !"bridge".equals(i.kind())));
        List<NetworkModel.Namespace> containers = m.namespaces().subList(1, m.namespaces().size());
        int cols = Math.max(top.size(), Math.max(containers.size(), 1));
        double hostW = cols * (IW + GAP) + GAP;
        double hy = 60;
        double hostH = 30 + IH + (ports.isEmpty() ? 0 : 30 + IH) + GAP;
        b.box(LEFT, hy, hostW, hostH, p.hostFill(), p.hostStroke(), "netns:host");
        b.bold(LEFT + 10, hy + 20, "host network namespace  net:[" + host.inode() + "]", p.size(13), p.text());
        Map<String, double[]> at = new HashMap<>();
        for (int i = 0; i < top.size(); i++) {
            double x = LEFT + GAP + i * (IW + GAP), y = hy + 30;
            iface(b, top.get(i), x, y, "host", p);
            at.put("host/" + top.get(i).name(), new double[] {x, y});
        }
        // host ends, one under each container column
        double portY = hy + 30 + IH + 30;
        for (NetworkModel.Iface port : ports) {
            int col = indexOf(containers, peerOfHost.get(port.name()));
            double x = LEFT + GAP + Math.max(col, 0) * (IW + GAP);
            iface(b, port, x, portY, "host", p);
            at.put("host/" + port.name(), new double[] {x, portY});
            double[] br = port.master() == null ? null : at.get("host/" + port.master());
            if (br != null) {
                b.line(x + IW / 2, portY, br[0] + IW / 2, br[1] + IH, p.accent(), 2);
                b.text(x + 4, portY - 6, "port of " + port.master(), p.size(10), p.accent());
            }
        }
        double cy = hy + hostH + 50;
        for (int c = 0; c < containers.size(); c++) {
            NetworkModel.Namespace ns = containers.get(c);
            double x = LEFT + GAP + c * (IW + GAP);
            // the veth end first: its cable goes straight up to the host without crossing lo
            List<NetworkModel.Iface> shown = new ArrayList<>(ns.ifaces());
            shown.sort(java.util.Comparator.comparing((NetworkModel.Iface i) -> !"veth".equals(i.kind())));
            double h = 44 + shown.size() * (IH + 8) + (ns.ports().isEmpty() ? 0 : 18);
            b.box(x - 6, cy, IW + 12, h, p.containerFill(), p.containerStroke(), "netns:" + ns.name());
            // name and inode on two short lines: the veth cable comes down at the right, clear of both
            b.bold(x, cy + 16, Texts.shorten(ns.name(), 20), p.size(11), p.text());
            b.text(x, cy + 31, "net:[" + ns.inode() + "]", p.size(10), p.muted());
            for (int i = 0; i < shown.size(); i++) {
                double y = cy + 40 + i * (IH + 8);
                iface(b, shown.get(i), x, y, ns.name(), p);
                at.put(ns.name() + "/" + shown.get(i).name(), new double[] {x, y});
            }
            if (!ns.ports().isEmpty()) {
                b.text(x, cy + h - 6, "published: " + String.join(", ", ns.ports()), p.size(10), p.warn());
            }
        }
        for (NetworkModel.Pair pr : m.pairs()) {
            double[] a = at.get(pr.a().namespace() + "/" + pr.a().iface());
            double[] h = at.get(pr.b().namespace() + "/" + pr.b().iface());
            if (a == null || h == null) continue;
            // at the right of the boxes, clear of the namespace's title
            double ax = a[0] + IW - 20, hx = h[0] + IW - 20;
            b.line(ax, a[1], hx, h[1] + IH, p.warn(), 2.5);
            b.text(Math.max(ax, hx) + 5, (a[1] + h[1] + IH) / 2, "veth pair", p.size(10), p.warn());
        }
        return b.build();
    }

    private static int indexOf(List<NetworkModel.Namespace> l, String name) {
        for (int i = 0; i < l.size(); i++) if (l.get(i).name().equals(name)) return i;
        return -1;
    }

    private static void iface(Drawing.Builder b, NetworkModel.Iface i, double x, double y, String ns, Palette p) {
        b.box(x, y, IW, IH, i.up() ? "#ffffff" : p.hostFill(), p.line(), "iface:" + ns + "/" + i.name());
        b.bold(x + 8, y + 17, Texts.shorten(i.name(), 16) + "  (" + i.kind() + (i.up() ? "" : ", down") + ")", p.size(11), p.text());
        List<String> v4 = i.addresses().stream().filter(a -> !a.contains(":")).toList();
        String addr = !v4.isEmpty() ? String.join(", ", v4)
                : i.addresses().isEmpty() ? "no address" : "IPv6 link-local only";
        b.mono(x + 8, y + 36, Texts.shorten(addr, 30), p.size(10), p.muted());
    }
}
