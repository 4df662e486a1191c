package dev.glassbox.cli;

import dev.glassbox.cli.template.GoTemplate;
import dev.glassbox.cli.template.TemplateException;
import picocli.CommandLine.Option;

/** Docker's {@code -f, --format} of the inspect verbs: a Go template run on each object's JSON. */
final class FormatOption {
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE",
            description = "Print each object through a Go template instead of as JSON.")
    String format;

    /** The parsed template; null without --format. Parsed before any request, so a typo changes nothing. */
    GoTemplate template() {
        return format == null ? null : parse(format, format, "{{.Name}}");
    }

    /** {@code text} (what the user gave as --format {@code given}, maybe trimmed) parsed; a mistake is one line naming both. */
    static GoTemplate parse(String given, String text, String example) {
        try {
            return GoTemplate.parse(text);
        } catch (TemplateException e) {
            throw new CliException("invalid --format \"" + given + "\": " + e.getMessage() + " (Go template syntax, e.g. '" + example + "')");
        }
    }
}
