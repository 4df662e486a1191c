package dev.glassbox.caps;

/** A capability name that Linux does not have, e.g. a typo in {@code --cap-add}. */
public final class UnknownCapabilityException extends IllegalArgumentException {
    private final String name;

    public UnknownCapabilityException(String name) {
        super("unknown capability \"" + canonical(name) + "\": see 'man 7 capabilities'");
        this.name = name;
    }

    private static String canonical(String name) {
        String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
        return upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    }

    /** The name as it was given. */
    public String name() { return name; }
}
