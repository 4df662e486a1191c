package dev.glassbox.cli.quiz;

import dev.glassbox.quiz.exchange.Exportable;
import dev.glassbox.quiz.exchange.GiftWriter;
import dev.glassbox.quiz.exchange.MoodleXmlWriter;
import dev.glassbox.quiz.model.QuestionBank;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code glassbox quiz export}: the bank as Moodle XML or GIFT, for Moodle's question import. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the bank as Moodle XML or GIFT for Moodle's question import.",
                "Moodle XML has one category per session and topic and embeds figures; GIFT has no figures.",
                "Live questions are left out: their answer exists only on a learner's machine."})
public final class QuizExportCommand implements Callable<Integer> {
    /** The export formats. */
    public enum Format { MOODLE_XML, GIFT }

    @Spec CommandSpec spec;

    @Option(names = "--format", required = true, converter = FormatConverter.class,
            description = "moodle-xml or gift")
    Format format;

    @Option(names = "--session", description = "only this session (1, 2 or 3)")
    Integer session;

    @Option(names = "--topic", description = "only this topic")
    String topic;

    @Option(names = {"-o", "--output"}, description = "write to this file instead of stdout")
    Path output;

    @Option(names = "--bank", description = "a question bank directory instead of the bundled one")
    Path bankDir;

    @Override
    public Integer call() throws Exception {
        QuestionBank bank = QuizCommand.loadBank(bankDir).session(session).topic(topic);
        String text = format == Format.GIFT ? GiftWriter.write(bank) : MoodleXmlWriter.write(bank);
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        }
        int live = Exportable.leftOut(bank).size();
        spec.commandLine().getErr().printf("exported %d questions as %s%s%s%n", Exportable.of(bank).questions().size(),
                format == Format.GIFT ? "GIFT" : "Moodle XML", output == null ? "" : " to " + output,
                live == 0 ? "" : " (" + live + " live questions left out)");
        return 0;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "moodle-xml", "moodle", "xml" -> Format.MOODLE_XML;
                case "gift" -> Format.GIFT;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "unknown format '" + value + "': use moodle-xml or gift");
            };
        }
    }
}
