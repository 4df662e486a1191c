package dev.glassbox.app.steps;

import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.Target;
import dev.glassbox.app.core.TerminalRequest;
import dev.glassbox.app.core.UserMessage;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.runtime.step.StepReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The New container flow: a form, then the engine's steps one at a time (Next), all at once
 * (Run all), or back to an earlier point (Undo to here: the engine undoes every step, then the
 * steps before the chosen one are applied again; Abort undoes them all). Every engine call runs
 * off the FX thread; results come back through {@link AppContext#tasks()}.
 */
public final class NewContainerViewModel {
    public enum State { FORM, STEPPING, DONE }

    private static final Pattern HOST_PID = Pattern.compile("host PID (\\d+)");
    private static final Pattern NS_ID = Pattern.compile("\\b([a-z]+):\\[(\\d+)]");
    /** The namespaces step's lines: {@code uts:   4026531838 -> 4026532251  (new)}. */
    private static final Pattern NS_NEW = Pattern.compile("^\\s*([a-z]+):\\s+\\d+ -> (\\d+)\\s+\\(new\\)");
    /** The cgroup steps' lines: {@code created /sys/fs/cgroup/glassbox/ab}, {@code PID 7 joined glassbox/ab}, {@code /proc/7/cgroup: 0::/glassbox/ab}. */
    private static final Pattern CG_CREATED = Pattern.compile("^created /sys/fs/cgroup(/\\S+)");
    private static final Pattern CG_JOINED = Pattern.compile("^PID \\d+ joined /?(\\S+)");
    private static final Pattern CG_PROC = Pattern.compile("^/proc/\\d+/cgroup: \\d+:[^:]*:(/\\S+)");
    /** The capabilities step's lines: {@code CapBnd: 000001ffffffffff -> 00000000a80425fb}. */
    private static final Pattern CAPS = Pattern.compile("^(Cap[A-Z][a-z]{2}): ([0-9a-f]+) -> ([0-9a-f]+)");
    /** The network step's veth line: {@code veth pair: veth1a2b (host, port of gb0) <-> eth0 (container)}. */
    private static final Pattern VETH = Pattern.compile("^veth pair: (\\S+) \\(host.*<-> (\\S+) \\(container\\)");
    private static final Pattern LO_ONLY = Pattern.compile("^lo: up.*\\(the only interface\\)");

    private final AppContext ctx;
    private final ContainerForm defaults = ContainerForm.defaults();
    private final StringProperty image = new SimpleStringProperty(defaults.image());
    private final StringProperty command = new SimpleStringProperty(defaults.command());
    private final StringProperty name = new SimpleStringProperty(defaults.name());
    private final StringProperty hostname = new SimpleStringProperty(defaults.hostname());
    private final StringProperty memory = new SimpleStringProperty(defaults.memory());
    private final StringProperty cpus = new SimpleStringProperty(defaults.cpus());
    private final StringProperty pids = new SimpleStringProperty(defaults.pids());
    private final StringProperty capAdd = new SimpleStringProperty("");
    private final StringProperty capDrop = new SimpleStringProperty("");
    private final StringProperty network = new SimpleStringProperty(defaults.network());
    private final StringProperty volumes = new SimpleStringProperty("");
    private final BooleanProperty tty = new SimpleBooleanProperty(true);

    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.FORM);
    private final ObservableList<StepItem> steps = FXCollections.observableArrayList();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final IntegerProperty pid = new SimpleIntegerProperty();
    private final StringProperty containerId = new SimpleStringProperty();
    private final StringProperty containerName = new SimpleStringProperty();

    public NewContainerViewModel(AppContext ctx) {
        this.ctx = ctx;
    }

    public ContainerForm form() {
        return new ContainerForm(image.get(), command.get(), name.get(), hostname.get(), memory.get(), cpus.get(),
                pids.get(), capAdd.get(), capDrop.get(), network.get(), volumes.get(), tty.get());
    }

    /** Creates the container and begins its steps. */
    public void create() {
        if (busy.get()) return;
        CreateBody body;
        try {
            body = form().toBody();
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return;
        }
        String wanted = name.get().isBlank() ? null : name.get().strip();
        busy.set(true);
        message.set("Creating the container" + (image.get().equals("base") ? " (the first time, the base image is built from the host's own programs: a few seconds)" : "") + "\u2026");
        boolean terminal = tty.get(); // its terminal opens after the last step: its output waits for it
        ctx.tasks().run(() -> {
            EngineClient c = ctx.engine();
            String id = c.create(body, wanted);
            List<String> titles = c.beginSteps(id, terminal);
            String n = wanted != null ? wanted : c.inspect(id).path("Name").asText("").replaceFirst("^/", "");
            return new Object[] {id, titles, n};
        }, r -> {
            busy.set(false);
            containerId.set((String) r[0]);
            containerName.set((String) r[2]);
            @SuppressWarnings("unchecked") List<String> titles = (List<String>) r[1];
            setPending(titles, 0);
            state.set(State.STEPPING);
            pid.set(0);
            message.set("Created " + r[2] + ". Press Next to apply the first step.");
            ctx.changed().clear();
            ctx.targetProperty().set(new Target(containerId.get(), containerName.get(), 0));
        }, err -> {
            busy.set(false);
            message.set(UserMessage.of("Creating the container", err));
        });
    }

    private void setPending(List<String> titles, int done) {
        List<StepItem> items = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            StepItem.Status s = i < done ? StepItem.Status.DONE : i == done ? StepItem.Status.NEXT : StepItem.Status.PENDING;
            StepReport old = i < done && i < steps.size() ? steps.get(i).report() : null;
            items.add(new StepItem(i + 1, titles.get(i), s, old));
        }
        steps.setAll(items);
    }

    private List<String> titles() {
        return steps.stream().map(StepItem::title).toList();
    }

    public int doneCount() {
        return (int) steps.stream().filter(s -> s.status() == StepItem.Status.DONE).count();
    }

    /** Applies the next step. */
    public void next() {
        if (busy.get() || state.get() != State.STEPPING) return;
        busy.set(true);
        String id = containerId.get();
        ctx.tasks().run(() -> ctx.engine().nextStep(id), this::applied, this::failed);
    }

    /** Applies every remaining step, showing each as it is done. */
    public void runAll() {
        if (busy.get() || state.get() != State.STEPPING) return;
        busy.set(true);
        String id = containerId.get();
        int remaining = steps.size() - doneCount();
        ctx.tasks().background().execute(() -> {
            for (int i = 0; i < remaining; i++) {
                StepReport r;
                try {
                    r = ctx.engine().nextStep(id);
                } catch (Throwable t) {
                    ctx.tasks().ui().execute(() -> failed(t));
                    return;
                }
                boolean last = i == remaining - 1;
                ctx.tasks().ui().execute(() -> {
                    applied(r);
                    if (!last) busy.set(true);
                });
            }
        });
    }

    private void applied(StepReport r) {
        busy.set(false);
        int i = r.index() - 1;
        if (i >= 0 && i < steps.size()) steps.set(i, new StepItem(r.index(), r.title(), StepItem.Status.DONE, r));
        if (i + 1 < steps.size()) {
            StepItem n = steps.get(i + 1);
            steps.set(i + 1, new StepItem(n.index(), n.title(), StepItem.Status.NEXT, null));
        }
        selected.set(i);
        Set<String> tags = new LinkedHashSet<>();
        for (String line : r.changes() == null ? List.<String>of() : r.changes()) {
            Matcher m = HOST_PID.matcher(line);
            if (m.find() && line.contains("container init")) pid.set(Integer.parseInt(m.group(1)));
            Matcher ns = NS_ID.matcher(line);
            while (ns.find()) tags.add(ns.group(1) + ":[" + ns.group(2) + "]");
            Matcher nn = NS_NEW.matcher(line);
            if (nn.find()) tags.add(nn.group(1) + ":[" + nn.group(2) + "]");
            tags.addAll(otherTags(line, containerName.get()));
        }
        ctx.changed().clear();
        ctx.changed().addAll(tags);
        message.set("Step " + r.index() + " of " + r.total() + " done: " + r.title());
        if (r.index() >= r.total()) finished();
        else publishTarget();
    }

    /**
     * What a step's line says it changed outside the namespaces, as the tags the live views
     * highlight: {@code cgroup:/glassbox/ab} (the cgroups tree), {@code caps:CapBnd:BEFORE:AFTER}
     * (the capabilities grid), {@code iface:host/veth1a2b} and {@code iface:NAME/eth0} (the network figure).
     */
    static List<String> otherTags(String line, String container) {
        List<String> out = new ArrayList<>();
        String l = line.strip();
        Matcher m;
        if ((m = CG_CREATED.matcher(l)).find()) out.add("cgroup:" + cgroupPath(m.group(1)));
        if ((m = CG_JOINED.matcher(l)).find()) out.add("cgroup:/" + m.group(1));
        if ((m = CG_PROC.matcher(l)).find()) out.add("cgroup:" + m.group(1));
        if ((m = CAPS.matcher(l)).find() && !m.group(2).equals(m.group(3))) out.add("caps:" + m.group(1) + ":" + m.group(2) + ":" + m.group(3));
        if ((m = VETH.matcher(l)).find()) {
            out.add("iface:host/" + m.group(1));
            if (container != null) out.add("iface:" + container + "/" + m.group(2));
        }
        if (LO_ONLY.matcher(l).find() && container != null) out.add("iface:" + container + "/lo");
        return out;
    }

    /** A directory under /sys/fs/cgroup as /proc/PID/cgroup names it: v1's controller directory dropped. */
    private static String cgroupPath(String underMount) {
        for (String c : List.of("/memory/", "/cpu,cpuacct/", "/cpu/", "/pids/", "/freezer/", "/cpuset/", "/unified/", "/systemd/")) {
            if (underMount.startsWith(c)) return underMount.substring(c.length() - 1);
        }
        return underMount;
    }

    private void finished() {
        state.set(State.DONE);
        message.set("The container runs. Its live views are on the left" + (tty.get() ? "; its terminal is open." : "."));
        String id = containerId.get();
        ctx.tasks().run(() -> ctx.engine().inspect(id).path("State").path("Pid").asInt(), p -> {
            if (p > 0) pid.set(p);
            publishTarget();
        }, err -> publishTarget());
        if (tty.get()) ctx.terminalProperty().set(new TerminalRequest(containerName.get(), () -> ctx.engine().attach(id)));
    }

    private void publishTarget() {
        ctx.targetProperty().set(new Target(containerId.get(), containerName.get(), pid.get()));
    }

    private void failed(Throwable t) {
        busy.set(false);
        // the engine undid every step it had applied: back to the start of the list
        setPending(titles(), 0);
        pid.set(0);
        publishTarget();
        message.set(UserMessage.of("The step", t) + " Every earlier step was undone; fix the form and create again, or Next to retry.");
        String id = containerId.get();
        boolean terminal = tty.get();
        ctx.tasks().run(() -> {
            ctx.engine().beginSteps(id, terminal);
            return null;
        }, ok -> {}, err -> state.set(State.FORM));
    }

    /**
     * Back to the point before step {@code index} (1-based): the engine undoes every step, then
     * steps 1..index-1 are applied again. Undo to step 1 is an abort.
     */
    public void undoTo(int index) {
        if (busy.get() || state.get() == State.FORM || containerId.get() == null) return;
        busy.set(true);
        String id = containerId.get();
        List<String> titles = titles();
        int redo = Math.max(0, index - 1);
        if (state.get() == State.DONE) {
            message.set("The container already runs: stop and remove it from the dashboard, then create it again.");
            busy.set(false);
            return;
        }
        boolean terminal = tty.get();
        ctx.tasks().run(() -> {
            EngineClient c = ctx.engine();
            c.abortSteps(id);
            c.beginSteps(id, terminal);
            List<StepReport> again = new ArrayList<>();
            for (int i = 0; i < redo; i++) again.add(c.nextStep(id));
            return again;
        }, again -> {
            busy.set(false);
            setPending(titles, 0);
            pid.set(0);
            ctx.changed().clear();
            for (StepReport r : again) {
                busy.set(false);
                applied(r);
            }
            if (again.isEmpty()) publishTarget();
            message.set(redo == 0 ? "Every step was undone: the container is created, nothing else."
                    : "Undone back to step " + index + ": steps 1 to " + redo + " were applied again.");
        }, err -> {
            busy.set(false);
            message.set(UserMessage.of("Undoing", err));
        });
    }

    /** Undoes every step; the container stays created. */
    public void abort() {
        undoTo(1);
    }

    /** Removes the container and goes back to the form. */
    public void discard() {
        String id = containerId.get();
        if (busy.get()) return;
        state.set(State.FORM);
        steps.clear();
        selected.set(-1);
        ctx.changed().clear();
        if (id == null) return;
        ctx.tasks().run(() -> {
            ctx.engine().remove(id, true);
            return null;
        }, ok -> message.set("Removed " + containerName.get() + "."), err -> message.set(UserMessage.of("Removing", err)));
        containerId.set(null);
    }

    public StepReport selectedReport() {
        int i = selected.get();
        return i >= 0 && i < steps.size() ? steps.get(i).report() : null;
    }

    public StringProperty imageProperty() { return image; }
    public StringProperty commandProperty() { return command; }
    public StringProperty nameProperty() { return name; }
    public StringProperty hostnameProperty() { return hostname; }
    public StringProperty memoryProperty() { return memory; }
    public StringProperty cpusProperty() { return cpus; }
    public StringProperty pidsProperty() { return pids; }
    public StringProperty capAddProperty() { return capAdd; }
    public StringProperty capDropProperty() { return capDrop; }
    public StringProperty networkProperty() { return network; }
    public StringProperty volumesProperty() { return volumes; }
    public BooleanProperty ttyProperty() { return tty; }
    public ObjectProperty<State> stateProperty() { return state; }
    public ObservableList<StepItem> steps() { return steps; }
    public IntegerProperty selectedProperty() { return selected; }
    public BooleanProperty busyProperty() { return busy; }
    public StringProperty messageProperty() { return message; }
    public IntegerProperty pidProperty() { return pid; }
    public StringProperty containerIdProperty() { return containerId; }
}
