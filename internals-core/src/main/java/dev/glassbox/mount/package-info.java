/**
 * The mount table as /proc/PID/mountinfo tells it ({@link dev.glassbox.mount.MountTable},
 * {@link dev.glassbox.mount.MountInfo}, {@link dev.glassbox.mount.Propagation}) and overlay
 * stacks read from it ({@link dev.glassbox.mount.OverlayStack}): which layer a path comes
 * from, whiteouts, opaque directories, and the upper directory as a {@code docker diff}.
 */
package dev.glassbox.mount;
