package dev.glassbox.quiz.engine;

import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.QuestionType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Draws questions spread over topics: topics are visited in turn (in an order shuffled by the
 * seed), each giving its next question, so no topic gets two questions more than another unless
 * it runs out. Live questions are resolved through the {@link LiveContext} as they are drawn;
 * one that cannot be answered on this machine is skipped and its topic gives another.
 */
public final class Drawer {
    private final LiveContext live;

    public Drawer(LiveContext live) {
        this.live = live;
    }

    public Draw draw(QuestionBank bank, DrawRequest request) {
        QuestionBank pool = bank.session(request.session()).topic(request.topic());
        if (pool.questions().isEmpty()) {
            throw new IllegalArgumentException("no questions for session " + (request.session() == null ? "any" : request.session())
                    + " and topic " + (request.topic() == null ? "any" : request.topic())
                    + "; see `glassbox quiz coverage` for the topics");
        }
        Random random = new Random(request.seed());
        // sorted first so the draw depends only on the seed and the bank, not on file order
        Map<String, List<Question>> byTopic = new TreeMap<>(pool.byTopic());
        List<String> topics = new ArrayList<>(byTopic.keySet());
        Collections.shuffle(topics, random);
        Map<String, Deque<Question>> queues = new LinkedHashMap<>();
        for (String t : topics) {
            List<Question> qs = new ArrayList<>(byTopic.get(t));
            qs.sort(java.util.Comparator.comparing(Question::id));
            Collections.shuffle(qs, random);
            queues.put(t, new ArrayDeque<>(qs));
        }
        List<AskedQuestion> asked = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        while (asked.size() < request.count() && !queues.isEmpty()) {
            for (var it = queues.entrySet().iterator(); it.hasNext() && asked.size() < request.count(); ) {
                Deque<Question> queue = it.next().getValue();
                Optional<Question> next = Optional.empty();
                while (next.isEmpty() && !queue.isEmpty()) {
                    Question q = queue.poll();
                    next = resolve(q, skipped);
                }
                next.ifPresent(q -> asked.add(present(asked.size() + 1, q, random)));
                if (queue.isEmpty()) it.remove();
            }
        }
        return new Draw(request, asked, skipped);
    }

    private Optional<Question> resolve(Question q, List<Skipped> skipped) {
        if (!q.isLive()) return Optional.of(q);
        if (!live.available()) {
            skipped.add(new Skipped(q, "live question skipped: " + live.unavailableReason()));
            return Optional.empty();
        }
        Optional<String> value = live.answer(q.live().probe(), q.live().params());
        if (value.isEmpty()) {
            skipped.add(new Skipped(q, "live question skipped: probe " + q.live().probe()
                    + " cannot be measured here (it may need the Glassbox runtime)"));
            return Optional.empty();
        }
        return Optional.of(q.withLiveAnswer(value.get()));
    }

    private static AskedQuestion present(int number, Question q, Random random) {
        List<Choice> choices = new ArrayList<>(q.choices());
        List<String> matchOptions = new ArrayList<>();
        if (q.type() == QuestionType.SINGLE || q.type() == QuestionType.MULTIPLE) {
            Collections.shuffle(choices, random);
        }
        if (q.type() == QuestionType.MATCHING) {
            for (Pair p : q.pairs()) if (!matchOptions.contains(p.right())) matchOptions.add(p.right());
            Collections.shuffle(matchOptions, random);
        }
        return new AskedQuestion(number, q, choices, matchOptions);
    }
}
