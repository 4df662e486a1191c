package dev.glassbox.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a container's root the way the container would see it: symbolic
 * links are followed relative to that root, never to the host's, and {@code ..} stops at the
 * root. So {@code /etc/passwd -> /host-secret} or {@code ../../..} inside an image cannot make
 * a bind mount or a {@code cp} reach the host's files (the classic escapes that runc's
 * securejoin closes).
 */
public final class SecureJoin {
    private static final int MAX_LINKS = 40; // as the kernel's MAXSYMLINKS

    private SecureJoin() {}

    /** The host path of {@code path} (absolute, as seen in the container) under {@code root}. */
    public static Path resolve(Path root, String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!done.isEmpty()) done.removeLast();
                continue;
            }
            Path candidate = join(root, done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) throw new IOException("too many levels of symbolic links in " + path);
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) done.clear(); // absolute: from the container's root
                push(todo, target);
                continue;
            }
            done.addLast(part);
        }
        return join(root, done);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) todo.push(parts[i]);
    }

    private static Path join(Path root, Deque<String> parts) {
        Path p = root;
        for (String s : parts) p = p.resolve(s);
        return p;
    }

    /** True when {@code p} exists and is a directory, not following a final symlink. */
    public static boolean isRealDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
