package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.image.Layer;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerState;
import dev.glassbox.storage.MountSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The networking and storage routes in Docker's shapes, on a fake service, fake images and fake networks. */
class EngineResourcesTest {
    @TempDir Path tmp;
    FakeContainerService containers;
    FakeImages images;
    FakeNetworks networks;
    EngineServer server;
    EngineClient client;

    @BeforeEach
    void start() throws Exception {
        containers = new FakeContainerService(tmp);
        images = new FakeImages();
        networks = new FakeNetworks();
        server = new EngineServer(containers, images, networks, tmp.resolve("run/glassbox.sock"), tmp.resolve("lib/tmp"));
        server.start();
        client = EngineClient.connect(server.socket());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private JsonNode raw(String method, String path, String body, int expectedStatus) throws Exception {
        RawHttp.Answer a = RawHttp.send(server.socket(), method, path, body);
        assertEquals(expectedStatus, a.status(), a.headers() + "\n" + a.body());
        return a.body().isEmpty() ? null : DockerJson.MAPPER.readTree(a.body());
    }

    private ContainerInfo running(String name, String network) {
        ContainerInfo c = containers.create(ContainerConfig.builder("base").name(name).networkMode(network).cmd(List.of("sh")).build());
        return containers.start(c.id());
    }

    @Test
    void createTakesBindsMountsTmpfsVolumesFromAndAnonymousVolumes() throws Exception {
        String body = """
                {"Image":"base","Volumes":{"/anon":{}},
                 "HostConfig":{"Binds":["/srv:/srv:ro","data:/data"],"NetworkMode":"front",
                   "Mounts":[{"Type":"volume","Source":"cache","Target":"/cache","ReadOnly":true},
                             {"Type":"tmpfs","Target":"/scratch","TmpfsOptions":{"SizeBytes":1048576,"Mode":1023}}],
                   "Tmpfs":{"/run":"size=64m"},"VolumesFrom":["other:ro"]}}""";
        raw("POST", "/containers/create?name=web", body, 201);
        ContainerConfig c = containers.lastCreated;
        assertEquals(List.of("/srv:/srv:ro", "data:/data", "/anon"), c.volumes());
        assertEquals(List.of("type=volume,src=cache,dst=/cache,readonly", "type=tmpfs,dst=/scratch,tmpfs-size=1048576,tmpfs-mode=1777"), c.mounts());
        assertEquals(List.of("/run:size=64m"), c.tmpfs());
        assertEquals(List.of("other:ro"), c.volumesFrom());
        assertEquals("front", c.networkMode());
        MountSpec tmpfs = MountSpec.parseMountFlag(c.mounts().get(1));
        assertEquals("size=1048576,mode=1777", tmpfs.options());
    }

    @Test
    void networkRoutesCreateListInspectAndRemove() throws Exception {
        JsonNode created = raw("POST", "/networks/create", """
                {"Name":"front","Driver":"bridge","IPAM":{"Config":[{"Subnet":"10.99.0.0/24","Gateway":"10.99.0.254"}]}}""", 201);
        assertEquals(EngineNetworks.idOf("front"), created.get("Id").asText());
        assertEquals(List.of("create front 10.99.0.0/24 10.99.0.254"), networks.calls);
        ContainerInfo web = running("web", "front");
        networks.lease("front", web.id(), "10.99.0.2");

        JsonNode list = raw("GET", "/networks", null, 200);
        List<String> names = new java.util.ArrayList<>();
        list.forEach(n -> names.add(n.get("Name").asText()));
        assertEquals(List.of("bridge", "front", "host", "none"), names);
        JsonNode front = client.network("front");
        assertEquals("bridge", front.get("Driver").asText());
        assertEquals("local", front.get("Scope").asText());
        assertEquals("10.99.0.0/24", front.at("/IPAM/Config/0/Subnet").asText());
        assertEquals("10.99.0.254", front.at("/IPAM/Config/0/Gateway").asText());
        JsonNode ep = front.get("Containers").get(web.id());
        assertEquals("web", ep.get("Name").asText());
        assertEquals("10.99.0.2/24", ep.get("IPv4Address").asText());
        assertEquals("02:42:0a:63:00:02", ep.get("MacAddress").asText());
        assertEquals("gbr-front", front.at("/Options/com.docker.network.bridge.name").asText());
        assertEquals("front", client.network(EngineNetworks.idOf("front").substring(0, 12)).get("Name").asText(), "an id prefix names it");

        EngineException busy = assertThrows(EngineException.class, () -> client.removeNetwork("front"));
        assertEquals(409, busy.status());
        EngineException predefined = assertThrows(EngineException.class, () -> client.removeNetwork("bridge"));
        assertEquals(403, predefined.status());
        assertEquals(404, assertThrows(EngineException.class, () -> client.network("nope")).status());
        raw("POST", "/networks/create", "{\"Name\":\"x\",\"Driver\":\"overlay\"}", 400);
        raw("POST", "/networks/create", "{\"Name\":\"x\",\"IPAM\":{\"Config\":[{\"Gateway\":\"10.1.1.1\"}]}}", 400);
    }

    @Test
    void connectDisconnectAndPruneNetworks() {
        client.createNetwork("back", null, null);
        client.createNetwork("spare", "10.50.0.0/16", null);
        running("web", "back");
        client.connect("back", "web");
        client.disconnect("back", "web", false);
        assertTrue(containers.calls.containsAll(List.of("connect web back", "disconnect web back")), containers.calls.toString());
        JsonNode pruned = client.pruneNetworks();
        assertEquals("[\"spare\"]", pruned.get("NetworksDeleted").toString(), "back is the network of a container");
        assertEquals(List.of("bridge", "back"), networks.list().stream().map(EngineNetworks.Network::name).toList());
    }

    @Test
    void anEngineWithoutNetworksSaysSo() throws Exception {
        try (EngineServer bare = new EngineServer(containers, images, tmp.resolve("run2/s.sock"), tmp.resolve("lib/tmp"))) {
            bare.start();
            RawHttp.Answer a = RawHttp.send(bare.socket(), "POST", "/networks/create", "{\"Name\":\"x\"}");
            assertEquals(501, a.status());
            assertEquals(200, RawHttp.send(bare.socket(), "GET", "/networks", null).status(), "host and none are always there");
        }
    }

    @Test
    void inspectShowsNetworkSettingsAndMounts() {
        ContainerInfo c = containers.create(ContainerConfig.builder("base").name("web").cmd(List.of("sh"))
                .volumes(List.of("data:/data", "/srv:/srv:ro")).tmpfs(List.of("/run")).build());
        containers.start(c.id());
        networks.lease("bridge", c.id(), "172.17.0.5");
        JsonNode n = client.inspect("web");
        JsonNode ns = n.get("NetworkSettings");
        assertEquals("172.17.0.5", ns.get("IPAddress").asText());
        assertEquals("172.17.0.1", ns.get("Gateway").asText());
        assertEquals("02:42:ac:11:00:05", ns.get("MacAddress").asText());
        assertEquals(16, ns.get("IPPrefixLen").asInt());
        JsonNode bridge = ns.get("Networks").get("bridge");
        assertEquals(EngineNetworks.idOf("bridge"), bridge.get("NetworkID").asText());
        assertEquals("172.17.0.5", bridge.get("IPAddress").asText());
        assertEquals("8080", ns.get("Ports").get("80/tcp").get(0).get("HostPort").asText());
        JsonNode mounts = n.get("Mounts");
        assertEquals(3, mounts.size());
        assertEquals("volume", mounts.get(0).get("Type").asText());
        assertEquals("data", mounts.get(0).get("Name").asText());
        assertEquals(tmp.resolve("volumes/data/_data").toString(), mounts.get(0).get("Source").asText());
        assertEquals("/data", mounts.get(0).get("Destination").asText());
        assertTrue(mounts.get(0).get("RW").asBoolean());
        assertEquals("bind", mounts.get(1).get("Type").asText());
        assertEquals("/srv", mounts.get(1).get("Source").asText());
        assertFalse(mounts.get(1).get("RW").asBoolean());
        assertEquals("tmpfs", mounts.get(2).get("Type").asText());
        assertEquals("[\"data:/data\",\"/srv:/srv:ro\"]", n.at("/HostConfig/Binds").toString());
    }

    @Test
    void listCarriesPortsAndWithSizeTheLayersSize() throws Exception {
        running("web", "bridge");
        JsonNode plain = raw("GET", "/containers/json", null, 200).get(0);
        assertEquals("{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"}", plain.get("Ports").get(0).toString());
        assertFalse(plain.has("SizeRw"));
        ContainerSummary s = client.containers(true, true).getFirst();
        assertEquals(1234L, s.sizeRw());
        assertEquals(1234L, s.sizeRootFs(), "plus the image's size; the fake's image id is none of the images'");
        assertEquals(new ContainerSummary.Port("0.0.0.0", 80, 8080, "tcp"), s.ports().getFirst());
    }

    @Test
    void volumeRoutesCreateListInspectRemoveAndPrune() throws Exception {
        JsonNode v = client.createVolume("data", Map.of("team", "a"));
        assertEquals("data", v.get("Name").asText());
        assertEquals("local", v.get("Driver").asText());
        assertEquals("a", v.at("/Labels/team").asText());
        assertTrue(v.get("Mountpoint").asText().endsWith("/volumes/data/_data"));
        String anon = client.createVolume(null, null).get("Name").asText();
        assertEquals(64, anon.length());
        assertEquals(List.of(anon, "data").stream().sorted().toList(), client.volumes().get("Volumes").findValuesAsText("Name"));
        assertEquals("data", client.volume("data").get("Name").asText());
        assertEquals(404, assertThrows(EngineException.class, () -> client.volume("nope")).status());
        raw("POST", "/volumes/create", "{\"Name\":\"bad/name\"}", 400);

        JsonNode pruned = client.pruneVolumes(false);
        assertEquals("[\"" + anon + "\"]", pruned.get("VolumesDeleted").toString(), "only anonymous ones without -a");
        client.createVolume("other", null);
        client.removeVolume("other", true);
        assertTrue(containers.calls.contains("volume rm other true"));
        assertEquals("[\"data\"]", client.pruneVolumes(true).get("VolumesDeleted").toString());
        assertEquals(404, assertThrows(EngineException.class, () -> client.removeVolume("gone", false)).status());
    }

    @Test
    void removeWithVolumesAsksTheRuntimeForThem() {
        running("web", "none");
        client.remove("web", true, true);
        assertTrue(containers.calls.contains("rm web true true"), containers.calls.toString());
    }

    @Test
    void changesAreDockersKinds() {
        running("web", "none");
        assertEquals("[{\"Path\":\"/etc\",\"Kind\":0},{\"Path\":\"/etc/new\",\"Kind\":1},{\"Path\":\"/etc/motd\",\"Kind\":2}]",
                client.changes("web").toString());
    }

    @Test
    void archiveGetStreamsTheTarWithItsStat() throws Exception {
        running("web", "none");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        JsonNode stat = client.copyFrom("web", "/etc/hostname", tar);
        assertEquals("hostname", stat.get("name").asText());
        assertEquals(6, stat.get("size").asLong());
        assertEquals(0644, stat.get("mode").asLong());
        assertEquals("2026-01-02T03:04:05Z", stat.get("mtime").asText());
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals("hostname", e.getName());
            assertEquals("host1\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode dir = client.statPath("web", "/etc");
        assertEquals("etc", dir.get("name").asText());
        assertEquals(PathStat.MODE_DIR | 0755, dir.get("mode").asLong(), "Go's ModeDir bit");
        EngineException missing = assertThrows(EngineException.class, () -> client.statPath("web", "/nope"));
        assertEquals(404, missing.status());
        assertEquals("Could not find the file /nope in container web", missing.getMessage());
        assertEquals(404, assertThrows(EngineException.class, () -> client.copyFrom("web", "/nope", new ByteArrayOutputStream())).status());
        raw("GET", "/containers/web/archive", null, 400);
    }

    @Test
    void archivePutExtractsTheBodyIntoADirectory() {
        running("web", "none");
        client.copyTo("web", "/tmp", new ByteArrayInputStream("TAR".getBytes(StandardCharsets.UTF_8)));
        assertEquals("TAR", new String(containers.copiedIn.get("/tmp"), StandardCharsets.UTF_8));
        assertEquals(400, assertThrows(EngineException.class,
                () -> client.copyTo("web", "/etc/hostname", new ByteArrayInputStream(new byte[0]))).status());
        assertEquals(404, assertThrows(EngineException.class,
                () -> client.copyTo("web", "/nope", new ByteArrayInputStream(new byte[0]))).status());
    }

    @Test
    void pruneContainersRemovesTheStoppedOnes() {
        running("web", "none");
        ContainerInfo old = containers.create(ContainerConfig.builder("base").name("old").cmd(List.of("true")).build());
        containers.with(old, ContainerState.EXITED, 0);
        JsonNode r = client.pruneContainers();
        assertEquals("[\"" + old.id() + "\"]", r.get("ContainersDeleted").toString());
        assertEquals(1234, r.get("SpaceReclaimed").asLong());
        assertEquals(1, containers.containers.size());
    }

    @Test
    void pruneImagesSkipsTaggedOnesUnlessAllAndThoseInUse() {
        JsonNode dangling = client.pruneImages(false);
        assertEquals(0, dangling.get("ImagesDeleted").size(), "base is tagged");
        running("web", "none"); // uses sha256:111...: not base
        JsonNode all = client.pruneImages(true);
        assertEquals("base:latest", all.get("ImagesDeleted").get(0).get("Untagged").asText());
        assertEquals(7_812_345L, all.get("SpaceReclaimed").asLong());
        assertTrue(images.calls.contains("remove sha256:" + "ab".repeat(32) + " true inUse=true"), images.calls.toString());
    }

    @Test
    void systemDfCountsImagesContainersAndVolumes() {
        ContainerInfo c = containers.create(ContainerConfig.builder("base").name("web").cmd(List.of("sh"))
                .volumes(List.of("data:/data")).build());
        containers.start(c.id());
        client.createVolume("spare", null);
        JsonNode df = client.systemDf();
        assertEquals(7_812_345L, df.get("LayersSize").asLong());
        assertEquals(0, df.at("/Images/0/Containers").asInt(), "the fake's container uses another image id");
        assertEquals(1234, df.at("/Containers/0/SizeRw").asLong());
        JsonNode vols = df.get("Volumes");
        assertEquals(List.of("data", "spare"), vols.findValuesAsText("Name"));
        assertEquals(1, vols.get(0).at("/UsageData/RefCount").asInt());
        assertEquals(0, vols.get(1).at("/UsageData/RefCount").asInt());
        assertTrue(df.get("BuildCache").isArray());
    }

    @Test
    void systemDfCountsALayerSharedByTwoImagesOnce() throws Exception {
        String base = "sha256:" + "ab".repeat(32), app = "sha256:" + "cd".repeat(32);
        Layer a = new Layer("sha256:a", "sha256:ba", tmp, 1000), b = new Layer("sha256:b", "sha256:bb", tmp, 200);
        FakeImages two = new FakeImages() {
            @Override public ArrayNode list() {
                ArrayNode l = DockerJson.MAPPER.createArrayNode();
                l.addObject().put("Id", base).put("Size", 1000);
                l.addObject().put("Id", app).put("Size", 1200);
                return l;
            }

            @Override public Map<String, List<Layer>> layers() { return Map.of(base, List.of(a), app, List.of(a, b)); }
        };
        try (EngineServer other = new EngineServer(containers, two, networks, tmp.resolve("run2/glassbox.sock"), tmp.resolve("lib2/tmp"))) {
            other.start();
            try (EngineClient c = EngineClient.connect(other.socket())) {
                JsonNode df = c.systemDf();
                assertEquals(1200, df.get("LayersSize").asLong(), "the base layer is stored once");
                assertEquals(1000, df.at("/Images/0/SharedSize").asLong());
                assertEquals(1000, df.at("/Images/1/SharedSize").asLong());
            }
        }
    }

    @Test
    void engineOptionsNameItsOwnBridgeAndCgroupParent() {
        try {
            EngineMain.parse(new String[]{"--root", "/r", "--bridge", "gbtest9", "--cgroup-parent", "glassbox-test-9"});
            assertEquals("gbtest9", EngineMain.defaultBridge());
            assertEquals("glassbox-test-9", EngineMain.cgroupParent());
            assertTrue(EngineLauncher.command(EnginePaths.under(tmp), List.of()).contains("-D" + EngineMain.BRIDGE_PROPERTY + "=gbtest9"),
                    "a launched engine gets the same bridge");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EngineMain.parse(new String[]{"--bridge", "a-name-longer-than-15"}));
            assertTrue(e.getMessage().startsWith("invalid bridge name"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> EngineMain.parse(new String[]{"--bridge"}));
        } finally {
            System.clearProperty(EngineMain.BRIDGE_PROPERTY);
            System.clearProperty(EngineMain.CGROUP_PARENT_PROPERTY);
        }
        assertEquals(System.getenv("GLASSBOX_BRIDGE") == null ? "glassbox0" : System.getenv("GLASSBOX_BRIDGE"), EngineMain.defaultBridge());
    }

    @Test
    void filtersReadBothOfDockersSpellings() {
        assertEquals("false", EngineResources.filter("{\"dangling\":[\"false\"]}", "dangling").orElseThrow());
        assertEquals("true", EngineResources.filter("{\"dangling\":{\"true\":true}}", "dangling").orElseThrow());
        assertTrue(EngineResources.filter(null, "dangling").isEmpty());
        assertNull(PathStat.decode("not base64!"));
    }
}
