package dev.glassbox.mount;

import java.util.List;

/**
 * What the upper directory of an overlay holds, as merged-view paths ({@code /etc/motd}).
 *
 * @param whiteouts character devices 0/0 that hide a lower file: the file was deleted
 * @param opaqueDirs directories marked {@code overlay.opaque=y}: nothing below shows through
 * @param changes the upper directory as a diff against the lower layers, sorted by path
 */
public record UpperDirReport(List<String> whiteouts, List<String> opaqueDirs, List<Change> changes) {
    public static final UpperDirReport NONE = new UpperDirReport(List.of(), List.of(), List.of());

    public UpperDirReport {
        whiteouts = List.copyOf(whiteouts);
        opaqueDirs = List.copyOf(opaqueDirs);
        changes = List.copyOf(changes);
    }
}
