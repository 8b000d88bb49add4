package goroutinelab.lesson;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A lesson that cannot be played: every problem found, each with its file,
 * line, column and what was expected there.
 */
public final class LessonError extends Exception {
    private final List<Problem> problems;

    public LessonError(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("LessonError: no problems");
        }
        this.problems = List.copyOf(problems);
    }

    public LessonError(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One problem at a place in a file; line and column count from 1 (0 when unknown). */
    public record Problem(String file, int line, int col, String message) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line + ":" + col + ": " + message : file + ": " + message;
        }
    }
}
