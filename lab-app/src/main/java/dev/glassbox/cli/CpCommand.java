package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.engine.Human;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * docker cp, both ways, as tar streams through the engine's archive routes. The directory rules
 * are Docker's: a directory copied onto an existing directory lands inside it, onto a new path
 * becomes that path; {@code SRC/.} copies a directory's contents; a file onto a directory lands
 * inside it. {@code -} is a tar on stdin or stdout.
 */
@Command(name = "cp", description = {"Copy files between a container and the host (a tar with - as either side).",
        "CONTAINER:PATH names a path in a container (running or stopped); never follows a link out of it."},
        footerHeading = "%nExamples:%n",
        footer = {"  glassbox cp web:/etc/hostname .",
                "  glassbox cp ./site web:/www            a directory onto an existing one goes inside it",
                "  glassbox cp ./site/. web:/www          only its contents",
                "  glassbox cp web:/var/log - | tar -t     a tar on stdout"})
final class CpCommand extends Verb {
    /** Go's os.ModeDir in the engine's path stat. */
    private static final long MODE_DIR = 1L << 31;

    @Option(names = {"-q", "--quiet"}, description = "Do not print what was copied.")
    boolean quiet;

    @Option(names = {"-a", "--archive"}, description = "Accepted for Docker's sake (ownership is kept by the engine's tar).")
    boolean archive;

    @Parameters(index = "0", paramLabel = "SRC") String src;

    @Parameters(index = "1", paramLabel = "DEST") String dest;

    /** CONTAINER:PATH, or a host path (one that starts with / or . is always the host's, colon or not). */
    record Spec(String container, String path) {
        static Spec parse(String arg) {
            if (arg.startsWith("/") || arg.startsWith(".") || arg.equals("-")) return new Spec(null, arg);
            int colon = arg.indexOf(':');
            if (colon <= 0) return new Spec(null, arg);
            return new Spec(arg.substring(0, colon), arg.substring(colon + 1));
        }
    }

    @Override
    public Integer call() throws IOException {
        Spec from = Spec.parse(src), to = Spec.parse(dest);
        if (from.container() != null && to.container() != null) {
            throw new CliException("copying between containers is not supported: copy to the host first, then into the other container");
        }
        if (from.container() == null && to.container() == null) {
            throw new CliException("cp needs a container on one side: glassbox cp CONTAINER:SRC DEST or glassbox cp SRC CONTAINER:DEST");
        }
        if (from.container() != null) {
            if (from.path().isEmpty()) throw new CliException("no path given after " + from.container() + ": use CONTAINER:/path");
            return fromContainer(from, to.path());
        }
        if (to.path().isEmpty()) throw new CliException("no path given after " + to.container() + ": use CONTAINER:/path");
        return toContainer(from.path(), to);
    }

    private static String absolute(String containerPath) {
        return containerPath.startsWith("/") ? containerPath : "/" + containerPath;
    }

    private int fromContainer(Spec from, String dest) throws IOException {
        EngineClient c = client();
        String path = absolute(from.path());
        if (dest.equals("-")) {
            c.copyFrom(from.container(), path, main().out);
            main().out.flush();
            return 0;
        }
        JsonNode stat = c.statPath(from.container(), path);
        boolean srcIsDir = stat != null && (stat.path("mode").asLong() & MODE_DIR) != 0;
        boolean contentsOnly = srcIsDir && (path.endsWith("/.") || path.equals("/"));
        Path target = Path.of(dest);
        Path intoDir;
        String topTo;
        if (Files.isDirectory(target)) {
            intoDir = target;
            topTo = contentsOnly ? "." : null;
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (srcIsDir) throw new CliException("cannot copy the directory " + from.container() + ":" + path + " to the file " + dest);
            intoDir = parentOf(target);
            topTo = target.getFileName().toString();
        } else {
            if (dest.endsWith("/") && !srcIsDir) throw new CliException("destination directory " + dest + " does not exist: create it first");
            intoDir = parentOf(target);
            if (!Files.isDirectory(intoDir)) throw new CliException("cannot copy to " + dest + ": the directory " + intoDir + " does not exist");
            topTo = target.getFileName().toString();
            if (contentsOnly) {
                Files.createDirectory(target);
                intoDir = target;
                topTo = ".";
            }
        }
        Path tmp = Files.createTempFile("glassbox-cp-", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                c.copyFrom(from.container(), path, out);
            }
            long bytes;
            try (InputStream in = Files.newInputStream(tmp)) {
                bytes = TarFiles.unpack(in, intoDir, topTo);
            }
            if (!quiet) err().println("Successfully copied " + Human.size(bytes, 3) + " to " + dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return 0;
    }

    private int toContainer(String srcPath, Spec to) throws IOException {
        EngineClient c = client();
        String dest = absolute(to.path());
        if (srcPath.equals("-")) {
            c.copyTo(to.container(), dest, main().in);
            return 0;
        }
        Path source = Path.of(srcPath);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) throw new CliException("cannot copy " + srcPath + ": no such file or directory on the host");
        boolean srcIsDir = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
        boolean contentsOnly = srcIsDir && (srcPath.endsWith("/.") || srcPath.equals("."));
        String baseName = source.toAbsolutePath().normalize().getFileName() == null ? "." : source.toAbsolutePath().normalize().getFileName().toString();
        JsonNode stat;
        try {
            stat = c.statPath(to.container(), dest);
        } catch (EngineException e) {
            if (e.status() != 404) throw e;
            stat = null;
        }
        String intoDir, topName;
        if (stat != null && (stat.path("mode").asLong() & MODE_DIR) != 0) {
            intoDir = dest;
            topName = contentsOnly ? "." : baseName;
        } else if (stat != null) {
            if (srcIsDir) throw new CliException("cannot copy the directory " + srcPath + " to the file " + to.container() + ":" + dest);
            intoDir = containerParent(dest);
            topName = containerBase(dest);
        } else {
            if (dest.endsWith("/")) throw new CliException("destination directory " + to.container() + ":" + dest + " does not exist: create it first");
            intoDir = containerParent(dest);
            topName = containerBase(dest);
        }
        Path tmp = Files.createTempFile("glassbox-cp-", ".tar");
        try {
            long bytes;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                bytes = TarFiles.pack(source, topName, out);
            }
            try (InputStream in = Files.newInputStream(tmp)) {
                c.copyTo(to.container(), intoDir, in);
            }
            if (!quiet) err().println("Successfully copied " + Human.size(bytes, 3) + " to " + to.container() + ":" + dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return 0;
    }

    private static Path parentOf(Path p) {
        Path parent = p.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    static String containerParent(String path) {
        String p = path.replaceAll("/+$", "");
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    static String containerBase(String path) {
        String p = path.replaceAll("/+$", "");
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
