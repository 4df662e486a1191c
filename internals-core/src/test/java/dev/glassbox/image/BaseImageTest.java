package dev.glassbox.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Builds the base image once (it copies a few tens of MB) and checks it from several sides. */
class BaseImageTest {
    static Path tmp;
    static Path probe;
    static ImageStore store;
    static Image base;
    static List<String> steps = new ArrayList<>();

    @BeforeAll
    static void buildBase() throws IOException {
        tmp = Files.createTempDirectory("glassbox-base-test-");
        probe = tmp.resolve("probe");
        Files.copy(Path.of("/bin/true").toRealPath(), probe); // a dynamic ELF standing in for the probe payload
        store = new ImageStore(tmp.resolve("store"), BaseImageBuilder.fromHost().withExtraFile(probe, "/bin/glassbox-probe"));
        base = store.resolve("base", (what, done, total) -> steps.add(what));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Trees.deleteRecursively(tmp);
    }

    private static Path layer() {
        return base.layerDirs().getFirst();
    }

    /** A path inside the image, its symlinks followed inside the image (never on the host). */
    static Optional<Path> inImage(Path root, String abs) {
        String path = BaseImageBuilder.normalize(abs);
        for (int hops = 0; hops < 40; hops++) {
            String[] comps = path.substring(1).split("/");
            Path cur = root;
            String walked = "";
            boolean relinked = false;
            for (int i = 0; i < comps.length && !relinked; i++) {
                if (comps[i].isEmpty()) continue;
                cur = cur.resolve(comps[i]);
                walked += "/" + comps[i];
                if (Files.isSymbolicLink(cur)) {
                    String t;
                    try {
                        t = Files.readSymbolicLink(cur).toString();
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                    String parent = walked.substring(0, walked.lastIndexOf('/'));
                    String rest = String.join("/", List.of(comps).subList(i + 1, comps.length));
                    path = BaseImageBuilder.normalize((t.startsWith("/") ? t : parent + "/" + t) + "/" + rest);
                    relinked = true;
                } else if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.empty();
                }
            }
            if (!relinked) return Optional.of(cur);
        }
        return Optional.empty();
    }

    @Test
    void baseIsTaggedAndStartsAShell() {
        assertEquals(List.of("base:latest"), base.repoTags());
        assertEquals(List.of("/bin/sh"), base.config().cmd());
        assertEquals(List.of(BaseImageBuilder.PATH_ENV, "TERM=xterm"), base.config().env());
        assertEquals(1, base.layers().size());
        assertEquals(base.id(), store.resolve("base:latest").id(), "created once, then found");
    }

    @Test
    void everyElfFileFindsItsInterpreterAndLibrariesInsideTheImage() throws IOException {
        Path root = layer();
        List<String> problems = new ArrayList<>();
        int elves = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Optional<ElfReader.ElfFile> elf = ElfReader.read(f);
                if (elf.isEmpty()) continue;
                elves++;
                ElfReader.ElfFile e = elf.get();
                if (!e.interpreter().isEmpty() && inImage(root, e.interpreter()).isEmpty()) {
                    problems.add(root.relativize(f) + " needs interpreter " + e.interpreter());
                }
                String origin = "/" + root.relativize(f.getParent());
                for (String lib : e.needed()) {
                    List<String> dirs = new ArrayList<>();
                    e.rpath().forEach(d -> dirs.add(d.replace("$ORIGIN", origin)));
                    e.runpath().forEach(d -> dirs.add(d.replace("$ORIGIN", origin)));
                    dirs.addAll(BaseImageBuilder.defaultLibraryDirs());
                    if (dirs.stream().noneMatch(d -> inImage(root, d + "/" + lib).isPresent())) {
                        problems.add(root.relativize(f) + " needs " + lib);
                    }
                }
            }
        }
        assertTrue(elves > 5, "found " + elves + " ELF files");
        assertEquals(List.of(), problems);
    }

    @Test
    void shellCoreutilsUsersAndTerminfoAreThere() throws IOException {
        Path root = layer();
        for (String p : List.of("/bin/sh", "/bin/ls", "/bin/cat", "/bin/sleep", "/usr/bin/id", "/bin/glassbox-probe")) {
            Path f = inImage(root, p).orElseThrow(() -> new AssertionError(p + " is missing"));
            assertTrue(Files.isExecutable(f), p);
        }
        assertTrue(Files.readString(inImage(root, "/etc/passwd").orElseThrow()).contains("student:x:1000:1000:"));
        assertTrue(Files.readString(inImage(root, "/etc/group").orElseThrow()).contains("student:x:1000:"));
        assertEquals(01777, (int) Files.getAttribute(root.resolve("tmp"), "unix:mode") & 07777);
        assertEquals(1000, (int) Files.getAttribute(root.resolve("home/student"), "unix:uid"));
        for (String d : List.of("proc", "sys", "dev", "run", "root")) assertTrue(Files.isDirectory(root.resolve(d)), d);
        boolean terminfo = Stream.of("/usr/share/terminfo/x/xterm", "/lib/terminfo/x/xterm").anyMatch(p -> inImage(root, p).isPresent());
        assertTrue(terminfo, "terminfo for xterm");
        assertTrue(BaseImageBuilder.defaultLibraryDirs().stream().anyMatch(d -> inImage(root, d + "/libnss_files.so.2").isPresent()),
                "libnss_files");
    }

    @Test
    void progressNamesEachFile() {
        assertTrue(steps.stream().anyMatch(s -> s.equals("base image: /etc/passwd")), steps.subList(0, Math.min(5, steps.size())).toString());
    }

    @Test
    void sameHostSameLayerBytes() throws IOException {
        Path a = tmp.resolve("a.tar"), b = tmp.resolve("b.tar");
        BaseImageBuilder builder = BaseImageBuilder.fromHost().withExtraFile(probe, "/bin/glassbox-probe");
        builder.writeLayer(a, Progress.NONE);
        builder.writeLayer(b, Progress.NONE);
        String da = Digests.of(Files.readAllBytes(a)), db = Digests.of(Files.readAllBytes(b));
        assertEquals(da, db);
        assertEquals(base.layers().getFirst().diffId(), da, "the stored base has the same layer");
        Files.delete(a);
        Files.delete(b);
    }

    @Test
    void aDifferentExtraFileRebuildsTheBase() throws IOException {
        Path store2 = tmp.resolve("store2");
        ImageStore plain = new ImageStore(store2);
        Image first = plain.ensureBase(Progress.NONE);
        ImageStore withProbe = new ImageStore(store2, BaseImageBuilder.fromHost().withExtraFile(probe, "/bin/glassbox-probe"));
        Image second = withProbe.resolve("base");
        assertNotEquals(first.id(), second.id());
        assertEquals(base.id(), second.id(), "reproducible across stores");
        assertEquals(List.of(), plain.resolve(first.id()).repoTags(), "the old base is left untagged");
        Trees.deleteRecursively(store2);
    }

    @Test
    @RootOnly
    void theBaseShellRunsInAChroot() throws Exception {
        Process p = new ProcessBuilder("chroot", layer().toString(), "/bin/sh", "-c", "echo ok; ls /; id; whoami; /bin/glassbox-probe && echo probe-ok")
                .redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chroot finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.startsWith("ok\n"), out);
            assertTrue(out.contains("home"), out);
            assertTrue(out.contains("uid=0(root) gid=0(root)"), out);
            assertTrue(out.contains("\nroot\n"), out);
            assertTrue(out.contains("probe-ok"), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
