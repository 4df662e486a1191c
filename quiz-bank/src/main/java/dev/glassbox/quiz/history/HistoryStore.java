package dev.glassbox.quiz.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the quiz history in a JSON file, by default {@code $XDG_STATE_HOME/glassbox/quiz-history.json}
 * or {@code ~/.glassbox/quiz-history.json}. Under sudo the file goes to the invoking user's home
 * (SUDO_USER) and is given back to that user, so a quiz taken with and without sudo shares one history.
 */
public final class HistoryStore {
    private static final ObjectMapper JSON = JsonMapper.builder().build()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Optional<Owner> owner;

    /** A user id and group id to give the file to (when written by root for a sudo user). */
    public record Owner(int uid, int gid) {
    }

    public HistoryStore(Path file) {
        this(file, Optional.empty());
    }

    public HistoryStore(Path file, Optional<Owner> owner) {
        this.file = file;
        this.owner = owner;
    }

    public Path file() {
        return file;
    }

    /** The store at the default place for this process's environment. */
    public static HistoryStore atDefaultLocation() {
        return atDefaultLocation(System.getenv(), Path.of("/etc/passwd"), System.getProperty("user.home"));
    }

    static HistoryStore atDefaultLocation(Map<String, String> env, Path passwd, String userHome) {
        String sudoUser = env.get("SUDO_USER");
        if (sudoUser != null && !sudoUser.isBlank() && !sudoUser.equals("root")) {
            Optional<String[]> entry = passwdEntry(passwd, sudoUser);
            if (entry.isPresent()) {
                String[] f = entry.get();
                return new HistoryStore(Path.of(f[5], ".glassbox", "quiz-history.json"),
                        Optional.of(new Owner(Integer.parseInt(f[2]), Integer.parseInt(f[3]))));
            }
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new HistoryStore(Path.of(xdg, "glassbox", "quiz-history.json"));
        }
        return new HistoryStore(Path.of(userHome, ".glassbox", "quiz-history.json"));
    }

    /** passwd(5): name:password:UID:GID:GECOS:directory:shell */
    private static Optional<String[]> passwdEntry(Path passwd, String user) {
        try {
            return Files.readAllLines(passwd).stream().map(l -> l.split(":", -1))
                    .filter(f -> f.length >= 7 && f[0].equals(user)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public QuizHistory load() {
        if (!Files.exists(file)) return QuizHistory.empty();
        try {
            return JSON.readValue(file.toFile(), QuizHistory.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the quiz history " + file
                    + "; move it away to start a new history", e);
        }
    }

    /** Adds an attempt and writes the file atomically (temp file, then rename). */
    public synchronized QuizHistory append(AttemptRecord record) {
        QuizHistory updated = load().with(record);
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean newDir = !Files.exists(dir);
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".quiz-history", ".tmp");
            JSON.writeValue(tmp.toFile(), updated);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (owner.isPresent()) {
                for (Path p : newDir ? List.of(dir, file) : List.of(file)) {
                    Files.setAttribute(p, "unix:uid", owner.get().uid());
                    Files.setAttribute(p, "unix:gid", owner.get().gid());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the quiz history " + file + "; check that its directory is writable", e);
        }
        return updated;
    }
}
