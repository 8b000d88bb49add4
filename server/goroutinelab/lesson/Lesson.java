package goroutinelab.lesson;

import goroutinelab.engine.Injection;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;

import java.util.List;

/**
 * A lesson as loaded from its YAML file (spec/lesson-format.md): metadata,
 * the machine, the program, and the narrated script with its expectations.
 */
public record Lesson(
        String id,
        int order,
        I18n title,
        I18n summary,
        String goVersion,
        I18n simplifies,
        Model model,
        RuntimeConfig runtime,
        Program program,
        List<Step> steps,
        String file) {

    public enum Model { GO, CPYTHON, COMPARE }

    /** Seconds the catalogue's time estimate allows for one script step: read its narration, watch the board. */
    public static final int SECONDS_PER_STEP = 30;
    /** Seconds it allows for a quiz: read the question, think, choose, read the answer. */
    public static final int SECONDS_PER_QUIZ = 30;

    /**
     * About how many minutes the lesson takes, for the catalogue: {@link #SECONDS_PER_STEP}
     * a step and {@link #SECONDS_PER_QUIZ} a quiz, rounded up to whole minutes. The
     * detail behind "more" is not counted: a learner reads it when they choose to.
     */
    public int minutes() {
        long quizzes = steps.stream().filter(s -> s.quiz() != null).count();
        long seconds = (long) steps.size() * SECONDS_PER_STEP + quizzes * SECONDS_PER_QUIZ;
        return (int) Math.max(1, (seconds + 59) / 60);
    }

    /**
     * One script entry: narration (what is read at a glance, and {@code more}: the
     * detail behind the player's "more", empty when the step has none), injections,
     * how far to run, what must then hold.
     */
    public record Step(I18n say, I18n more, List<Injection> inject, Run run, List<Expect> expect,
                       List<String> focus, Quiz quiz, YamlTree.Pos pos, YamlTree.Pos runPos) {
    }

    /**
     * How far a step advances the engine. For UNTIL_EVENT, count 0 means "the next
     * such event"; count n >= 1 means "until it has happened n times since the
     * start of the run" (already true: nothing runs).
     */
    public record Run(Kind kind, long steps, String untilEvent, Integer g, int count, long timeNs, int limit) {
        public static final int DEFAULT_LIMIT = 100_000;

        public enum Kind { NONE, STEPS, UNTIL_EVENT, UNTIL_END, TIME }

        public static final Run NONE = new Run(Kind.NONE, 0, null, null, 0, 0, DEFAULT_LIMIT);

        public String describe() {
            return switch (kind) {
                case NONE -> "no run";
                case STEPS -> steps + " steps";
                case UNTIL_EVENT -> "until " + untilEvent + (g != null ? " of G" + g : "") + (count > 0 ? " (" + count + " times since the start)" : "");
                case UNTIL_END -> "until end";
                case TIME -> "until time " + goroutinelab.engine.Fmt.time(timeNs);
            };
        }
    }

    /** {@code path: value}, where a string value may start with a comparison (<, <=, >, >=, !=). */
    public record Expect(String path, Object value, YamlTree.Pos pos) {
    }

    public record Quiz(I18n ask, List<I18n> choices, int answer, I18n explain) {
    }
}
