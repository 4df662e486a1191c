package dev.glassbox.exercise.check;

import dev.glassbox.mount.OverlayStack;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An overlay is mounted at {@code path} in the target's mount namespace (the host's by
 * default) with these lower directories, top first as {@code lowerdir=} lists them, and this
 * upper directory.
 */
public record Overlay(Target of, String path, List<String> lowerDirs, String upperDir) implements Check {
    public Overlay {
        if (of == null) of = Target.hostTarget();
        Objects.requireNonNull(path, "overlay needs path: /MERGED");
        lowerDirs = lowerDirs == null ? null : List.copyOf(lowerDirs);
    }

    @Override
    public Observation evaluate(Machine m) {
        Optional<OverlayStack> s = m.inspector().mounts(m.pid(of)).overlayAt(path);
        String expected = "overlay at " + path + (lowerDirs == null ? "" : " with lowerdir=" + String.join(":", lowerDirs))
                + (upperDir == null ? "" : " upperdir=" + upperDir);
        if (s.isEmpty()) {
            String what = Mount.seen(m, of, path).map(x -> x.describe()).orElse("nothing");
            return Observation.of(false, expected, what + " at " + path);
        }
        OverlayStack o = s.get();
        boolean pass = (lowerDirs == null || lowerDirs.equals(o.lowerDirs())) && (upperDir == null || upperDir.equals(o.upperDir()));
        return Observation.of(pass, expected, "overlay at " + path + " with lowerdir=" + String.join(":", o.lowerDirs())
                + (o.upperDir() == null ? " (read-only, no upperdir)" : " upperdir=" + o.upperDir()));
    }

    @Override public String view() { return LAYERS; }

    @Override public String describe() { return "an overlay is mounted at " + path + (lowerDirs == null ? "" : " with lowerdir=" + String.join(":", lowerDirs)); }
}
