package dev.glassbox.app.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void headingsParagraphsListsAndCodeBlocksBecomeBlocks() {
        String md = """
                # Limit memory

                Limits are cgroup files
                the engine writes.

                - one `--memory`
                - two **bold**
                1. first

                ```
                docker run -d --name limited busybox
                  indented
                ```
                """;
        assertEquals(List.of(new Markdown.Block("h1", "Limit memory"),
                new Markdown.Block("p", "Limits are cgroup files the engine writes."),
                new Markdown.Block("li", "\u2022 one `--memory`"),
                new Markdown.Block("li", "\u2022 two **bold**"),
                new Markdown.Block("li", "1. first"),
                new Markdown.Block("code", "docker run -d --name limited busybox\n  indented")), Markdown.blocks(md));
    }

    @Test
    void everyBuiltInExerciseRendersToSomeBlocks() {
        var catalog = dev.glassbox.exercise.ExerciseCatalog.builtIn();
        for (var e : catalog.all()) {
            List<Markdown.Block> b = Markdown.blocks("# " + e.title() + "\n\n" + e.instructions());
            assertEquals("h1", b.getFirst().kind(), e.id());
            assertEquals(true, b.size() >= 2, e.id() + ": " + b);
        }
    }
}
