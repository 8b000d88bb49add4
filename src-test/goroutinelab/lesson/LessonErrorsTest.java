package goroutinelab.lesson;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every class of authoring error gets file, line, column and what was expected. */
class LessonErrorsTest {

    private static final String GOOD = """
            format: 1
            id: demo
            title: Demo
            runtime: {gomaxprocs: 2}
            channels:
              jobs: {cap: 1}
            functions:
              main:
                - go: {fn: worker, count: 2}
                - send: jobs
                - compute: 200us
              worker:
                - recv: jobs
            steps:
              - say: Go.
                run: {until: end}
                expect:
                  process.exited: true
            """;

    private static LessonError.Problem only(String yaml) {
        LessonError e = catchThrowableOfType(LessonError.class, () -> LessonLoader.parse(yaml, "lessons/demo.yaml", "demo"));
        assertThat(e).as("the lesson should be refused").isNotNull();
        return e.problems().get(0);
    }

    @Test
    void aGoodLessonLoads() throws LessonError {
        Lesson l = LessonLoader.parse(GOOD, "lessons/demo.yaml", "demo");
        assertThat(l.runtime().gomaxprocs()).isEqualTo(2);
        assertThat(l.program().functions()).containsKeys("main", "worker");
        assertThat(Checker.play(l, System.nanoTime()).ok()).isTrue();
    }

    @Test
    void yamlSyntax() {
        LessonError.Problem p = only(GOOD.replace("  jobs: {cap: 1}", "  jobs: {cap: 1"));
        assertThat(p.toString()).startsWith("lessons/demo.yaml:");
        assertThat(p.message()).startsWith("YAML syntax:").contains("expected ',' or '}'");
        assertThat(p.line()).isBetween(6, 8);
    }

    @Test
    void unknownKeyWithDidYouMean() {
        LessonError.Problem p = only(GOOD.replace("    run: {until: end}", "    rnu: {until: end}"));
        assertThat(p.line()).isEqualTo(16);
        assertThat(p.col()).isEqualTo(5);
        assertThat(p.message()).contains("unknown key 'rnu'").contains("did you mean 'run'?");
    }

    @Test
    void unknownOpWithDidYouMean() {
        LessonError.Problem p = only(GOOD.replace("    - compute: 200us", "    - compte: 200us"));
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.col()).isEqualTo(7);
        assertThat(p.message()).isEqualTo(p.message()).contains("unknown op 'compte'").contains("did you mean 'compute'?");
    }

    @Test
    void wrongType() {
        LessonError.Problem p = only(GOOD.replace("{gomaxprocs: 2}", "{gomaxprocs: two}"));
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.col()).isEqualTo(23);
        assertThat(p.message()).contains("expected a whole number").contains("got 'two'");
    }

    @Test
    void durationWithoutUnit() {
        LessonError.Problem p = only(GOOD.replace("compute: 200us", "compute: 200"));
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.col()).isEqualTo(16);
        assertThat(p.message()).contains("expected a duration with a unit (ns, us, ms or s)");
    }

    @Test
    void unknownFunction() {
        LessonError.Problem p = only(GOOD.replace("fn: worker", "fn: wroker"));
        assertThat(p.line()).isEqualTo(9);
        assertThat(p.message()).isEqualTo("unknown function 'wroker' (did you mean 'worker'?); the lesson defines: main, worker");
    }

    @Test
    void unknownChannel() {
        LessonError.Problem p = only(GOOD.replace("- recv: jobs", "- recv: job"));
        assertThat(p.line()).isEqualTo(13);
        assertThat(p.col()).isEqualTo(13);
        assertThat(p.message()).contains("unknown channel 'job' (did you mean 'jobs'?)");
    }

    @Test
    void expectPathThatIsNotInTheSnapshot() {
        LessonError.Problem p = only(GOOD.replace("process.exited: true", "p.0.runqq: []"));
        assertThat(p.line()).isEqualTo(18);
        assertThat(p.col()).isEqualTo(7);
        assertThat(p.message()).contains("has no field 'runqq'").contains("did you mean 'runq'?");
    }

    @Test
    void idMustMatchTheFileName() {
        LessonError e = catchThrowableOfType(LessonError.class, () -> LessonLoader.parse(GOOD, "lessons/other.yaml", "other"));
        assertThat(e.problems().get(0).line()).isEqualTo(2);
        assertThat(e.problems().get(0).message()).contains("must equal the file name 'other'");
    }

    @Test
    void unknownUntilEvent() {
        LessonError.Problem p = only(GOOD.replace("{until: end}", "{until: runqstel}"));
        assertThat(p.message()).contains("unknown event 'runqstel' (did you mean 'runqsteal'?)");
    }

    @Test
    void anUntilThatNeverHappensFailsTheCheckAtItsRunLine() throws LessonError {
        Lesson l = LessonLoader.parse(GOOD.replace("{until: end}", "{until: retake, limit: 5}")
                .replace("    expect:\n      process.exited: true\n", ""), "lessons/demo.yaml", "demo");
        Checker.Result r = Checker.play(l, System.nanoTime());
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0)).startsWith("lessons/demo.yaml:16:5: step 1: run until retake did not finish within 5 steps");
    }

    @Test
    void aliasesAreRefused() {
        LessonError.Problem p = only(GOOD.replace("title: Demo", "title: &t Demo\nsummary: *t"));
        assertThat(p.message()).contains("aliases");
    }

    @Test
    void callCyclesAreRefused() {
        LessonError.Problem p = only(GOOD.replace("  worker:\n    - recv: jobs", "  worker:\n    - call: worker"));
        assertThat(p.message()).contains("calls itself (worker → worker)");
    }

    @Test
    void quizAnswerOutOfRange() {
        LessonError.Problem p = only(GOOD.replace("  - say: Go.", "  - say: Go.\n    quiz:\n      ask: Which one?\n      choices: [a, b]\n      answer: 2"));
        assertThat(p.message()).contains("answer 2 is not a choice");
    }
}
