package dev.glassbox.image.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    @Test
    void patternsMatchPathsAndEverythingBelowAMatchedDirectory() {
        DockerIgnore ig = DockerIgnore.parse("""
                # secrets stay home
                *.key
                /build
                **/node_modules
                docs/*.md
                !docs/README.md
                """);
        assertTrue(ig.excludes("server.key"));
        assertFalse(ig.excludes("keys/server.key"), "* does not cross directories");
        assertTrue(ig.excludes("build/out/app.jar"), "below an excluded directory");
        assertTrue(ig.excludes("a/b/node_modules/x.js"));
        assertTrue(ig.excludes("node_modules"));
        assertTrue(ig.excludes("docs/intro.md"));
        assertFalse(ig.excludes("docs/README.md"), "! takes it back");
        assertFalse(ig.excludes("src/Main.java"));
        assertTrue(ig.hasExceptions());
    }

    @Test
    void characterClassesAndQuestionMarks() {
        DockerIgnore ig = DockerIgnore.parse("log[0-9].txt\nfile?.c\n");
        assertTrue(ig.excludes("log3.txt"));
        assertFalse(ig.excludes("logx.txt"));
        assertTrue(ig.excludes("file1.c"));
        assertFalse(ig.excludes("file10.c"));
    }
}
