package dev.glassbox.cli.quiz;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.bank.Problem;
import dev.glassbox.quiz.bank.Validator;
import dev.glassbox.quiz.exchange.GiftReader;
import dev.glassbox.quiz.exchange.ImportResult;
import dev.glassbox.quiz.exchange.MoodleXmlReader;
import dev.glassbox.quiz.model.QuestionBank;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code glassbox quiz import}: reads GIFT or Moodle XML, checks it, and writes it as a bank directory. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read questions from GIFT or Moodle XML and check them.",
                "With --into, write them as a question bank directory (topics.yaml, session-N/<topic>.yaml,",
                "figures/) that --bank accepts."})
public final class QuizImportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "the file to import (.gift/.txt or .xml)")
    Path file;

    @Option(names = "--format", description = "gift or moodle-xml (default: from the file's content)")
    String format;

    @Option(names = "--session", defaultValue = "1",
            description = "session for categories that do not name one (default ${DEFAULT-VALUE})")
    int session;

    @Option(names = "--into", description = "write the imported bank into this directory")
    Path into;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("quiz import: " + file + " is not a file; give a GIFT or Moodle XML file");
            return 2;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean xml = format != null ? format.toLowerCase(java.util.Locale.ROOT).contains("xml")
                : text.stripLeading().startsWith("<");
        ImportResult result = xml ? MoodleXmlReader.read(text, session) : GiftReader.read(text, session);
        QuestionBank bank = result.bank();
        out.printf("read %d questions in %d categories from %s (%s)%n", bank.questions().size(), bank.topics().size(),
                file, xml ? "Moodle XML" : "GIFT");
        bank.byTopic().forEach((t, qs) -> out.printf("  session %d / %-24s %3d%n", qs.getFirst().session(), t, qs.size()));
        for (String w : result.warnings()) err.println("warning: " + w);
        List<Problem> problems = Validator.validate(bank);
        for (Problem p : problems) err.println("problem: " + p);
        if (into != null) {
            BankLoader.writeDirectory(bank, into);
            out.println("wrote the bank to " + into + " (use it with: glassbox quiz --bank " + into + ")");
        }
        return problems.isEmpty() ? 0 : 1;
    }
}
