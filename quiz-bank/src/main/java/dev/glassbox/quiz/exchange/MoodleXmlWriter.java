package dev.glassbox.quiz.exchange;

import dev.glassbox.quiz.engine.Fractions;
import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.QuestionType;
import dev.glassbox.quiz.model.Topic;
import java.io.StringWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a bank as Moodle XML (the format of Moodle's question import): one category per
 * session and topic, every type with its answers, fractions and feedback, figures embedded
 * as base64 {@code <file>} elements referenced by {@code @@PLUGINFILE@@}. Live questions are
 * left out (their answer exists only on the learner's machine).
 */
public final class MoodleXmlWriter {
    private MoodleXmlWriter() {
    }

    public static String write(QuestionBank bank) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element quiz = doc.createElement("quiz");
            doc.appendChild(quiz);
            for (Topic t : bank.topics()) {
                var qs = Exportable.of(bank).questions().stream().filter(q -> q.topic().equals(t.id())).toList();
                if (qs.isEmpty()) continue;
                quiz.appendChild(doc.createComment(" session " + t.session() + ": " + t.title() + " "));
                Element cat = el(doc, quiz, "question");
                cat.setAttribute("type", "category");
                text(doc, el(doc, cat, "category"), Categories.path(t.session(), t.id()));
                Element info = el(doc, cat, "info");
                info.setAttribute("format", "html");
                text(doc, info, Markup.toHtml(t.title()));
                for (Question q : qs) quiz.appendChild(question(doc, q));
            }
            var tf = TransformerFactory.newInstance().newTransformer();
            tf.setOutputProperty(OutputKeys.INDENT, "yes");
            tf.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            tf.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            tf.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML support failed to write Moodle XML", e);
        }
    }

    private static Element question(Document doc, Question q) {
        Element e = doc.createElement("question");
        e.setAttribute("type", q.type().moodleType());
        text(doc, el(doc, e, "name"), q.id());
        Element qt = html(doc, e, "questiontext", questionHtml(q));
        if (q.figure() != null && q.figure().base64() != null) {
            Element file = el(doc, qt, "file");
            file.setAttribute("name", q.figure().file());
            file.setAttribute("path", "/");
            file.setAttribute("encoding", "base64");
            file.setTextContent(q.figure().base64());
        }
        html(doc, e, "generalfeedback", Markup.toHtml(q.explanation()));
        text(doc, e, "defaultgrade", "1");
        text(doc, e, "penalty", q.type() == QuestionType.TRUE_FALSE ? "1" : "0.3333333");
        text(doc, e, "hidden", "0");
        text(doc, e, "idnumber", q.id());
        switch (q.type()) {
            case SINGLE, MULTIPLE -> {
                text(doc, e, "single", Boolean.toString(q.type() == QuestionType.SINGLE));
                text(doc, e, "shuffleanswers", "true");
                text(doc, e, "answernumbering", "abc");
                text(doc, e, "showstandardinstruction", "0");
                overallFeedback(doc, e, q);
                for (Choice c : q.choices()) {
                    answer(doc, e, Fractions.of(q, c), Markup.toHtml(c.text()), "html", c.feedback());
                }
            }
            case TRUE_FALSE -> {
                boolean t = Boolean.TRUE.equals(q.answer());
                answer(doc, e, t ? 100 : 0, "true", "moodle_auto_format", t ? q.rightFeedback() : q.wrongFeedback());
                answer(doc, e, t ? 0 : 100, "false", "moodle_auto_format", t ? q.wrongFeedback() : q.rightFeedback());
            }
            case SHORT_ANSWER -> {
                text(doc, e, "usecase", "0");
                for (Choice c : q.choices()) {
                    answer(doc, e, Fractions.of(q, c), c.text(), "moodle_auto_format", c.feedback());
                }
                answer(doc, e, 0, "*", "moodle_auto_format", q.wrongFeedback());
            }
            case NUMERICAL -> {
                for (Choice c : q.choices()) {
                    Element a = answer(doc, e, Fractions.of(q, c), c.text(), "moodle_auto_format", c.feedback());
                    text(doc, a, "tolerance", Fractions.format(c.correct() ? q.toleranceOrZero() : 0));
                }
                Element any = answer(doc, e, 0, "*", "moodle_auto_format", q.wrongFeedback());
                text(doc, any, "tolerance", "0");
                text(doc, e, "unitgradingtype", "0");
                text(doc, e, "unitpenalty", "0.1000000");
                text(doc, e, "showunits", "3");
                text(doc, e, "unitsleft", "0");
            }
            case MATCHING -> {
                text(doc, e, "shuffleanswers", "true");
                overallFeedback(doc, e, q);
                for (Pair p : q.pairs()) {
                    Element sub = html(doc, e, "subquestion", Markup.toHtml(p.left()));
                    text(doc, el(doc, sub, "answer"), p.right());
                }
            }
        }
        if (!q.tags().isEmpty()) {
            Element tags = el(doc, e, "tags");
            for (String tag : q.tags()) text(doc, el(doc, tags, "tag"), tag);
        }
        return e;
    }

    static String questionHtml(Question q) {
        String html = Markup.toHtml(q.text());
        if (q.figure() != null) {
            html += "<br><img src=\"@@PLUGINFILE@@/" + Markup.escape(q.figure().file()) + "\" alt=\""
                    + Markup.escape(q.figure().alt()) + "\">";
        }
        return html;
    }

    private static void overallFeedback(Document doc, Element e, Question q) {
        html(doc, e, "correctfeedback", Markup.toHtml(q.rightFeedback()));
        html(doc, e, "partiallycorrectfeedback", Markup.toHtml(q.wrongFeedback()));
        html(doc, e, "incorrectfeedback", Markup.toHtml(q.wrongFeedback()));
    }

    private static Element answer(Document doc, Element parent, double fraction, String text, String format,
                                  String feedback) {
        Element a = el(doc, parent, "answer");
        a.setAttribute("fraction", Fractions.format(fraction));
        a.setAttribute("format", format);
        text(doc, a, text);
        html(doc, a, "feedback", Markup.toHtml(feedback));
        return a;
    }

    private static Element html(Document doc, Element parent, String name, String html) {
        Element e = el(doc, parent, name);
        e.setAttribute("format", "html");
        text(doc, e, html);
        return e;
    }

    private static Element el(Document doc, Element parent, String name) {
        Element e = doc.createElement(name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Document doc, Element parent, String name, String value) {
        el(doc, parent, name).setTextContent(value);
    }

    /** The {@code <text>} child Moodle expects inside most elements. */
    private static void text(Document doc, Element parent, String value) {
        el(doc, parent, "text").setTextContent(value == null ? "" : value);
    }
}
