package dev.glassbox.app.terminal;

import javafx.scene.input.KeyCode;

/** What a key sends to the pty, as xterm sends it (normal cursor mode). */
public final class Keys {
    private Keys() {}

    /** The bytes for a key that has no character of its own (arrows, Enter...), or null. */
    public static String special(KeyCode code, boolean ctrl) {
        return switch (code) {
            case ENTER -> "\r";
            case BACK_SPACE -> "\u007f";
            case TAB -> "\t";
            case ESCAPE -> "\u001b";
            case UP -> "\u001b[A";
            case DOWN -> "\u001b[B";
            case RIGHT -> ctrl ? "\u001b[1;5C" : "\u001b[C";
            case LEFT -> ctrl ? "\u001b[1;5D" : "\u001b[D";
            case HOME -> "\u001b[H";
            case END -> "\u001b[F";
            case PAGE_UP -> "\u001b[5~";
            case PAGE_DOWN -> "\u001b[6~";
            case DELETE -> "\u001b[3~";
            case INSERT -> "\u001b[2~";
            default -> null;
        };
    }

    /** Ctrl+letter: the control character (Ctrl+C is 0x03), or null. */
    public static String control(String typed) {
        if (typed == null || typed.length() != 1) return null;
        char c = Character.toUpperCase(typed.charAt(0));
        if (c >= '@' && c <= '_') return String.valueOf((char) (c - '@'));
        return null;
    }
}
