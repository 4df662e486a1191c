package dev.glassbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Show a container's output (stdout and stderr, as the engine kept them).",
        footerHeading = "%nExamples:%n", footer = {"  glassbox logs web", "  glassbox logs -f --tail 10 web"})
final class LogsCommand extends Verb {
    @Option(names = {"-f", "--follow"}, description = "Keep showing new output until the container stops.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines (default: all).")
    String tail;

    @Parameters(paramLabel = "CONTAINER") String container;

    @Override
    public Integer call() {
        if (tail != null && !tail.equals("all") && !tail.matches("\\d+")) {
            throw new CliException("invalid --tail \"" + tail + "\": use a number of lines or all");
        }
        client().logs(container, follow, tail, out());
        return 0;
    }
}
