package dev.glassbox.image;

import java.time.Instant;

/**
 * One line of {@code image history}, newest first as {@code docker image history} prints it.
 * {@code id} is the image id on the newest line and {@code "<missing>"} on the others;
 * {@code created} may be null when the image does not say; {@code size} is the layer's size,
 * 0 for an {@code emptyLayer} (a config-only step such as ENV or CMD).
 */
public record HistoryEntry(String id, Instant created, String createdBy, long size, String comment,
        boolean emptyLayer) {}
