package goroutinelab.real;

import goroutinelab.lesson.LessonError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code export LESSON.yaml [-o main.go]}: the lesson's program as a Go program. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a lesson's program as a Go program (main.go): each op with a comment naming its lesson line. "
                + "Exit 0: written; 2: the lesson is invalid or has no Go program.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LESSON.yaml", description = "The lesson file.")
    Path lesson;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    private final PrintStream out;
    private final PrintStream err;

    public ExportCommand() {
        this(System.out, System.err);
    }

    ExportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        GoExport.GoProgram p;
        try {
            p = GoExport.export(lesson);
        } catch (LessonError e) {
            e.problems().forEach(err::println);
            return 2;
        } catch (ExportError e) {
            err.println(e.getMessage());
            return 2;
        }
        if (output == null) {
            out.print(p.source());
            return 0;
        }
        try {
            Files.writeString(output, p.source(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(output + ": cannot write (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
        if (p.cgo()) {
            err.println("note: this program calls C (cgo, lessons/" + p.lessonId() + ".yaml:" + p.cgoLine()
                    + "): building it needs a C compiler (gcc or cc) and CGO_ENABLED=1");
        }
        return 0;
    }
}
