package dev.glassbox.cli.quiz;

import dev.glassbox.quiz.bank.BankFormatException;
import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.bank.Problem;
import dev.glassbox.quiz.bank.QuestionFile;
import dev.glassbox.quiz.bank.Validator;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code glassbox quiz validate}: checks every question file of a bank (the bundled one by default). */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check question files: the bundled bank, a bank directory, or single question files.")
public final class QuizValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", description = "bank directories or question files (default: the bundled bank)")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Problem> problems = new ArrayList<>();
        int questions = 0;
        try {
            if (paths.isEmpty()) {
                QuestionBank bank = BankLoader.loadBundled();
                questions = bank.questions().size();
                problems.addAll(Validator.validate(bank));
            }
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    QuestionBank bank = BankLoader.loadDirectory(p);
                    questions += bank.questions().size();
                    problems.addAll(Validator.validate(bank));
                } else {
                    QuestionFile f = BankLoader.readQuestionFile(p);
                    for (Question q : f.questions()) {
                        questions++;
                        Validator.validate(q.withPlacement(f.session(), f.topic()), p.toString(), problems);
                    }
                }
            }
        } catch (BankFormatException e) {
            err.println("quiz validate: " + e.getMessage());
            return 1;
        }
        for (Problem p : problems) err.println(p);
        out.printf("%d questions checked, %d problem(s)%n", questions, problems.size());
        return problems.isEmpty() ? 0 : 1;
    }
}
