package dev.glassbox.mount;

/**
 * One directory of an overlay stack.
 *
 * @param name {@code upper}, or {@code lower1} (the top lower) to {@code lowerN}, as the layer origin is reported
 * @param dir the directory as the host sees it
 * @param upper whether this is the writable upper directory
 */
public record Layer(String name, String dir, boolean upper) {}
