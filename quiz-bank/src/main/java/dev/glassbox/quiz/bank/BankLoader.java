package dev.glassbox.quiz.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.glassbox.quiz.model.Figure;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a question bank laid out as {@code topics.yaml}, {@code session-N/<topic>.yaml} (one
 * file per topic listed in {@code topics.yaml}) and {@code figures/<file>}, either from the
 * classpath (the bank shipped in this jar, under {@code questions/}) or from a directory.
 */
public final class BankLoader {
    /** Where the bundled bank lives on the classpath. */
    public static final String BUNDLED_ROOT = "questions/";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Opens a file of the bank by its relative path, or empty if there is none. */
    @FunctionalInterface
    public interface Source {
        Optional<InputStream> open(String relativePath) throws IOException;

        /** Where the files come from, for messages. */
        default String describe(String relativePath) {
            return relativePath;
        }
    }

    private BankLoader() {
    }

    /** The bank shipped with Glassbox. */
    public static QuestionBank loadBundled() {
        ClassLoader cl = BankLoader.class.getClassLoader();
        return load(new Source() {
            @Override
            public Optional<InputStream> open(String relativePath) {
                return Optional.ofNullable(cl.getResourceAsStream(BUNDLED_ROOT + relativePath));
            }

            @Override
            public String describe(String relativePath) {
                return "classpath:" + BUNDLED_ROOT + relativePath;
            }
        });
    }

    /** A bank in a directory with the same layout as the bundled one. */
    public static QuestionBank loadDirectory(Path root) {
        return load(new Source() {
            @Override
            public Optional<InputStream> open(String relativePath) throws IOException {
                Path p = root.resolve(relativePath);
                return Files.isRegularFile(p) ? Optional.of(Files.newInputStream(p)) : Optional.empty();
            }

            @Override
            public String describe(String relativePath) {
                return root.resolve(relativePath).toString();
            }
        });
    }

    public static QuestionBank load(Source source) {
        TopicsFile topics = read(source, "topics.yaml", TopicsFile.class);
        List<Question> questions = new ArrayList<>();
        for (Topic t : topics.topics()) {
            String rel = fileOf(t);
            QuestionFile file = read(source, rel, QuestionFile.class);
            if (file.session() != t.session() || !t.id().equals(file.topic())) {
                throw new BankFormatException(source.describe(rel) + ": says session " + file.session()
                        + " topic '" + file.topic() + "' but topics.yaml puts it in session " + t.session()
                        + " topic '" + t.id() + "'; make them agree");
            }
            for (Question q : file.questions()) {
                Question placed = q.withPlacement(t.session(), t.id());
                if (placed.figure() != null) {
                    placed = placed.withFigure(placed.figure().withContent(
                            readBytes(source, "figures/" + placed.figure().file())));
                }
                questions.add(placed);
            }
        }
        return new QuestionBank(topics.topics(), questions);
    }

    /** The relative path of a topic's question file. */
    public static String fileOf(Topic t) {
        return "session-" + t.session() + "/" + t.id() + ".yaml";
    }

    public static QuestionFile readQuestionFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.readValue(in, QuestionFile.class);
        } catch (JsonProcessingException e) {
            throw new BankFormatException(file + ": " + e.getOriginalMessage() + " (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read question file " + file, e);
        }
    }

    /**
     * Writes a bank in the directory layout (topics.yaml, one file per topic, figures),
     * e.g. after an import; figures are written from their embedded content.
     */
    public static void writeDirectory(QuestionBank bank, Path root) throws IOException {
        Files.createDirectories(root);
        YAML.writeValue(root.resolve("topics.yaml").toFile(), new TopicsFile(bank.topics()));
        for (Topic t : bank.topics()) {
            List<Question> qs = bank.questions().stream().filter(q -> q.topic().equals(t.id()))
                    .map(q -> q.withPlacement(0, null)).toList();
            Path f = root.resolve(fileOf(t));
            Files.createDirectories(f.getParent());
            YAML.writeValue(f.toFile(), new QuestionFile(t.session(), t.id(), qs));
        }
        for (Question q : bank.questions()) {
            Figure fig = q.figure();
            if (fig != null && fig.base64() != null) {
                Path f = root.resolve("figures").resolve(fig.file());
                Files.createDirectories(f.getParent());
                Files.write(f, fig.bytes());
            }
        }
    }

    public static ObjectMapper yaml() {
        return YAML;
    }

    private static <T> T read(Source source, String rel, Class<T> type) {
        try (InputStream in = source.open(rel).orElseThrow(() -> new BankFormatException(
                source.describe(rel) + ": missing; every topic in topics.yaml needs its question file"))) {
            return YAML.readValue(in, type);
        } catch (JsonProcessingException e) {
            throw new BankFormatException(source.describe(rel) + ": " + e.getOriginalMessage() + " (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.describe(rel), e);
        }
    }

    private static byte[] readBytes(Source source, String rel) {
        try (InputStream in = source.open(rel).orElseThrow(() -> new BankFormatException(
                source.describe(rel) + ": figure file missing; add it or remove the figure from the question"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.describe(rel), e);
        }
    }
}
