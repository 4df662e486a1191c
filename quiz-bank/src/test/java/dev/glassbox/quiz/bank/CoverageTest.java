package dev.glassbox.quiz.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.QuestionType;
import dev.glassbox.quiz.model.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The coverage table is generated from the bank; the committed quiz-bank/COVERAGE.md must match.
 * Regenerate it with {@code -Dglassbox.regenerate=true} (or {@code glassbox quiz coverage}).
 */
class CoverageTest {
    private static final Path TABLE = Path.of("COVERAGE.md");
    /** The namespace types the course slides teach (Docker's namespaces). */
    private static final List<String> NAMESPACE_TYPES =
            List.of("ns-pid", "ns-net", "ns-mnt", "ns-ipc", "ns-uts", "ns-user", "ns-cgroup");
    /** The cgroup controllers the course slides list (cpu stands for cpu and cpuacct, blkio for blkio and io). */
    private static final List<String> CGROUP_CONTROLLERS = List.of("cg-memory", "cg-devices", "cg-cpu", "cg-cpuset",
            "cg-freezer", "cg-net_cls", "cg-blkio", "cg-perf_event", "cg-net_prio", "cg-hugetlb", "cg-pids", "cg-rdma");

    private final QuestionBank bank = BankLoader.loadBundled();

    @Test
    void everyTopicHasAtLeastThreeQuestionsAndEverySubTopicAtLeastThree() {
        var gaps = Coverage.of(bank).gaps();
        assertTrue(gaps.isEmpty(), () -> "coverage gaps:\n" + String.join("\n", gaps));
    }

    @Test
    void everyNamespaceTypeAndEveryCgroupControllerIsASubTopicWithAtLeastThreeQuestions() {
        Coverage c = Coverage.of(bank);
        assertSubTopics(c, "namespaces", NAMESPACE_TYPES);
        assertSubTopics(c, "cgroups", CGROUP_CONTROLLERS);
    }

    private static void assertSubTopics(Coverage c, String topic, List<String> expected) {
        Map<String, Integer> counts = c.rows().stream().filter(r -> r.topic().id().equals(topic))
                .findFirst().orElseThrow().subTopics();
        assertEquals(expected.stream().sorted().toList(), counts.keySet().stream().sorted().toList(),
                "mustTag of " + topic + " in topics.yaml");
        counts.forEach((tag, n) -> assertTrue(n >= Coverage.MIN_PER_SUB_TOPIC,
                topic + ": " + tag + " has " + n + " questions"));
    }

    @Test
    void aSubTopicUnderThreeQuestionsIsAGap() {
        Topic t = new Topic("t", 1, "T", List.of("a", "b", "c"));
        List<Question> qs = new ArrayList<>();
        for (int i = 0; i < 3; i++) qs.add(tagged("qa" + i, "a"));
        for (int i = 0; i < 2; i++) qs.add(tagged("qb" + i, "b"));
        Coverage c = Coverage.of(new QuestionBank(List.of(t), qs));
        assertEquals(Map.of("a", 3, "b", 2, "c", 0), c.rows().getFirst().subTopics());
        assertEquals(List.of("c"), c.rows().getFirst().untagged());
        assertEquals(List.of("topic t: sub-topic b has 2 questions, needs 3", "topic t: no question tagged c, needs 3"),
                c.gaps());
        assertTrue(c.markdown().contains("| t | b | 2 |"), c.markdown());
    }

    @Test
    void aTopicUnderThreeQuestionsIsAGap() {
        Topic t = new Topic("t", 1, "T", List.of());
        Coverage c = Coverage.of(new QuestionBank(List.of(t), List.of(tagged("q1", "x"), tagged("q2", "x"))));
        assertEquals(List.of("topic t has 2 questions, needs 3"), c.gaps());
    }

    private static Question tagged(String id, String tag) {
        return new Question(id, QuestionType.TRUE_FALSE, 1, "t", List.of(tag), "?", null, null, null, true, null,
                null, null, "because", null);
    }

    @Test
    void everyTopicOfTheCatalogueHasQuestions() {
        assertEquals(bank.topics().size(), Coverage.of(bank).rows().stream().filter(r -> r.count() > 0).count());
    }

    @Test
    void committedCoverageTableMatchesTheBank() throws Exception {
        String generated = Coverage.of(bank).markdown();
        if (Boolean.getBoolean("glassbox.regenerate") || !Files.exists(TABLE)) {
            Files.writeString(TABLE, generated);
        }
        assertEquals(generated, Files.readString(TABLE),
                "quiz-bank/COVERAGE.md is stale: rerun this test with -Dglassbox.regenerate=true and commit it");
    }
}
