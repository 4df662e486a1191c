/**
 * Read-only, runtime-agnostic views of any process: namespaces, capabilities, mounts and
 * overlays, the process tree; one {@link dev.glassbox.inspect.Snapshot} holds them all, and
 * {@link dev.glassbox.inspect.Inspector} takes them, sharing one /proc scan
 * ({@link dev.glassbox.inspect.ProcessTable}) between many PIDs. Views are immutable records
 * that Jackson writes as JSON; {@code render} turns them into tables. Nothing here knows any
 * runtime: a Glassbox, runc, crun, Docker or Podman container looks the same, and so does
 * a namespace set made by hand with unshare.
 */
package dev.glassbox.inspect;
