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
        if (format == null) return null;
        try {
            return GoTemplate.parse(format);
        } catch (TemplateException e) {
            throw new CliException("invalid --format \"" + format + "\": " + e.getMessage()
                    + " (Go template syntax, e.g. '{{.Name}}')");
        }
    }
}
