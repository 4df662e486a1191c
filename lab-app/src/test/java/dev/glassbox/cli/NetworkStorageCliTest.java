package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** network, volume, port, diff, cp, system, prune and the storage flags, against a fake engine client. */
class NetworkStorageCliTest {
    @TempDir Path tmp;
    final FakeEngineClient engine = new FakeEngineClient();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    byte[] stdin = new byte[0];
    InputStream in;
    boolean clientMade;

    int glassbox(String... args) {
        Main m = new Main(in != null ? in : new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), paths -> {
                    clientMade = true;
                    return engine;
                }, Map.<String, String>of()::get);
        return m.execute(args);
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }

    String err() { return err.toString(StandardCharsets.UTF_8); }

    static JsonNode json(String s) throws Exception { return DockerJson.MAPPER.readTree(s); }

    static JsonNode stat(String name, boolean dir) {
        return DockerJson.MAPPER.createObjectNode().put("name", name).put("size", 6).put("mode", dir ? (1L << 31) | 0755 : 0644);
    }

    /** A tar as the engine sends it: entries of name and content (a name ending in / is a directory). */
    static byte[] tar(String... namesAndContents) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
                byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                if (!e.isDirectory()) {
                    e.setSize(data.length);
                    e.setMode(0100644);
                }
                t.putArchiveEntry(e);
                if (!e.isDirectory()) t.write(data);
                t.closeArchiveEntry();
            }
        }
        return b.toByteArray();
    }

    static List<String> names(byte[] tar) throws Exception {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) names.add(e.getName());
        }
        return names;
    }

    // ---- run and create

    @Test
    void storageAndNetworkFlagsBecomeDockersCreateBody() {
        assertEquals(0, glassbox("run", "-d", "--network", "front", "-v", "data:/data", "-v", "/srv:/srv:ro", "-v", "/anon",
                "--mount", "type=tmpfs,dst=/scratch,tmpfs-size=1m,tmpfs-mode=1777", "--mount", "type=volume,src=cache,dst=/cache,readonly",
                "--tmpfs", "/run:size=64m", "--volumes-from", "other:ro", "base", "sh"), err());
        CreateBody b = engine.lastBody;
        CreateBody.HostConfig h = b.hostConfig();
        assertEquals("front", h.networkMode());
        assertEquals(List.of("data:/data", "/srv:/srv:ro"), h.binds());
        assertEquals(Map.of("/anon", Map.of()), b.volumes(), "-v /path is an anonymous volume: Config.Volumes");
        assertEquals(new CreateBody.Mount("tmpfs", null, "/scratch", null, new CreateBody.TmpfsOptions(1L << 20, 01777)), h.mounts().get(0));
        assertEquals("type=volume,src=cache,dst=/cache,readonly", h.mounts().get(1).flag());
        assertEquals(Map.of("/run", "size=64m"), h.tmpfs());
        assertEquals(List.of("other:ro"), h.volumesFrom());
    }

    @Test
    void badStorageFlagsAreOneLineAndExit125BeforeAnythingIsSent() {
        for (String[] bad : List.of(new String[]{"-v", "rel/path:/x"}, new String[]{"-v", "data:relative"},
                new String[]{"--mount", "type=nfs,dst=/x"}, new String[]{"--mount", "src=x"}, new String[]{"--tmpfs", "/t:size=lots"},
                new String[]{"--volumes-from", "web:rx"}, new String[]{"--network", "bad name"})) {
            err.reset();
            assertEquals(125, glassbox("run", bad[0], bad[1], "base"), String.join(" ", bad));
            assertTrue(err().startsWith("glassbox: invalid " + bad[0]), err());
            assertEquals(1, err().lines().count(), err());
        }
        assertFalse(clientMade);
    }

    @Test
    void rmVolumesAsksForTheAnonymousOnes() {
        assertEquals(0, glassbox("rm", "-v", "web"));
        assertEquals(List.of("rm -v web", "close"), engine.calls);
    }

    @Test
    void psShowsPortsAndWithSizeTheLayerAndVirtualSize() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        long created = now.minusSeconds(60 * 60).getEpochSecond();
        engine.containers = List.of(new ContainerSummary(FakeEngineClient.ID, List.of("/web"), "base", "httpd", created, "running",
                "Up 3 seconds", Map.of(), List.of(new ContainerSummary.Port("0.0.0.0", 80, 8080, "tcp"),
                new ContainerSummary.Port("127.0.0.1", 53, 5353, "udp")), 12L, 4_260_012L));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PsCommand.table(engine.containers, now, false, true).print(new PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals("""
                CONTAINER ID   IMAGE     COMMAND   CREATED             STATUS         PORTS                                          NAMES     SIZE
                0123456789ab   base      "httpd"   About an hour ago   Up 3 seconds   0.0.0.0:8080->80/tcp, 127.0.0.1:5353->53/udp   web       12B (virtual 4.26MB)
                """, b.toString(StandardCharsets.UTF_8));
        assertEquals(0, glassbox("ps", "-s"));
        assertTrue(engine.calls.contains("containers false size"), engine.calls.toString());
    }

    // ---- network and port

    @Test
    void networkVerbs() throws Exception {
        engine.networks = json("""
                [{"Name":"bridge","Id":"%s","Driver":"bridge","Scope":"local"},
                 {"Name":"front","Id":"%s","Driver":"bridge","Scope":"local"},
                 {"Name":"host","Id":"%s","Driver":"host","Scope":"local"}]""".formatted("1".repeat(64), "2".repeat(64), "3".repeat(64)));
        assertEquals(0, glassbox("network", "create", "--subnet", "10.10.0.0/24", "--gateway", "10.10.0.1", "front"));
        assertEquals("ab".repeat(32) + "\n", out());
        out.reset();
        assertEquals(0, glassbox("network", "ls"));
        assertEquals("""
                NETWORK ID     NAME      DRIVER    SCOPE
                111111111111   bridge    bridge    local
                222222222222   front     bridge    local
                333333333333   host      host      local
                """, out());
        out.reset();
        assertEquals(0, glassbox("network", "inspect", "front"));
        assertTrue(out().startsWith("[\n    {\n        \"Name\": \"front\","), out());
        out.reset();
        assertEquals(0, glassbox("network", "rm", "front"));
        assertEquals("front\n", out());
        glassbox("network", "connect", "front", "web");
        glassbox("network", "disconnect", "front", "web");
        assertTrue(engine.calls.containsAll(List.of("network create --subnet 10.10.0.0/24 --gateway 10.10.0.1 front", "network rm front",
                "connect front web", "disconnect front web")), engine.calls.toString());
        err.reset();
        assertEquals(125, glassbox("network", "create", "--subnet", "10.10.0.0", "x"));
        assertEquals("glassbox: invalid --subnet \"10.10.0.0\": use an IPv4 CIDR such as 10.10.0.0/24\n", err());
        err.reset();
        assertEquals(125, glassbox("network", "create", "--gateway", "10.1.1.1", "x"));
        assertTrue(err().contains("--gateway needs --subnet"), err());
        err.reset();
        assertEquals(125, glassbox("network", "inspect", "nope"));
        assertEquals("glassbox: network nope not found\n", err());
    }

    @Test
    void portListsPublishedPortsAsDockerPort() throws Exception {
        engine.ports = json("{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"}],\"53/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"5353\"}]}");
        assertEquals(0, glassbox("port", "pweb"));
        assertEquals("53/udp -> 127.0.0.1:5353\n80/tcp -> 0.0.0.0:8080\n", out());
        out.reset();
        assertEquals(0, glassbox("port", "pweb", "80"));
        assertEquals("0.0.0.0:8080\n", out());
        assertEquals(125, glassbox("port", "pweb", "81/tcp"));
        assertEquals("glassbox: no public port '81/tcp' published for pweb: see glassbox port pweb\n", err());
        err.reset();
        assertEquals(125, glassbox("port", "pweb", "eighty"));
        assertTrue(err().startsWith("glassbox: invalid port \"eighty\""), err());
    }

    // ---- volumes, prune, df

    @Test
    void volumeVerbs() throws Exception {
        engine.volumes = json("[{\"Name\":\"data\",\"Driver\":\"local\",\"Mountpoint\":\"/var/lib/glassbox/volumes/data/_data\"}]");
        assertEquals(0, glassbox("volume", "create", "-l", "k=v", "data"));
        assertEquals("data\n", out());
        out.reset();
        assertEquals(0, glassbox("volume", "ls"));
        assertEquals("DRIVER    VOLUME NAME\nlocal     data\n", out());
        out.reset();
        assertEquals(0, glassbox("volume", "inspect", "data"));
        assertTrue(out().contains("\"Mountpoint\": \"/var/lib/glassbox/volumes/data/_data\""), out());
        out.reset();
        assertEquals(0, glassbox("volume", "rm", "-f", "data"));
        assertEquals("data\n", out());
        assertTrue(engine.calls.containsAll(List.of("volume create {k=v} data", "volume rm -f data")), engine.calls.toString());
        assertEquals(125, glassbox("volume", "create", "no/slash"));
    }

    @Test
    void pruneAsksFirstAndReportsLikeDocker() throws Exception {
        engine.pruned = json("{\"VolumesDeleted\":[\"old\"],\"SpaceReclaimed\":2048}");
        stdin = "y\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, glassbox("volume", "prune", "-a"));
        assertEquals("""
                WARNING! This will remove all local volumes not used by at least one container.
                Are you sure you want to continue? [y/N] Deleted Volumes:
                old

                Total reclaimed space: 2.048kB
                """, out());
        assertTrue(engine.calls.contains("prune volumes -a"));
        out.reset();
        engine.calls.clear();
        stdin = "n\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, glassbox("container", "prune"));
        assertEquals("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ", out());
        assertFalse(engine.calls.contains("prune containers"), "n: nothing is pruned");
    }

    @Test
    void pruneWithoutATerminalNeedsForce() {
        in = System.in; // the process's own stdin, which is not a terminal under the build
        assertEquals(125, glassbox("system", "prune"));
        assertEquals("glassbox: cannot ask for confirmation: stdin is not a terminal; add -f to go ahead without asking\n", err());
    }

    @Test
    void systemPrunePrunesEachKindInDockersOrder() throws Exception {
        engine.pruned = json("{\"ContainersDeleted\":[\"c1\"],\"NetworksDeleted\":[\"n1\"],\"VolumesDeleted\":[\"v1\"],"
                + "\"ImagesDeleted\":[{\"Untagged\":\"old:1\"},{\"Deleted\":\"sha256:ab\"}],\"CachesDeleted\":[\"k1\"],\"SpaceReclaimed\":1000}");
        assertEquals(0, glassbox("system", "prune", "-a", "--volumes", "-f"));
        assertEquals(List.of("prune containers", "prune networks", "prune volumes", "prune images -a", "prune build cache", "close"),
                engine.calls);
        assertEquals("""
                Deleted Containers:
                c1

                Deleted Networks:
                n1

                Deleted Volumes:
                v1

                Deleted Images:
                untagged: old:1
                deleted: sha256:ab

                Deleted build cache objects:
                k1

                Total reclaimed space: 4kB
                """, out());
        out.reset();
        engine.calls.clear();
        assertEquals(0, glassbox("image", "prune", "-a", "-f"));
        assertEquals(List.of("prune images -a", "close"), engine.calls);
    }

    @Test
    void systemDfSummarisesLikeDocker() throws Exception {
        engine.df = json("""
                {"LayersSize":16430000,
                 "Images":[{"Id":"sha256:aa","RepoTags":["base:latest"],"Size":4800000,"SharedSize":0,"Containers":1,"Created":0},
                           {"Id":"sha256:bb","RepoTags":[],"Size":11630000,"SharedSize":0,"Containers":0,"Created":0}],
                 "Containers":[{"Id":"c1","Names":["/web"],"Image":"base","Command":"sh","State":"running","Status":"Up","SizeRw":12,"Created":0,"Mounts":[{"Type":"volume"}]},
                               {"Id":"c2","Names":["/old"],"Image":"base","Command":"true","State":"exited","Status":"Exited (0)","SizeRw":200,"Created":0,"Mounts":[]}],
                 "Volumes":[{"Name":"data","UsageData":{"Size":36,"RefCount":1}},{"Name":"spare","UsageData":{"Size":0,"RefCount":0}}],
                 "BuildCache":[{"ID":"k1","Type":"regular","Size":4096,"Shared":true,"InUse":false,"UsageCount":2,
                                 "CreatedAt":"2026-12-01T10:00:00Z","LastUsedAt":"2026-12-01T10:00:00Z"},
                                {"ID":"k2","Type":"regular","Size":300,"Shared":false,"InUse":false,"UsageCount":0,
                                 "CreatedAt":"2026-12-01T10:00:00Z","LastUsedAt":"2026-12-01T10:00:00Z"}]}""");
        assertEquals(0, glassbox("system", "df"));
        assertEquals("""
                TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
                Images          2         1         16.43MB   11.63MB (70%)
                Containers      2         1         212B      200B (94%)
                Local Volumes   2         1         36B       0B (0%)
                Build Cache     2         0         300B      300B
                """, out());
        out.reset();
        assertEquals(0, glassbox("system", "df", "-v"));
        String v = out();
        assertTrue(v.startsWith("Images space usage:\n\nREPOSITORY   TAG       IMAGE ID"), v);
        assertTrue(v.contains("Containers space usage:"), v);
        assertTrue(v.contains("VOLUME NAME   LINKS     SIZE\ndata          1         36B\n"), v);
        assertTrue(v.contains("Build cache usage: 300B"), v);
        assertTrue(v.lines().anyMatch(l -> l.matches("k1 +regular +4.096kB +\\S.* +2 +true")), v);
    }

    // ---- diff and cp

    @Test
    void diffPrintsKindAndPath() throws Exception {
        engine.changes = json("[{\"Path\":\"/etc\",\"Kind\":0},{\"Path\":\"/etc/new\",\"Kind\":1},{\"Path\":\"/etc/motd\",\"Kind\":2}]");
        assertEquals(0, glassbox("diff", "web"));
        assertEquals("C /etc\nA /etc/new\nD /etc/motd\n", out());
    }

    @Test
    void cpFromAContainerFollowsDockersDirectoryRules() throws Exception {
        engine.stats.put("/etc/hostname", stat("hostname", false));
        engine.archive = tar("hostname", "host1\n");
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        assertEquals(0, glassbox("cp", "web:/etc/hostname", dir.toString()));
        assertEquals("host1\n", Files.readString(dir.resolve("hostname")), "a file onto a directory lands inside it");
        assertEquals(0, glassbox("cp", "-q", "web:/etc/hostname", tmp.resolve("renamed").toString()));
        assertEquals("host1\n", Files.readString(tmp.resolve("renamed")), "onto a new path: that path");
        assertTrue(err().startsWith("Successfully copied 6B to " + dir), err());

        engine.stats.put("/etc", stat("etc", true));
        engine.stats.put("/etc/.", stat(".", true));
        engine.archive = tar("etc/", "", "etc/hostname", "h\n", "etc/sub/", "", "etc/sub/f", "f\n");
        assertEquals(0, glassbox("cp", "web:/etc", dir.toString()));
        assertEquals("f\n", Files.readString(dir.resolve("etc/sub/f")), "a directory onto a directory goes inside it");
        assertEquals(0, glassbox("cp", "web:/etc", tmp.resolve("newdir").toString()));
        assertEquals("h\n", Files.readString(tmp.resolve("newdir/hostname")), "onto a new path: it becomes that path");
        Path contents = Files.createDirectory(tmp.resolve("contents"));
        assertEquals(0, glassbox("cp", "web:/etc/.", contents.toString()));
        assertEquals("h\n", Files.readString(contents.resolve("hostname")), "SRC/. copies the contents");
        err.reset();
        assertEquals(125, glassbox("cp", "web:/etc", tmp.resolve("renamed").toString()));
        assertTrue(err().startsWith("glassbox: cannot copy the directory web:/etc to the file"), err());
    }

    @Test
    void cpToStdoutIsTheTarItself() throws Exception {
        engine.archive = tar("hostname", "host1\n");
        assertEquals(0, glassbox("cp", "web:/etc/hostname", "-"));
        assertArrayEquals(engine.archive, out.toByteArray());
    }

    @Test
    void cpRefusesEntriesThatLeaveTheDestination() throws Exception {
        engine.stats.put("/x", stat("x", true));
        engine.archive = tar("x/", "", "x/../../evil", "boom");
        Path dir = Files.createDirectory(tmp.resolve("d"));
        assertEquals(125, glassbox("cp", "web:/x", dir.toString()));
        assertTrue(err().contains("leads outside"), err());
        assertFalse(Files.exists(tmp.resolve("evil")));
        // a link planted by an earlier entry is not followed by a later one
        engine.archive = linkThenFile();
        err.reset();
        assertEquals(125, glassbox("cp", "web:/x", dir.toString()));
        assertTrue(err().contains("symbolic link"), err());
        assertFalse(Files.exists(tmp.resolve("outside-file")));
    }

    private byte[] linkThenFile() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            TarArchiveEntry l = new TarArchiveEntry("x/out", TarArchiveEntry.LF_SYMLINK);
            l.setLinkName(tmp.toString());
            t.putArchiveEntry(l);
            t.closeArchiveEntry();
            TarArchiveEntry f = new TarArchiveEntry("x/out/outside-file");
            f.setSize(1);
            t.putArchiveEntry(f);
            t.write('!');
            t.closeArchiveEntry();
        }
        return b.toByteArray();
    }

    @Test
    void cpIntoAContainerRenamesAsDockerDoes() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
        Path site = Files.createDirectory(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>hi</p>\n");
        engine.stats.put("/tmp", stat("tmp", true));
        engine.stats.put("/etc/hostname", stat("hostname", false));

        assertEquals(0, glassbox("cp", file.toString(), "web:/tmp"));
        assertEquals(List.of("notes.txt"), names(engine.copiedTo.remove("/tmp")), "into an existing directory, under its own name");
        assertEquals(0, glassbox("cp", file.toString(), "web:/tmp/new.txt"));
        assertEquals(List.of("new.txt"), names(engine.copiedTo.remove("/tmp")), "onto a new path: renamed, into the parent");
        assertEquals(0, glassbox("cp", file.toString(), "web:/etc/hostname"));
        assertEquals(List.of("hostname"), names(engine.copiedTo.remove("/etc")), "onto a file: replaces it");
        assertEquals(0, glassbox("cp", site.toString(), "web:/tmp"));
        assertEquals(List.of("site/", "site/index.html"), names(engine.copiedTo.remove("/tmp")));
        assertEquals(0, glassbox("cp", site + "/.", "web:/tmp"));
        assertEquals(List.of("./", "index.html"), names(engine.copiedTo.remove("/tmp")));
        err.reset();
        assertEquals(125, glassbox("cp", site.toString(), "web:/etc/hostname"));
        assertTrue(err().startsWith("glassbox: cannot copy the directory"), err());
        err.reset();
        assertEquals(125, glassbox("cp", tmp.resolve("missing").toString(), "web:/tmp"));
        assertTrue(err().contains("no such file or directory on the host"), err());
    }

    @Test
    void cpFromStdinSendsTheTarAsItIs() throws Exception {
        stdin = tar("a", "1");
        assertEquals(0, glassbox("cp", "-", "web:/tmp"));
        assertArrayEquals(stdin, engine.copiedTo.get("/tmp"));
    }

    @Test
    void cpNeedsExactlyOneContainer() {
        assertEquals(125, glassbox("cp", "a:/x", "b:/y"));
        assertTrue(err().startsWith("glassbox: copying between containers is not supported"), err());
        err.reset();
        assertEquals(125, glassbox("cp", "./a", "/b"));
        assertTrue(err().startsWith("glassbox: cp needs a container on one side"), err());
    }

    @Test
    void helpListsTheNewVerbs() {
        assertEquals(0, glassbox("--help"));
        for (String v : List.of("network", "volume", "port", "diff", "cp", "system", "container")) assertTrue(out().contains("  " + v), v);
        out.reset();
        assertEquals(0, glassbox("network", "create", "--help"));
        assertTrue(out().contains("--subnet=CIDR"), out());
        assertFalse(clientMade);
    }
}
