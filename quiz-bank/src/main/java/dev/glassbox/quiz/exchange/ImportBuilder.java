package dev.glassbox.quiz.exchange;

import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects imported questions under their categories, giving each a unique id. */
final class ImportBuilder {
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final List<Question> questions = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final int defaultSession;
    private Categories.Placement current;

    ImportBuilder(int defaultSession) {
        this.defaultSession = defaultSession;
        this.current = new Categories.Placement(defaultSession, "imported");
    }

    void category(String path, String title) {
        current = Categories.parse(path, defaultSession);
        topics.putIfAbsent(current.topic(), new Topic(current.topic(), current.session(),
                title == null || title.isBlank() ? current.topic() : title, List.of()));
    }

    String uniqueId(String wanted, String text) {
        String base = Categories.slug(wanted == null || wanted.isBlank()
                ? current.topic() + "-" + (text == null ? "q" : text.substring(0, Math.min(30, text.length())))
                : wanted);
        String id = base;
        for (int i = 2; !ids.add(id); i++) id = base + "-" + i;
        return id;
    }

    void add(Question q) {
        topics.putIfAbsent(current.topic(), new Topic(current.topic(), current.session(), current.topic(), List.of()));
        questions.add(q.withPlacement(current.session(), current.topic()));
    }

    void warn(String message) {
        warnings.add(message);
    }

    ImportResult build() {
        return new ImportResult(new QuestionBank(new ArrayList<>(topics.values()), questions), warnings);
    }
}
