package dev.glassbox.image.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The build context: the directory COPY and ADD read from, minus what {@code .dockerignore}
 * leaves out. Paths never leave it: {@code ..} stops at its top (as Docker's do) and a
 * symlink named as a source must point inside it.
 */
public final class BuildContext {
    private final Path dir;
    private final Path realDir;
    private final DockerIgnore ignore;

    public BuildContext(Path dir) {
        this(dir, DockerIgnore.of(dir));
    }

    public BuildContext(Path dir, DockerIgnore ignore) {
        if (!Files.isDirectory(dir)) throw new BuildException("the build context " + dir + " is not a directory");
        this.dir = dir;
        try {
            this.realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new BuildException("cannot read the build context " + dir + ": " + e.getMessage(), e);
        }
        this.ignore = ignore;
    }

    public Path dir() {
        return dir;
    }

    public DockerIgnore ignore() {
        return ignore;
    }

    /** True when the context offers {@code rel} (not left out by .dockerignore). */
    public boolean includes(String rel) {
        return !ignore.excludes(rel);
    }

    /** A source of COPY/ADD: its path relative to the context and the real file. */
    record Source(String rel, Path path) {}

    /**
     * The context paths a COPY/ADD source names: one path, or every path a wildcard
     * ({@code * ? [..]}) matches. Fails as Docker does when nothing is there.
     */
    List<Source> resolve(String src) {
        String clean = DockerIgnore.clean(src);
        if (hasWildcard(clean)) {
            Pattern p = Pattern.compile(DockerIgnore.regex(clean));
            List<Source> out = new ArrayList<>();
            collectMatches(realDir, "", p, clean.split("/").length, out);
            if (out.isEmpty()) throw notFound(src);
            return out;
        }
        if (!clean.isEmpty() && !includes(clean)) throw notFound(src);
        Path p = clean.isEmpty() ? realDir : realDir.resolve(clean);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw notFound(src);
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(realDir)) {
                throw new BuildException("COPY failed: " + src + " is a symlink that points outside the build context");
            }
            return List.of(new Source(clean, real));
        } catch (IOException e) {
            throw new BuildException("COPY failed: cannot read " + src + " in the build context: " + e.getMessage(), e);
        }
    }

    private void collectMatches(Path d, String rel, Pattern p, int depth, List<Source> out) {
        List<Path> entries = list(d);
        for (Path e : entries) {
            String r = rel.isEmpty() ? e.getFileName().toString() : rel + "/" + e.getFileName();
            if (!includes(r)) continue;
            int level = r.split("/").length;
            if (level == depth && p.matcher(r).matches()) out.add(new Source(r, e));
            else if (level < depth && Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) collectMatches(e, r, p, depth, out);
        }
    }

    /** The entries of a context directory, sorted, that .dockerignore does not leave out. */
    List<Path> children(Path d, String rel) {
        List<Path> out = new ArrayList<>();
        for (Path e : list(d)) {
            String r = rel.isEmpty() ? e.getFileName().toString() : rel + "/" + e.getFileName();
            if (includes(r) || ignore.hasExceptions() && Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) out.add(e);
        }
        return out;
    }

    private static List<Path> list(Path d) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new BuildException("cannot read " + d + " in the build context: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /**
     * A digest of what COPY/ADD would take from {@code sources}: each path's name, type, mode,
     * size and content (file times left out, as Docker's cache does), so an unchanged source
     * gives the same cache key.
     */
    String digest(List<Source> sources) {
        MessageDigest md = sha256();
        for (Source s : sources) digestTree(md, s.path(), s.rel());
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private void digestTree(MessageDigest md, Path p, String rel) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String kind = a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : a.isRegularFile() ? "f" : "o";
            if (!rel.isEmpty() && !includes(rel)) kind = "x"; // traversed only for what a ! pattern takes back
            md.update((rel + "\0" + kind + "\0" + java.nio.file.attribute.PosixFilePermissions.toString(a.permissions()) + "\0"
                    + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) + "\0" + a.size() + "\0").getBytes());
            if (a.isSymbolicLink()) md.update(Files.readSymbolicLink(p).toString().getBytes());
            if (a.isRegularFile()) {
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
                }
            }
            if (a.isDirectory()) {
                for (Path c : children(p, rel)) {
                    String r = rel.isEmpty() ? c.getFileName().toString() : rel + "/" + c.getFileName();
                    digestTree(md, c, r);
                }
            }
        } catch (IOException e) {
            throw new BuildException("cannot read " + rel + " in the build context: " + e.getMessage(), e);
        }
    }

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private BuildException notFound(String src) {
        return new BuildException("COPY failed: file not found in build context or excluded by .dockerignore: stat " + src
                + ": file does not exist");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
