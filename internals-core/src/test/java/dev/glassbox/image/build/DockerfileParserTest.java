package dev.glassbox.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
    private static List<Instruction> parse(String text) {
        return DockerfileParser.parse(text, "Dockerfile");
    }

    @Test
    void syntaxDirectiveAndCommentsAreIgnoredAndContinuationsJoined() {
        List<Instruction> in = parse("""
                # syntax=docker/dockerfile:1
                # a comment
                FROM busybox
                RUN echo one \\
                # a comment inside the continuation
                    && echo two

                cmd ["sh", "-c", "echo hi"]
                """);
        assertEquals(3, in.size());
        assertEquals("FROM", in.get(0).keyword());
        assertEquals(3, in.get(0).line());
        assertEquals("echo one     && echo two", in.get(1).args());
        assertFalse(in.get(1).jsonForm());
        assertEquals("CMD", in.get(2).keyword());
        assertEquals(List.of("sh", "-c", "echo hi"), in.get(2).json());
    }

    @Test
    void shellFormWhenTheJsonIsNotAStringArray() {
        Instruction run = parse("FROM x\nRUN [not json\n").get(1);
        assertNull(run.json());
        assertEquals("[not json", run.args());
    }

    @Test
    void copyFlagsAreTakenOffTheArguments() {
        Instruction copy = parse("FROM x\nCOPY --chown=1000:1000 --chmod=644 a b /dst/\n").get(1);
        assertEquals(Map.of("chown", "1000:1000", "chmod", "644"), copy.flags());
        assertEquals("a b /dst/", copy.args());
        assertEquals("COPY --chmod=644 --chown=1000:1000 a b /dst/", copy.text());
    }

    @Test
    void escapeDirectiveChangesTheContinuationCharacter() {
        List<Instruction> in = parse("# escape=`\nFROM x\nRUN echo a `\n  b\n");
        assertEquals("echo a   b", in.get(1).args());
    }

    @Test
    void unknownInstructionsAndEmptyFilesAreRefusedWithTheirLine() {
        BuildException e = assertThrows(BuildException.class, () -> parse("FROM x\nFROBNICATE y\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("FROBNICATE"), e.getMessage());
        assertThrows(BuildException.class, () -> parse("# only a comment\n"));
    }
}
