package dev.glassbox.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordsTest {
    private final Map<String, String> vars = Map.of("NAME", "web", "EMPTY", "", "SPACED", "a b");

    private String expand(String s) {
        return Words.expand(s, vars::get);
    }

    @Test
    void dollarNamesAndBracesAreSubstituted() {
        assertEquals("/srv/web/x", expand("/srv/$NAME/x"));
        assertEquals("webapp", expand("${NAME}app"));
        assertEquals("", expand("$UNSET"));
        assertEquals("costs $", expand("costs $"));
    }

    @Test
    void defaultsAndAlternativesFollowTheShellsRules() {
        assertEquals("dflt", expand("${UNSET:-dflt}"));
        assertEquals("dflt", expand("${EMPTY:-dflt}"));
        assertEquals("", expand("${EMPTY-dflt}"));
        assertEquals("web", expand("${NAME:-dflt}"));
        assertEquals("alt", expand("${NAME:+alt}"));
        assertEquals("", expand("${UNSET:+alt}"));
        assertEquals("x-web", expand("${UNSET:-x-$NAME}"));
        BuildException e = assertThrows(BuildException.class, () -> expand("${UNSET:?must be set}"));
        assertEquals("UNSET: must be set", e.getMessage());
    }

    @Test
    void singleQuotesAndEscapesKeepDollarsLiteral() {
        assertEquals("$NAME", expand("'$NAME'"));
        assertEquals("$NAME", expand("\\$NAME"));
        assertEquals("web and $", expand("\"$NAME and \\$\""));
    }

    @Test
    void wordsSplitOnUnquotedWhitespaceOnly() {
        assertEquals(List.of("A=hello world", "B=a b", "C=web"), Words.split("A=\"hello world\" B=$SPACED C=${NAME}", vars::get));
        assertEquals(List.of("a", "b c"), Words.split("  a   'b c' ", vars::get));
    }
}
