package dev.glassbox.quiz.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class MoodleXmlWriterTest {
    private static QuestionBank bank;
    private static Document doc;
    private static List<Element> questions;

    @BeforeAll
    static void export() throws Exception {
        bank = BankLoader.loadBundled();
        String xml = MoodleXmlWriter.write(bank);
        // well-formed: the JDK's parser accepts it
        doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        questions = MoodleXmlReader.children(doc.getDocumentElement(), "question");
    }

    private static List<Element> ofType(String type) {
        return questions.stream().filter(q -> q.getAttribute("type").equals(type)).toList();
    }

    private static String text(Element e, String child) {
        return MoodleXmlReader.text(MoodleXmlReader.child(e, child));
    }

    @Test
    void rootIsQuizAndEveryExportableQuestionIsThere() {
        assertEquals("quiz", doc.getDocumentElement().getTagName());
        assertEquals(Exportable.of(bank).questions().size(), questions.size() - ofType("category").size());
    }

    @Test
    void thereIsOneCategoryPerSessionAndTopic() {
        Set<String> paths = new HashSet<>();
        for (Element c : ofType("category")) paths.add(text(c, "category"));
        assertEquals(bank.topics().size(), paths.size());
        assertTrue(paths.contains("$course$/top/Glassbox/session-1/namespaces"));
        assertTrue(paths.contains("$course$/top/Glassbox/session-3/x11"));
    }

    @Test
    void everyQuestionHasTheCommonElementsMoodleNeeds() {
        for (Element q : questions) {
            if (q.getAttribute("type").equals("category")) continue;
            for (String el : List.of("name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden")) {
                assertNotNull(MoodleXmlReader.child(q, el), text(q, "name") + " lacks " + el);
            }
            assertFalse(text(q, "name").isBlank());
            assertFalse(text(q, "questiontext").isBlank());
            assertEquals("html", MoodleXmlReader.child(q, "questiontext").getAttribute("format"));
        }
    }

    @Test
    void eachTypeHasItsOwnElements() {
        Map<String, List<String>> needed = Map.of(
                "multichoice", List.of("single", "shuffleanswers", "answernumbering", "correctfeedback",
                        "partiallycorrectfeedback", "incorrectfeedback", "answer"),
                "truefalse", List.of("answer"),
                "shortanswer", List.of("usecase", "answer"),
                "numerical", List.of("answer", "unitgradingtype", "unitpenalty", "showunits", "unitsleft"),
                "matching", List.of("shuffleanswers", "correctfeedback", "incorrectfeedback", "subquestion"));
        needed.forEach((type, elements) -> {
            assertFalse(ofType(type).isEmpty(), "no " + type + " exported");
            for (Element q : ofType(type)) {
                for (String el : elements) assertNotNull(MoodleXmlReader.child(q, el), text(q, "name") + " lacks " + el);
                for (Element a : MoodleXmlReader.children(q, "answer")) {
                    assertFalse(a.getAttribute("fraction").isBlank());
                    assertNotNull(MoodleXmlReader.child(a, "text"));
                    assertNotNull(MoodleXmlReader.child(a, "feedback"));
                    if (type.equals("numerical")) assertNotNull(MoodleXmlReader.child(a, "tolerance"));
                }
            }
        });
        for (Element q : ofType("truefalse")) {
            assertEquals(List.of("true", "false"), MoodleXmlReader.children(q, "answer").stream()
                    .map(MoodleXmlReader::text).toList());
        }
        for (Element q : ofType("matching")) {
            assertTrue(MoodleXmlReader.children(q, "subquestion").size() >= 3);
            for (Element s : MoodleXmlReader.children(q, "subquestion")) assertNotNull(MoodleXmlReader.child(s, "answer"));
        }
    }

    @Test
    void singleChoiceFractionsSumTo100AndMultipleChoiceCorrectFractionsTo100() {
        for (Element q : ofType("multichoice")) {
            double sum = 0;
            double positive = 0;
            for (Element a : MoodleXmlReader.children(q, "answer")) {
                double f = Double.parseDouble(a.getAttribute("fraction"));
                sum += f;
                if (f > 0) positive += f;
            }
            if (text(q, "single").equals("true")) assertEquals(100, sum, 1e-9, text(q, "name"));
            else assertEquals(100, positive, 0.001, text(q, "name"));
        }
    }

    @Test
    void everyWrongAnswerCarriesItsFeedback() {
        for (Element q : ofType("multichoice")) {
            for (Element a : MoodleXmlReader.children(q, "answer")) {
                if (Double.parseDouble(a.getAttribute("fraction")) <= 0) {
                    assertFalse(text(a, "feedback").isBlank(), text(q, "name") + ": " + MoodleXmlReader.text(a));
                }
            }
        }
    }

    @Test
    void figuresAreEmbeddedAsBase64FilesReferencedFromTheText() {
        Question withFigure = bank.questions().stream().filter(q -> q.figure() != null).findFirst().orElseThrow();
        Element q = questions.stream().filter(e -> text(e, "name").equals(withFigure.id())).findFirst().orElseThrow();
        Element qt = MoodleXmlReader.child(q, "questiontext");
        assertTrue(MoodleXmlReader.text(qt).contains("@@PLUGINFILE@@/" + withFigure.figure().file()));
        Element file = MoodleXmlReader.child(qt, "file");
        assertEquals("base64", file.getAttribute("encoding"));
        assertEquals(withFigure.figure().file(), file.getAttribute("name"));
        assertArrayEquals(withFigure.figure().bytes(), Base64.getDecoder().decode(file.getTextContent().strip()));
    }

    @Test
    void liveQuestionsAreLeftOut() {
        Set<String> names = new HashSet<>();
        for (Element q : questions) names.add(text(q, "name"));
        for (Question live : Exportable.leftOut(bank)) assertFalse(names.contains(live.id()), live.id());
    }
}
