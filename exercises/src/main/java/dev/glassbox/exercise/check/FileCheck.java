package dev.glassbox.exercise.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;

/**
 * A file as the target sees it (read through {@code /proc/PID/root}, so through the
 * container's own mounts), or on the host when {@code of} is absent: it exists (or not), is of
 * a {@code kind} (regular, directory, symlink, whiteout: overlay's character device 0/0), is
 * owned by {@code ownerUid}, and its text contains, equals (trimmed) or matches the given one.
 */
public record FileCheck(Target of, String path, Boolean exists, String kind, Integer ownerUid, String contains,
                        String equals, String matches) implements Check {
    public FileCheck {
        Objects.requireNonNull(path, "file needs path: /PATH");
        if (exists == null) exists = true;
    }

    @Override
    public void validate() {
        if (matches != null) Machine.compile(matches);
        if (kind != null && !java.util.List.of("regular", "directory", "symlink", "whiteout").contains(kind)) {
            throw new IllegalArgumentException("file: unknown kind " + kind + " (regular, directory, symlink, whiteout)");
        }
    }

    private String where() {
        return of == null ? path + " on the host" : path + " in " + of.describe();
    }

    @Override
    public Observation evaluate(Machine m) throws IOException {
        Path p = m.inside(of, path);
        boolean there = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        if (!exists) return Observation.of(!there, "no " + where(), there ? where() + " exists" : "no " + where());
        if (!there) return Observation.of(false, expected(), "no " + where());
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        String seenKind = a.isSymbolicLink() ? "symlink" : a.isDirectory() ? "directory" : a.isRegularFile() ? "regular"
                : isWhiteout(p) ? "whiteout" : "special file";
        StringBuilder observed = new StringBuilder(seenKind + " owned by uid " + uid);
        boolean pass = (kind == null || kind.equals(seenKind)) && (ownerUid == null || ownerUid == uid);
        if (contains != null || equals != null || matches != null) {
            if (!a.isRegularFile()) {
                pass = false;
            } else {
                String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                observed.append(" containing \"").append(Text.clip(text, 80)).append("\"");
                if (contains != null) pass &= text.contains(contains);
                if (equals != null) pass &= text.strip().equals(equals.strip());
                if (matches != null) pass &= Machine.compile(matches).matcher(text.strip()).matches();
            }
        }
        return Observation.of(pass, expected(), observed.toString());
    }

    private static boolean isWhiteout(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Object rdev = Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        return (((Integer) mode) & 0170000) == 0020000 && ((Number) rdev).longValue() == 0;
    }

    private String expected() {
        StringBuilder b = new StringBuilder(kind == null ? "a file " : "a " + kind + " ").append(where());
        if (ownerUid != null) b.append(" owned by uid ").append(ownerUid);
        if (contains != null) b.append(" containing \"").append(contains).append("\"");
        if (equals != null) b.append(" reading \"").append(equals.strip()).append("\"");
        if (matches != null) b.append(" matching ").append(matches);
        return b.toString();
    }

    @Override public String view() { return LAYERS; }

    @Override public String describe() { return exists ? "there is " + expected() : "there is no " + where(); }
}
