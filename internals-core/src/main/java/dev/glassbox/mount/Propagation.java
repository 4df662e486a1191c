package dev.glassbox.mount;

import java.util.ArrayList;
import java.util.List;

/**
 * How mount and unmount events travel to and from a mount (see mount_namespaces(7), "Shared
 * subtrees"), from the optional fields of a mountinfo line. {@code shared:N} puts the mount in
 * peer group N; {@code master:N} makes it a slave receiving from group N; no field means private.
 *
 * @param sharedGroup peer group when shared, else null
 * @param masterGroup the group it receives events from when a slave, else null
 * @param propagateFrom the nearest dominant peer group visible here ({@code propagate_from:N}), else null
 * @param unbindable whether the mount refuses to be bind-mounted
 */
public record Propagation(Integer sharedGroup, Integer masterGroup, Integer propagateFrom, boolean unbindable) {

    public static final Propagation PRIVATE = new Propagation(null, null, null, false);

    /** Reads the optional fields of one mountinfo line; unknown fields are ignored, as the man page asks. */
    public static Propagation parse(List<String> optionalFields) {
        Integer shared = null, master = null, from = null;
        boolean unbindable = false;
        for (String f : optionalFields) {
            if (f.startsWith("shared:")) shared = Integer.parseInt(f.substring(7));
            else if (f.startsWith("master:")) master = Integer.parseInt(f.substring(7));
            else if (f.startsWith("propagate_from:")) from = Integer.parseInt(f.substring(15));
            else if (f.equals("unbindable")) unbindable = true;
        }
        return new Propagation(shared, master, from, unbindable);
    }

    public boolean isShared() { return sharedGroup != null; }

    public boolean isSlave() { return masterGroup != null; }

    public boolean isPrivate() { return sharedGroup == null && masterGroup == null && !unbindable; }

    /** As findmnt's PROPAGATION column says it: {@code shared}, {@code private,slave}, {@code shared,slave}, {@code unbindable}. */
    @com.fasterxml.jackson.annotation.JsonProperty("kind")
    public String kind() {
        if (unbindable) return "unbindable";
        if (isShared() && isSlave()) return "shared,slave";
        if (isShared()) return "shared";
        if (isSlave()) return "private,slave";
        return "private";
    }

    /** As mountinfo writes it: {@code shared:1 master:2}, or {@code private}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (sharedGroup != null) parts.add("shared:" + sharedGroup);
        if (masterGroup != null) parts.add("master:" + masterGroup);
        if (propagateFrom != null) parts.add("propagate_from:" + propagateFrom);
        if (unbindable) parts.add("unbindable");
        return parts.isEmpty() ? "private" : String.join(" ", parts);
    }
}
