package dev.glassbox.app.terminal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal VT100/xterm screen: enough for a shell, line editing, {@code top} and {@code vi}.
 * Bytes from the pty go in through {@link #feed}; the grid of cells comes out. Handles UTF-8,
 * CR/LF/BS/TAB, cursor movement (CUU/CUD/CUF/CUB/CUP/HVP/CHA/VPA), erase (ED, EL, ECH),
 * insert/delete of lines and characters, scroll regions (DECSTBM), index/reverse index, SGR
 * (bold, inverse, 8/16/256 colours), save/restore cursor, the alternate screen (1049) and
 * cursor visibility (25). Anything else is ignored, not printed. Not thread-safe: the session
 * feeds and the view reads under the screen's lock.
 */
public final class VtScreen {
    /** Attributes packed in an int: fg (9 bits, 256 = default), bg (9 bits), bold, inverse. */
    static final int DEFAULT_FG = 256, DEFAULT_BG = 256;

    private int rows, cols;
    private char[][] chars;
    private int[][] attrs;
    private char[][] savedChars;
    private int[][] savedAttrs;
    private int cx, cy, savedX, savedY;
    private int top, bottom;
    private int fg = DEFAULT_FG, bg = DEFAULT_BG;
    private boolean bold, inverse, cursorVisible = true, wrapPending;
    private long version;

    private enum Mode { GROUND, ESC, CSI, OSC, CHARSET }

    private Mode mode = Mode.GROUND;
    private final StringBuilder params = new StringBuilder();
    private final byte[] utf8 = new byte[4];
    private int utf8Len, utf8Need;

    public VtScreen(int rows, int cols) {
        resize(rows, cols);
    }

    public synchronized void resize(int newRows, int newCols) {
        char[][] oc = chars;
        int[][] oa = attrs;
        int oldRows = rows;
        rows = Math.max(2, newRows);
        cols = Math.max(10, newCols);
        chars = new char[rows][cols];
        attrs = new int[rows][cols];
        for (int r = 0; r < rows; r++) clearRow(r, 0, cols);
        if (oc != null) {
            // keep the bottom of the old screen, where the prompt is
            int shift = Math.max(0, Math.max(cy + 1, 0) - rows);
            for (int r = 0; r < rows && r + shift < oldRows; r++) {
                int n = Math.min(cols, oc[r + shift].length);
                System.arraycopy(oc[r + shift], 0, chars[r], 0, n);
                System.arraycopy(oa[r + shift], 0, attrs[r], 0, n);
            }
            cy -= shift;
        }
        top = 0;
        bottom = rows - 1;
        cx = Math.min(cx, cols - 1);
        cy = Math.min(Math.max(cy, 0), rows - 1);
        version++;
    }

    public synchronized int rows() { return rows; }

    public synchronized int cols() { return cols; }

    public synchronized int cursorX() { return cx; }

    public synchronized int cursorY() { return cy; }

    public synchronized boolean cursorVisible() { return cursorVisible; }

    /** Goes up on every change: the view redraws when it differs. */
    public synchronized long version() { return version; }

    public synchronized char charAt(int r, int c) { return chars[r][c]; }

    public synchronized int attrAt(int r, int c) { return attrs[r][c]; }

    /** Row {@code r} as text, trailing blanks kept. */
    public synchronized String line(int r) { return new String(chars[r]); }

    /** The whole screen as text, trailing blanks of each line removed. */
    public synchronized String text() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows; r++) b.append(line(r).stripTrailing()).append('\n');
        return b.toString();
    }

    public static int fg(int attr) { return attr & 0x1ff; }

    public static int bg(int attr) { return (attr >>> 9) & 0x1ff; }

    public static boolean bold(int attr) { return (attr & (1 << 18)) != 0; }

    public static boolean inverse(int attr) { return (attr & (1 << 19)) != 0; }

    private int currentAttr() {
        return fg | (bg << 9) | (bold ? 1 << 18 : 0) | (inverse ? 1 << 19 : 0);
    }

    public synchronized void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) byteIn(buf[i] & 0xff);
        version++;
    }

    public void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        feed(b, 0, b.length);
    }

    private void byteIn(int b) {
        if (mode == Mode.GROUND && b >= 0x80) {
            utf8Char(b);
            return;
        }
        utf8Need = 0;
        switch (mode) {
            case GROUND -> ground(b);
            case ESC -> esc(b);
            case CSI -> csi(b);
            case OSC -> {
                if (b == 0x07) mode = Mode.GROUND;
                else if (b == 0x1b) mode = Mode.ESC; // ST is ESC \
            }
            case CHARSET -> mode = Mode.GROUND;
        }
    }

    private void utf8Char(int b) {
        if (utf8Need == 0) {
            utf8Need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            utf8Len = 0;
        }
        utf8[utf8Len++] = (byte) b;
        if (utf8Len == utf8Need) {
            String s = new String(utf8, 0, utf8Len, StandardCharsets.UTF_8);
            utf8Need = 0;
            put(s.isEmpty() ? '?' : s.charAt(0));
        }
    }

    private void ground(int b) {
        switch (b) {
            case 0x1b -> mode = Mode.ESC;
            case '\r' -> { cx = 0; wrapPending = false; }
            case '\n', 0x0b, 0x0c -> lineFeed();
            case 0x08 -> { if (cx > 0) cx--; wrapPending = false; }
            case '\t' -> cx = Math.min(cols - 1, (cx / 8 + 1) * 8);
            case 0x07, 0x00, 0x0e, 0x0f -> { }
            default -> {
                if (b >= 0x20) put((char) b);
            }
        }
    }

    private void put(char c) {
        if (wrapPending) {
            cx = 0;
            lineFeed();
            wrapPending = false;
        }
        chars[cy][cx] = c;
        attrs[cy][cx] = currentAttr();
        if (cx == cols - 1) wrapPending = true;
        else cx++;
    }

    private void lineFeed() {
        wrapPending = false;
        if (cy == bottom) scrollUp(top, bottom, 1);
        else if (cy < rows - 1) cy++;
    }

    private void esc(int b) {
        mode = Mode.GROUND;
        switch (b) {
            case '[' -> { mode = Mode.CSI; params.setLength(0); }
            case ']' -> mode = Mode.OSC;
            case '(', ')', '*', '+' -> mode = Mode.CHARSET;
            case '7' -> { savedX = cx; savedY = cy; }
            case '8' -> { cx = savedX; cy = savedY; }
            case 'D' -> lineFeed();
            case 'E' -> { cx = 0; lineFeed(); }
            case 'M' -> {
                if (cy == top) scrollDown(top, bottom, 1);
                else if (cy > 0) cy--;
            }
            case 'c' -> { resetAttrs(); eraseDisplay(2); cx = cy = 0; }
            default -> { }
        }
    }

    private void csi(int b) {
        if (b >= 0x30 && b <= 0x3f) {
            params.append((char) b);
            return;
        }
        if (b >= 0x20 && b <= 0x2f) return; // intermediates: ignored
        mode = Mode.GROUND;
        boolean priv = params.length() > 0 && params.charAt(0) == '?';
        String p = priv ? params.substring(1) : params.toString();
        if (p.startsWith(">") || p.startsWith("=")) return;
        int[] a = parse(p);
        int n = Math.max(1, arg(a, 0, 1));
        wrapPending = false;
        switch (b) {
            case 'A' -> cy = Math.max(0, cy - n);
            case 'B' -> cy = Math.min(rows - 1, cy + n);
            case 'C' -> cx = Math.min(cols - 1, cx + n);
            case 'D' -> cx = Math.max(0, cx - n);
            case 'E' -> { cy = Math.min(rows - 1, cy + n); cx = 0; }
            case 'F' -> { cy = Math.max(0, cy - n); cx = 0; }
            case 'G', '`' -> cx = clamp(n - 1, cols);
            case 'd' -> cy = clamp(n - 1, rows);
            case 'H', 'f' -> { cy = clamp(arg(a, 0, 1) - 1, rows); cx = clamp(arg(a, 1, 1) - 1, cols); }
            case 'J' -> eraseDisplay(arg(a, 0, 0));
            case 'K' -> eraseLine(arg(a, 0, 0));
            case 'X' -> clearRow(cy, cx, Math.min(cols, cx + n));
            case 'L' -> { if (cy >= top && cy <= bottom) scrollDown(cy, bottom, n); }
            case 'M' -> { if (cy >= top && cy <= bottom) scrollUp(cy, bottom, n); }
            case 'P' -> deleteChars(n);
            case '@' -> insertChars(n);
            case 'S' -> scrollUp(top, bottom, n);
            case 'T' -> scrollDown(top, bottom, n);
            case 'm' -> sgr(a);
            case 'r' -> {
                top = clamp(arg(a, 0, 1) - 1, rows);
                bottom = clamp(arg(a, 1, rows) - 1, rows);
                if (bottom <= top) { top = 0; bottom = rows - 1; }
                cx = 0;
                cy = 0;
            }
            case 's' -> { savedX = cx; savedY = cy; }
            case 'u' -> { cx = savedX; cy = savedY; }
            case 'h', 'l' -> { if (priv) privateMode(a, b == 'h'); }
            default -> { }
        }
    }

    private void privateMode(int[] a, boolean set) {
        for (int m : a) {
            switch (m) {
                case 25 -> cursorVisible = set;
                case 1049, 47, 1047 -> alternate(set);
                default -> { }
            }
        }
    }

    private void alternate(boolean on) {
        if (on && savedChars == null) {
            savedChars = new char[rows][];
            savedAttrs = new int[rows][];
            for (int r = 0; r < rows; r++) {
                savedChars[r] = chars[r].clone();
                savedAttrs[r] = attrs[r].clone();
            }
            savedX = cx;
            savedY = cy;
            eraseDisplay(2);
        } else if (!on && savedChars != null) {
            for (int r = 0; r < rows && r < savedChars.length; r++) {
                chars[r] = Arrays.copyOf(savedChars[r], cols);
                attrs[r] = Arrays.copyOf(savedAttrs[r], cols);
            }
            savedChars = null;
            savedAttrs = null;
            cx = Math.min(savedX, cols - 1);
            cy = Math.min(savedY, rows - 1);
        }
    }

    private void sgr(int[] a) {
        if (a.length == 0) {
            resetAttrs();
            return;
        }
        for (int i = 0; i < a.length; i++) {
            int v = a[i];
            if (v == 0) resetAttrs();
            else if (v == 1) bold = true;
            else if (v == 22) bold = false;
            else if (v == 7) inverse = true;
            else if (v == 27) inverse = false;
            else if (v >= 30 && v <= 37) fg = v - 30;
            else if (v == 39) fg = DEFAULT_FG;
            else if (v >= 40 && v <= 47) bg = v - 40;
            else if (v == 49) bg = DEFAULT_BG;
            else if (v >= 90 && v <= 97) fg = v - 90 + 8;
            else if (v >= 100 && v <= 107) bg = v - 100 + 8;
            else if ((v == 38 || v == 48) && i + 2 < a.length && a[i + 1] == 5) {
                if (v == 38) fg = a[i + 2] & 0xff; else bg = a[i + 2] & 0xff;
                i += 2;
            } else if ((v == 38 || v == 48) && i + 4 < a.length && a[i + 1] == 2) {
                i += 4; // true colour: not kept, the default is shown
            }
        }
    }

    private void resetAttrs() {
        fg = DEFAULT_FG;
        bg = DEFAULT_BG;
        bold = false;
        inverse = false;
    }

    private void eraseDisplay(int how) {
        switch (how) {
            case 0 -> {
                clearRow(cy, cx, cols);
                for (int r = cy + 1; r < rows; r++) clearRow(r, 0, cols);
            }
            case 1 -> {
                for (int r = 0; r < cy; r++) clearRow(r, 0, cols);
                clearRow(cy, 0, cx + 1);
            }
            default -> {
                for (int r = 0; r < rows; r++) clearRow(r, 0, cols);
            }
        }
    }

    private void eraseLine(int how) {
        switch (how) {
            case 0 -> clearRow(cy, cx, cols);
            case 1 -> clearRow(cy, 0, cx + 1);
            default -> clearRow(cy, 0, cols);
        }
    }

    private void clearRow(int r, int from, int to) {
        int blank = DEFAULT_FG | (bg << 9);
        for (int c = Math.max(0, from); c < Math.min(cols, to); c++) {
            chars[r][c] = ' ';
            attrs[r][c] = blank;
        }
    }

    private void scrollUp(int from, int to, int n) {
        for (int k = 0; k < n; k++) {
            char[] c0 = chars[from];
            int[] a0 = attrs[from];
            for (int r = from; r < to; r++) {
                chars[r] = chars[r + 1];
                attrs[r] = attrs[r + 1];
            }
            chars[to] = c0;
            attrs[to] = a0;
            clearRow(to, 0, cols);
        }
    }

    private void scrollDown(int from, int to, int n) {
        for (int k = 0; k < n; k++) {
            char[] cl = chars[to];
            int[] al = attrs[to];
            for (int r = to; r > from; r--) {
                chars[r] = chars[r - 1];
                attrs[r] = attrs[r - 1];
            }
            chars[from] = cl;
            attrs[from] = al;
            clearRow(from, 0, cols);
        }
    }

    private void deleteChars(int n) {
        n = Math.min(n, cols - cx);
        System.arraycopy(chars[cy], cx + n, chars[cy], cx, cols - cx - n);
        System.arraycopy(attrs[cy], cx + n, attrs[cy], cx, cols - cx - n);
        clearRow(cy, cols - n, cols);
    }

    private void insertChars(int n) {
        n = Math.min(n, cols - cx);
        System.arraycopy(chars[cy], cx, chars[cy], cx + n, cols - cx - n);
        System.arraycopy(attrs[cy], cx, attrs[cy], cx + n, cols - cx - n);
        clearRow(cy, cx, cx + n);
    }

    private static int[] parse(String p) {
        if (p.isEmpty()) return new int[0];
        String[] f = p.split("[;:]", -1);
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            try {
                out[i] = f[i].isEmpty() ? 0 : Integer.parseInt(f[i]);
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
        }
        return out;
    }

    private static int arg(int[] a, int i, int dflt) {
        return i < a.length && a[i] != 0 ? a[i] : dflt;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
