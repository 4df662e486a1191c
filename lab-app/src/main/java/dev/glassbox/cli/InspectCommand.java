package dev.glassbox.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.cli.template.GoTemplate;
import dev.glassbox.cli.template.TemplateException;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Show containers (or images) as JSON, in Docker's shape.",
        footerHeading = "%nExamples:%n", footer = {"  glassbox inspect web", "  glassbox inspect base",
                "  glassbox inspect -f '{{.State.Pid}}' web",
                "  glassbox inspect -f '{{.GraphDriver.Data.UpperDir}}' web",
                "  glassbox inspect -f '{{range .Mounts}}{{.Source}} {{end}}' web"})
final class InspectCommand extends Verb {
    @Parameters(arity = "1..*", paramLabel = "NAME") List<String> names;

    @Mixin FormatOption format;

    @Override
    public Integer call() {
        return printAll(this, format, names, ref -> {
            try {
                return client().inspect(ref);
            } catch (EngineException e) {
                if (e.status() != 404) throw e;
                try {
                    return client().imageInspect(ref);
                } catch (EngineException e2) {
                    if (e2.status() != 404) throw e2;
                    throw new EngineException(404, "No such object: " + ref);
                }
            }
        });
    }

    /**
     * Prints one JSON array of what {@code get} finds, as docker inspect does, or with --format each
     * object through the template, one line each; 125 if any was missing or the template failed on it.
     */
    static int printAll(Verb v, FormatOption format, List<String> refs, Function<String, JsonNode> get) {
        GoTemplate template = format.template();
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        int rc = 0;
        for (String ref : refs) {
            try {
                JsonNode found = get.apply(ref);
                if (template == null) a.add(found);
                else v.out().println(template.render(found));
            } catch (EngineException e) {
                v.err().println("glassbox: " + e.getMessage());
                rc = Main.EXIT_GLASSBOX_ERROR;
            } catch (TemplateException e) {
                v.err().println("glassbox: --format on " + ref + ": " + e.getMessage());
                rc = Main.EXIT_GLASSBOX_ERROR;
            }
        }
        if (template == null) printJson(a, v.out());
        return rc;
    }

    /** Docker's layout: four-space indent, "key": value. */
    static void printJson(JsonNode n, PrintStream out) {
        DefaultIndenter four = new DefaultIndenter("    ", "\n");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        pp.indentArraysWith(four);
        pp.indentObjectsWith(four);
        try {
            out.println(DockerJson.MAPPER.writer(pp).writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print JSON: " + e.getOriginalMessage());
        }
    }
}
