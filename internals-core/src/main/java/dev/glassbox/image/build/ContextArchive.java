package dev.glassbox.image.build;

import dev.glassbox.image.LayerUnpacker;
import dev.glassbox.image.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

/**
 * The build context on its way from the client to the engine, as {@code docker build} sends
 * it in the body of {@code POST /build}: a tar of the context directory without what
 * {@code .dockerignore} leaves out (the Dockerfile and .dockerignore always go). A Dockerfile
 * outside the context ({@code -f ../other}) travels inside it under a generated name.
 */
public final class ContextArchive {
    private ContextArchive() {}

    /** What was sent: the Dockerfile's name inside the tar, and how many bytes. */
    public record Sent(String dockerfile, long bytes) {}

    /**
     * Writes the context of {@code contextDir} as a tar to {@code file}; {@code dockerfile}
     * is the {@code -f} path (relative to the working directory or absolute), or null.
     */
    public static Sent write(Path contextDir, Path dockerfile, Path file) throws IOException {
        BuildContext ctx = new BuildContext(contextDir);
        Path df = dockerfile == null ? contextDir.resolve("Dockerfile") : dockerfile;
        if (!Files.isRegularFile(df)) {
            throw new BuildException("cannot find the Dockerfile " + df + " (give its path with -f)");
        }
        Path realCtx = contextDir.toRealPath();
        Path realDf = df.toRealPath();
        String dfName = realDf.startsWith(realCtx) ? realCtx.relativize(realDf).toString() : ".glassbox-dockerfile." + ProcessHandle.current().pid();
        try (LayerTarWriter w = new LayerTarWriter(file)) {
            walk(ctx, realCtx, "", w, dfName);
            if (!realDf.startsWith(realCtx)) {
                try (InputStream in = Files.newInputStream(realDf)) {
                    w.file(dfName, new LayerTarWriter.Meta(0644, 0, 0, FileTime.fromMillis(0), null), Files.size(realDf), in);
                }
            }
        }
        return new Sent(dfName, Files.size(file));
    }

    private static void walk(BuildContext ctx, Path dir, String rel, LayerTarWriter w, String dockerfile) throws IOException {
        List<Path> children;
        try (var s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path c : children) {
            String r = rel.isEmpty() ? c.getFileName().toString() : rel + "/" + c.getFileName();
            boolean always = r.equals(dockerfile) || r.equals(".dockerignore");
            boolean isDir = Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS);
            if (!always && !ctx.includes(r) && !(isDir && ctx.ignore().hasExceptions())) continue;
            Map<String, Object> a = Files.readAttributes(c, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            LayerTarWriter.Meta m = new LayerTarWriter.Meta((Integer) a.get("mode") & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                    (FileTime) a.get("lastModifiedTime"), null);
            if (Files.isSymbolicLink(c)) {
                w.symlink(r, m, Files.readSymbolicLink(c).toString());
            } else if (isDir) {
                if (ctx.includes(r)) w.directory(r, m);
                walk(ctx, c, r, w, dockerfile);
            } else if (Files.isRegularFile(c, LinkOption.NOFOLLOW_LINKS)) {
                try (InputStream in = Files.newInputStream(c)) {
                    w.file(r, m, Files.size(c), in);
                }
            }
        }
    }

    /** The engine's side: unpacks a context tar (plain or gzip) into {@code dir}, which must not exist; nothing lands outside it. */
    public static void extract(InputStream tar, Path dir) {
        LayerUnpacker.unpack(tar, dir, "the build context", Progress.NONE);
    }

    /** Copies {@code file} to {@code out}: the body of {@code POST /build}. */
    public static void send(Path file, OutputStream out) throws IOException {
        Files.copy(file, out);
    }
}
