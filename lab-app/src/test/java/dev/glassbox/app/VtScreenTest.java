package dev.glassbox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.terminal.VtScreen;
import org.junit.jupiter.api.Test;

class VtScreenTest {
    @Test
    void printsWrapsAndScrolls() {
        VtScreen s = new VtScreen(3, 10);
        s.feed("hello\r\nworld\r\n");
        assertEquals("hello\nworld\n\n", s.text());
        s.feed("0123456789ab\r\n");
        assertEquals("0123456789\nab\n\n", s.text(), "wraps at the margin and scrolls at the bottom");
    }

    @Test
    void cursorMovesAndEraseWorkAsTopAndLineEditingUseThem() {
        VtScreen s = new VtScreen(4, 20);
        s.feed("abcdef\u001b[3D\u001b[K");
        assertEquals("abc", s.line(0).stripTrailing(), "CUB then EL 0");
        s.feed("\u001b[3;5HX");
        assertEquals('X', s.charAt(2, 4), "CUP is 1-based");
        s.feed("\u001b[2J\u001b[H");
        assertEquals("\n\n\n\n", s.text());
        assertEquals(0, s.cursorX());
        s.feed("xyz\u001b[1;2H\u001b[P");
        assertEquals("xz", s.line(0).stripTrailing(), "DCH deletes under the cursor");
        s.feed("\u001b[@");
        assertEquals("x z", s.line(0).stripTrailing(), "ICH inserts a blank");
    }

    @Test
    void sgrSetsColoursBoldAndInverse() {
        VtScreen s = new VtScreen(2, 20);
        s.feed("\u001b[1;31mR\u001b[0m\u001b[7mI\u001b[27;38;5;200mP\u001b[m.");
        int r = s.attrAt(0, 0);
        assertEquals(1, VtScreen.fg(r));
        assertTrue(VtScreen.bold(r));
        assertTrue(VtScreen.inverse(s.attrAt(0, 1)));
        assertEquals(200, VtScreen.fg(s.attrAt(0, 2)));
        assertFalse(VtScreen.inverse(s.attrAt(0, 2)));
        assertEquals(256, VtScreen.fg(s.attrAt(0, 3)), "reset to the default colour");
    }

    @Test
    void alternateScreenIsRestoredAndUtf8IsDecoded() {
        VtScreen s = new VtScreen(3, 10);
        s.feed("prompt$ ");
        s.feed("\u001b[?1049h\u001b[?25l\u001b[Htop screen");
        assertEquals("top screen", s.line(0).stripTrailing());
        assertFalse(s.cursorVisible());
        s.feed("\u001b[?1049l\u001b[?25h");
        assertEquals("prompt$", s.line(0).stripTrailing());
        s.feed("\u00e9\u2014");
        assertEquals("prompt$ \u00e9\u2014", s.line(0).stripTrailing());
    }

    @Test
    void scrollRegionKeepsTheLinesOutsideIt() {
        VtScreen s = new VtScreen(4, 10);
        s.feed("head\r\n1\r\n2\r\nfoot");
        s.feed("\u001b[2;3r\u001b[3;1H\n");
        assertEquals("head\n2\n\nfoot\n", s.text());
    }
}
