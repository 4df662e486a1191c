package dev.glassbox.quiz.exchange;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Figure;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads Moodle XML into a bank: categories become session and topic, the six types the bank
 * knows are mapped back (fractions decide which answers are correct), embedded figures are kept.
 * Other types (essay, cloze, ...) are reported as warnings and left out.
 */
public final class MoodleXmlReader {
    private static final Pattern IMG = Pattern.compile(
            "(?:<br>)?<img src=\"@@PLUGINFILE@@/([^\"]+)\" alt=\"([^\"]*)\"\\s*/?>");

    private MoodleXmlReader() {
    }

    public static ImportResult read(String xml, int defaultSession) {
        Document doc = parse(xml);
        ImportBuilder b = new ImportBuilder(defaultSession);
        for (Element q : children(doc.getDocumentElement(), "question")) {
            String type = q.getAttribute("type");
            if (type.equals("category")) {
                Element info = child(q, "info");
                b.category(text(child(q, "category")), info == null ? null : Markup.fromHtml(text(info)));
                continue;
            }
            String name = text(child(q, "name"));
            try {
                Question read = question(q, type, b);
                if (read == null) b.warn("question '" + name + "': type " + type + " is not supported; left out");
                else b.add(read);
            } catch (RuntimeException e) {
                b.warn("question '" + name + "': " + e.getMessage() + "; left out");
            }
        }
        return b.build();
    }

    private static Question question(Element q, String type, ImportBuilder b) {
        QuestionType t = switch (type) {
            case "multichoice" -> "false".equals(text(q, "single")) ? QuestionType.MULTIPLE : QuestionType.SINGLE;
            case "truefalse" -> QuestionType.TRUE_FALSE;
            case "shortanswer" -> QuestionType.SHORT_ANSWER;
            case "numerical" -> QuestionType.NUMERICAL;
            case "matching" -> QuestionType.MATCHING;
            default -> null;
        };
        if (t == null) return null;
        Element qt = child(q, "questiontext");
        String html = text(qt);
        Figure figure = null;
        Matcher m = IMG.matcher(html);
        if (m.find()) {
            String fileName = Markup.unescape(m.group(1));
            String base64 = null;
            for (Element f : children(qt, "file")) {
                if (f.getAttribute("name").equals(fileName)) base64 = f.getTextContent().replaceAll("\\s+", "");
            }
            figure = new Figure(fileName, Markup.unescape(m.group(2)), base64);
            html = m.replaceFirst("");
        }
        String text = Markup.fromHtml(html);
        String id = b.uniqueId(first(text(child(q, "idnumber")), text(child(q, "name"))), text);
        String explanation = blankToNull(Markup.fromHtml(text(child(q, "generalfeedback"))));
        List<String> tags = new ArrayList<>();
        Element tagsEl = child(q, "tags");
        if (tagsEl != null) for (Element tag : children(tagsEl, "tag")) tags.add(text(tag));
        List<Choice> choices = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        Boolean answer = null;
        Double tolerance = null;
        String right = null;
        String wrong = null;
        switch (t) {
            case SINGLE, MULTIPLE -> {
                for (Element a : children(q, "answer")) {
                    choices.add(new Choice(Markup.fromHtml(text(a)), fraction(a) > 0, feedback(a)));
                }
                right = blankToNull(Markup.fromHtml(text(child(q, "correctfeedback"))));
                wrong = blankToNull(Markup.fromHtml(text(child(q, "incorrectfeedback"))));
            }
            case TRUE_FALSE -> {
                for (Element a : children(q, "answer")) {
                    boolean value = text(a).trim().equalsIgnoreCase("true");
                    if (fraction(a) > 0) {
                        answer = value;
                        right = feedback(a);
                    } else {
                        wrong = feedback(a);
                    }
                }
            }
            case SHORT_ANSWER, NUMERICAL -> {
                for (Element a : children(q, "answer")) {
                    String value = text(a).trim();
                    if (value.equals("*")) {
                        wrong = feedback(a);
                        continue;
                    }
                    boolean correct = fraction(a) > 0;
                    choices.add(new Choice(value, correct, feedback(a)));
                    String tol = text(a, "tolerance");
                    if (t == QuestionType.NUMERICAL && correct && tol != null && !tol.isBlank()) {
                        double d = Double.parseDouble(tol.trim());
                        tolerance = d == 0 ? tolerance : Double.valueOf(d);
                    }
                }
            }
            case MATCHING -> {
                for (Element sub : children(q, "subquestion")) {
                    String left = Markup.fromHtml(text(sub));
                    if (left.isBlank()) continue;  // an extra wrong answer with no question
                    pairs.add(new Pair(left, text(child(sub, "answer")).trim()));
                }
                right = blankToNull(Markup.fromHtml(text(child(q, "correctfeedback"))));
                wrong = blankToNull(Markup.fromHtml(text(child(q, "incorrectfeedback"))));
            }
        }
        return new Question(id, t, 0, null, tags, text, figure, null, choices, answer, tolerance, pairs,
                right, wrong, explanation);
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed Moodle XML: " + e.getMessage(), e);
        }
    }

    private static double fraction(Element a) {
        String f = a.getAttribute("fraction");
        return f.isBlank() ? 0 : Double.parseDouble(f);
    }

    private static String feedback(Element a) {
        return blankToNull(Markup.fromHtml(text(child(a, "feedback"))));
    }

    private static String first(String a, String b) {
        return a == null || a.isBlank() ? b : a;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }

    static Element child(Element parent, String name) {
        if (parent == null) return null;
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.getFirst();
    }

    /** The content of the {@code <text>} child, or the element's own text when it has none. */
    static String text(Element e) {
        if (e == null) return "";
        Element t = child(e, "text");
        return t != null ? t.getTextContent() : e.getTextContent();
    }

    private static String text(Element parent, String childName) {
        Element c = child(parent, childName);
        return c == null ? null : c.getTextContent();
    }
}
