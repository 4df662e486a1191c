package dev.glassbox.image;

import java.nio.file.Path;

/**
 * One layer of an image: {@code diffId} is the digest of its uncompressed tar (what the image
 * config lists), {@code blobDigest} the digest of the blob as stored (maybe compressed),
 * {@code dir} where it is unpacked once for every image that has it, and {@code size} the bytes
 * of its files.
 */
public record Layer(String diffId, String blobDigest, Path dir, long size) {}
