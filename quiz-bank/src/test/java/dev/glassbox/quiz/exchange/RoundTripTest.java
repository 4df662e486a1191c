package dev.glassbox.quiz.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
    private static final QuestionBank BANK = BankLoader.loadBundled();
    private static final QuestionBank EXPORTABLE = Exportable.of(BANK);

    @Test
    void moodleXmlExportThenImportGivesBackTheSameBank() {
        ImportResult back = MoodleXmlReader.read(MoodleXmlWriter.write(BANK), 1);
        assertEquals(List.of(), back.warnings());
        assertEquals(EXPORTABLE.questions(), back.bank().questions());
        assertEquals(BANK.topics().stream().map(t -> new Topic(t.id(), t.session(), t.title(), List.of())).toList(),
                back.bank().topics());
    }

    /** What GIFT carries: no figure, tags, or catch-all feedback of numerical and matching questions. */
    private static Question giftView(Question q) {
        boolean merged = q.type() == dev.glassbox.quiz.model.QuestionType.NUMERICAL
                || q.type() == dev.glassbox.quiz.model.QuestionType.MATCHING;
        String general = merged ? join(q.explanation(), q.wrongFeedback()) : q.explanation();
        return new Question(q.id(), q.type(), q.session(), q.topic(), List.of(), q.text(), null, null, q.choices(),
                q.answer(), q.tolerance(), q.pairs(), merged ? null : q.rightFeedback(), merged ? null : q.wrongFeedback(),
                general);
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        if (b == null) return a;
        return a + " " + b;
    }

    @Test
    void giftExportThenImportGivesBackTheQuestionsAnswersAndFeedback() {
        ImportResult back = GiftReader.read(GiftWriter.write(BANK), 1);
        assertEquals(EXPORTABLE.questions().stream().filter(q -> q.figure() != null).count(), back.warnings().size(),
                "only figures are lost: " + back.warnings());
        List<Question> singleAsMultiple = EXPORTABLE.questions().stream().map(RoundTripTest::giftView).toList();
        assertEquals(singleAsMultiple, back.bank().questions());
    }

    @Test
    void importedBankWrittenAsFilesLoadsBackTheSame(@TempDir Path dir) throws Exception {
        BankLoader.writeDirectory(BANK, dir);
        assertTrue(Files.exists(dir.resolve("session-1/namespaces.yaml")));
        assertTrue(Files.exists(dir.resolve("figures/layer-stack.svg")));
        QuestionBank again = BankLoader.loadDirectory(dir);
        assertEquals(BANK.questions(), again.questions());
    }

    @Test
    void foreignGiftWithRangesEssaysAndMissingWordsIsImportedWithWarnings() {
        String gift = """
                // an instructor's own file
                $CATEGORY: $course$/top/Docker extras

                ::Port:: Which port does HTTP use by default? {#75..85}

                ::Essay:: Explain namespaces. {}

                Docker was launched in {=2013 ~2008#LXC} by dotCloud.

                ::Pick:: Pick one {=a ~b#not b}
                """;
        ImportResult r = GiftReader.read(gift, 2);
        assertEquals(2, r.bank().questions().size(), r.warnings().toString());
        Question port = r.bank().questions().getFirst();
        assertEquals("port", port.id());
        assertEquals("docker-extras", port.topic());
        assertEquals(2, port.session());
        assertEquals("80", port.correctChoices().getFirst().text());
        assertEquals(5.0, port.tolerance());
        assertEquals(List.of(Choice.right("a", null), Choice.wrong("b", "not b")), r.bank().questions().get(1).choices());
        assertEquals(2, r.warnings().size());
    }

    @Test
    void escapedGiftCharactersSurviveTheTrip() {
        Question q = new Question("esc", dev.glassbox.quiz.model.QuestionType.SINGLE, 1, "t", null,
                "Is a:b {c} = d # e ~ f \\ g?\nSecond line", null, null,
                List.of(Choice.right("x = y", "yes: {ok}"), Choice.wrong("~z#", "no # way")), null, null, null,
                null, null, "see: http://x");
        QuestionBank one = new QuestionBank(List.of(new Topic("t", 1, "T", List.of())), List.of(q));
        assertEquals(List.of(q), GiftReader.read(GiftWriter.write(one), 1).bank().questions());
        assertEquals(List.of(q), MoodleXmlReader.read(MoodleXmlWriter.write(one), 1).bank().questions());
    }
}
