package dev.glassbox.quiz.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.engine.QuizResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {
    private static AttemptRecord attempt(Map<String, QuizResult.TopicScore> topics) {
        double score = topics.values().stream().mapToDouble(QuizResult.TopicScore::earned).sum();
        int max = topics.values().stream().mapToInt(QuizResult.TopicScore::asked).sum();
        return new AttemptRecord("2026-02-10T10:00:00Z", 1, null, 7, score, max, "FINISHED", topics);
    }

    @Test
    void attemptsAreKeptAcrossLoadsAndWeakTopicsComeFirst(@TempDir Path dir) {
        HistoryStore store = new HistoryStore(dir.resolve("state/quiz-history.json"));
        assertEquals(0, store.load().attempts().size());
        store.append(attempt(Map.of("cgroups", new QuizResult.TopicScore(0, 2), "volumes", new QuizResult.TopicScore(2, 2))));
        store.append(attempt(Map.of("cgroups", new QuizResult.TopicScore(1, 2), "x11", new QuizResult.TopicScore(1, 2))));
        QuizHistory h = store.load();
        assertEquals(2, h.attempts().size());
        assertEquals(List.of("cgroups", "x11", "volumes"), h.byTopic().stream().map(TopicStat::topic).toList());
        assertEquals(List.of("cgroups", "x11"), h.weakTopics().stream().map(TopicStat::topic).toList());
        assertEquals(25, h.weakTopics().getFirst().percent());
    }

    @Test
    void defaultLocationIsUnderHomeOrXdgStateHome() {
        assertEquals(Path.of("/home/ann/.glassbox/quiz-history.json"),
                HistoryStore.atDefaultLocation(Map.of(), Path.of("/nonexistent"), "/home/ann").file());
        assertEquals(Path.of("/home/ann/.local/state/glassbox/quiz-history.json"),
                HistoryStore.atDefaultLocation(Map.of("XDG_STATE_HOME", "/home/ann/.local/state"),
                        Path.of("/nonexistent"), "/home/ann").file());
    }

    @Test
    void underSudoTheHistoryGoesToTheInvokingUsersHome(@TempDir Path dir) throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nann:x:1001:1002:Ann:/home/ann:/bin/bash\n");
        HistoryStore store = HistoryStore.atDefaultLocation(Map.of("SUDO_USER", "ann"), passwd, "/root");
        assertEquals(Path.of("/home/ann/.glassbox/quiz-history.json"), store.file());
    }

    @Test
    void aFileWrittenForAnotherOwnerIsGivenToThatOwner(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to chown");
        HistoryStore store = new HistoryStore(dir.resolve("h/quiz-history.json"), Optional.of(new HistoryStore.Owner(1001, 1002)));
        store.append(attempt(Map.of("gpus", new QuizResult.TopicScore(1, 1))));
        assertEquals(1001, Files.getAttribute(store.file(), "unix:uid"));
        assertEquals(1002, Files.getAttribute(store.file().getParent(), "unix:gid"));
    }
}
