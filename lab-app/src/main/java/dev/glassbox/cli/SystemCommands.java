package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.Human;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** system df and system prune. */
@Command(name = "system", description = "Disk usage and clean-up across images, containers, volumes and networks.",
        subcommands = {SystemCommands.Df.class, SystemCommands.Prune.class},
        footerHeading = "%nExamples:%n", footer = {"  glassbox system df", "  glassbox system df -v", "  glassbox system prune -a --volumes -f"})
final class SystemCommands extends Verb {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    @Command(name = "df", description = "Show how much disk images, containers, volumes and the build cache use, and what is reclaimable.")
    static final class Df extends Verb {
        @Option(names = {"-v", "--verbose"}, description = "One line per image, container and volume.")
        boolean verbose;

        @Override
        public Integer call() {
            JsonNode df = client().systemDf();
            if (verbose) verbose(df, Instant.now()).lines().forEach(out()::println);
            else summary(df).print(out());
            return 0;
        }

        /** TYPE, TOTAL, ACTIVE, SIZE, RECLAIMABLE, as docker system df. */
        static Table summary(JsonNode df) {
            Table t = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
            JsonNode images = df.path("Images");
            long imagesSize = df.path("LayersSize").asLong(), imagesUsed = 0;
            int imagesActive = 0;
            for (JsonNode i : images) {
                if (i.path("Containers").asInt() > 0) {
                    imagesActive++;
                    imagesUsed += i.path("Size").asLong() - Math.max(0, i.path("SharedSize").asLong());
                }
            }
            t.row("Images", String.valueOf(images.size()), String.valueOf(imagesActive), size(imagesSize),
                    reclaimable(Math.max(0, imagesSize - imagesUsed), imagesSize));
            long ctrSize = 0, ctrFree = 0;
            int ctrActive = 0;
            for (JsonNode c : df.path("Containers")) {
                long s = c.path("SizeRw").asLong();
                ctrSize += s;
                if (active(c)) ctrActive++;
                else ctrFree += s;
            }
            t.row("Containers", String.valueOf(df.path("Containers").size()), String.valueOf(ctrActive), size(ctrSize),
                    reclaimable(ctrFree, ctrSize));
            long volSize = 0, volFree = 0;
            int volActive = 0;
            for (JsonNode v : df.path("Volumes")) {
                long s = Math.max(0, v.path("UsageData").path("Size").asLong());
                volSize += s;
                if (v.path("UsageData").path("RefCount").asInt() > 0) volActive++;
                else volFree += s;
            }
            t.row("Local Volumes", String.valueOf(df.path("Volumes").size()), String.valueOf(volActive), size(volSize),
                    reclaimable(volFree, volSize));
            long cacheSize = 0;
            int cacheActive = 0;
            for (JsonNode b : df.path("BuildCache")) {
                if (b.path("InUse").asBoolean()) cacheActive++;
                if (!b.path("Shared").asBoolean()) cacheSize += b.path("Size").asLong();
            }
            // as docker's: a step whose layer an image holds counts in Images, not here
            t.row("Build Cache", String.valueOf(df.path("BuildCache").size()), String.valueOf(cacheActive), size(cacheSize), size(cacheSize));
            return t;
        }

        static boolean active(JsonNode container) {
            String s = container.path("State").asText();
            return s.equals("running") || s.equals("paused") || s.equals("restarting");
        }

        private static String size(long bytes) { return Human.size(bytes, 4); }

        /** "11.63MB (70%)", or only the size when the total is 0. */
        static String reclaimable(long free, long total) {
            return total > 0 ? size(free) + " (" + (free * 100 / total) + "%)" : size(free);
        }

        /** The -v report: a table per kind, as docker system df -v. */
        static String verbose(JsonNode df, Instant now) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            java.io.PrintStream p = new java.io.PrintStream(b, true, java.nio.charset.StandardCharsets.UTF_8);
            p.println("Images space usage:");
            p.println();
            Table images = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS");
            for (JsonNode i : df.path("Images")) {
                long size = i.path("Size").asLong(), shared = Math.max(0, i.path("SharedSize").asLong());
                String id = PsCommand.shortId(i.path("Id").asText());
                long created = i.path("Created").asLong();
                String when = created > 0 ? PsCommand.ago(created, now) : "N/A";
                JsonNode tags = i.path("RepoTags");
                String[] rt = tags.isArray() && !tags.isEmpty() ? split(tags.get(0).asText()) : new String[] {"<none>", "<none>"};
                images.row(rt[0], rt[1], id, when, size(size), size(shared), size(size - shared), i.path("Containers").asText());
            }
            images.print(p);
            p.println();
            p.println("Containers space usage:");
            p.println();
            Table ctrs = new Table("CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES");
            for (JsonNode c : df.path("Containers")) {
                int volumes = 0;
                for (JsonNode m : c.path("Mounts")) if (m.path("Type").asText().equals("volume")) volumes++;
                String name = c.path("Names").path(0).asText().replaceFirst("^/", "");
                ctrs.row(PsCommand.shortId(c.path("Id").asText()), c.path("Image").asText(),
                        "\"" + Table.ellipsis(c.path("Command").asText(), 20) + "\"", String.valueOf(volumes),
                        size(c.path("SizeRw").asLong()), PsCommand.ago(c.path("Created").asLong(), now), c.path("Status").asText(), name);
            }
            ctrs.print(p);
            p.println();
            p.println("Local Volumes space usage:");
            p.println();
            Table vols = new Table("VOLUME NAME", "LINKS", "SIZE");
            for (JsonNode v : df.path("Volumes")) {
                vols.row(v.path("Name").asText(), v.path("UsageData").path("RefCount").asText(), size(v.path("UsageData").path("Size").asLong()));
            }
            vols.print(p);
            p.println();
            long cacheSize = 0;
            Table cache = new Table("CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED");
            for (JsonNode bc : df.path("BuildCache")) {
                if (!bc.path("Shared").asBoolean()) cacheSize += bc.path("Size").asLong();
                cache.row(bc.path("ID").asText(), bc.path("Type").asText(), size(bc.path("Size").asLong()), ago(bc.path("CreatedAt").asText(), now),
                        ago(bc.path("LastUsedAt").asText(), now), bc.path("UsageCount").asText(), bc.path("Shared").asBoolean() ? "true" : "false");
            }
            p.println("Build cache usage: " + size(cacheSize));
            p.println();
            cache.print(p);
            return b.toString(java.nio.charset.StandardCharsets.UTF_8);
        }

        private static String ago(String instant, Instant now) {
            try {
                return PsCommand.ago(Instant.parse(instant).getEpochSecond(), now);
            } catch (java.time.format.DateTimeParseException e) {
                return "N/A";
            }
        }

        private static String[] split(String repoTag) {
            int colon = repoTag.lastIndexOf(':');
            boolean tagged = colon > repoTag.lastIndexOf('/');
            return tagged ? new String[] {repoTag.substring(0, colon), repoTag.substring(colon + 1)} : new String[] {repoTag, "<none>"};
        }
    }

    @Command(name = "prune", description = "Remove stopped containers, unused networks, dangling images, the build cache (and with --volumes, unused anonymous volumes).")
    static final class Prune extends Verb {
        @Option(names = {"-a", "--all"}, description = "Every unused image, not only dangling ones.")
        boolean all;

        @Option(names = "--volumes", description = "Prune anonymous volumes no container uses too.")
        boolean volumes;

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() {
            StringBuilder w = new StringBuilder("WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n");
            if (volumes) w.append("  - all anonymous volumes not used by at least one container\n");
            w.append(all ? "  - all images without at least one container associated to them\n" : "  - all dangling images\n");
            w.append("  - unused build cache\n");
            if (!force && !Confirm.ask(this, w.toString(), "-f")) return 0;
            long reclaimed = 0;
            JsonNode c = client().pruneContainers();
            VolumeCommands.printDeleted(this, "Deleted Containers:", c.path("ContainersDeleted"));
            reclaimed += c.path("SpaceReclaimed").asLong();
            VolumeCommands.printDeleted(this, "Deleted Networks:", client().pruneNetworks().path("NetworksDeleted"));
            if (volumes) {
                JsonNode v = client().pruneVolumes(false);
                VolumeCommands.printDeleted(this, "Deleted Volumes:", v.path("VolumesDeleted"));
                reclaimed += v.path("SpaceReclaimed").asLong();
            }
            JsonNode i = client().pruneImages(all);
            PruneCommands.printImages(this, i.path("ImagesDeleted"));
            reclaimed += i.path("SpaceReclaimed").asLong();
            JsonNode b = client().pruneBuildCache();
            VolumeCommands.printDeleted(this, "Deleted build cache objects:", b.path("CachesDeleted"));
            reclaimed += b.path("SpaceReclaimed").asLong();
            out().println("Total reclaimed space: " + Human.size(reclaimed, 4));
            return 0;
        }
    }
}
