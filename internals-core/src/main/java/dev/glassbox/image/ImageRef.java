package dev.glassbox.image;

import java.util.regex.Pattern;

/**
 * A tag reference {@code name:tag} (tag {@code latest} when left out), e.g. {@code base},
 * {@code alpine:3.20}, {@code localhost:5000/web:1}. Names are lower case as Docker requires.
 */
public record ImageRef(String name, String tag) {
    private static final Pattern NAME = Pattern.compile(
            "([a-zA-Z0-9][a-zA-Z0-9.-]*(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageRef {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ImageException("invalid image name \"" + name
                    + "\": use lower-case letters, digits and . _ - / (e.g. myimage or course/web)");
        }
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new ImageException("invalid tag \"" + tag + "\" for " + name
                    + ": use letters, digits, _ . - (at most 128, not starting with . or -)");
        }
    }

    /** Parses {@code name[:tag]}; a ':' before the last '/' is a registry port, not a tag. */
    public static ImageRef parse(String ref) {
        if (ref == null || ref.isBlank()) throw new ImageException("empty image reference: give a name such as base or alpine:3.20");
        if (ref.contains("@")) {
            throw new ImageException("image references by digest (" + ref + ") are not supported: use name:tag or the image id");
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) return new ImageRef(ref.substring(0, colon), ref.substring(colon + 1));
        return new ImageRef(ref, "latest");
    }

    /** True when {@code ref} parses as a tag reference. */
    public static boolean isValid(String ref) {
        try {
            parse(ref);
            return true;
        } catch (ImageException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
