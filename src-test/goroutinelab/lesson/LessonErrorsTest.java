package goroutinelab.lesson;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every class of authoring error gets file, line, column and what was
 * expected: each test changes one thing in a good lesson and asserts the exact
 * message and where it points.
 */
class LessonErrorsTest {

    static final String GOOD = """
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

    /** The problems loading {@code yaml} as lessons/demo.yaml reports, as check prints them. */
    static List<String> problems(String yaml) {
        LessonError e = catchThrowableOfType(LessonError.class, () -> LessonLoader.parse(yaml, "lessons/demo.yaml", "demo"));
        assertThat(e).as("the lesson should be refused").isNotNull();
        return e.problems().stream().map(LessonError.Problem::toString).toList();
    }

    /** The one problem a change makes, as check prints it. */
    static String only(String yaml) {
        List<String> p = problems(yaml);
        assertThat(p).as("exactly one problem").hasSize(1);
        return p.get(0);
    }

    /** GOOD with one line replaced; fails if the line is not there, so a test cannot pass by changing nothing. */
    static String with(String line, String replacement) {
        assertThat(GOOD).contains(line);
        return GOOD.replace(line, replacement);
    }

    @Test
    void aGoodLessonLoadsAndPlays() throws LessonError {
        Lesson l = LessonLoader.parse(GOOD, "lessons/demo.yaml", "demo");
        assertThat(l.runtime().gomaxprocs()).isEqualTo(2);
        assertThat(l.program().functions()).containsKeys("main", "worker");
        assertThat(Checker.play(l, System.nanoTime()).ok()).isTrue();
    }

    @Nested
    class YamlSyntax {
        @Test
        void anUnclosedFlowMap() {
            assertThat(only(with("  jobs: {cap: 1}", "  jobs: {cap: 1")))
                    .isEqualTo("lessons/demo.yaml:6:9: YAML syntax: a {...} map is not closed, or lacks a comma: expected ',' or '}'"
                            + " (quote a text that holds , : ? or #) (noticed at line 7)");
        }

        @Test
        void aTabInTheIndentation() {
            assertThat(only(with("  main:", "\tmain:")))
                    .isEqualTo("lessons/demo.yaml:7:10: YAML syntax: a tab character: indent with spaces, not tabs");
        }

        @Test
        void indentationThatDoesNotLineUp() {
            assertThat(only(with("    - send: jobs", "     - send: jobs")))
                    .isEqualTo("lessons/demo.yaml:10:6: YAML syntax: the indentation does not line up: entries of one map or list"
                            + " start at the same column, and what belongs to a key is indented under it");
        }

        @Test
        void aColonInsideAPlainText() {
            assertThat(only(with("say: Go.", "say: Note: this is it")))
                    .isEqualTo("lessons/demo.yaml:15:14: YAML syntax: a ': ' inside a plain value: put the whole text in quotes,"
                            + " like say: \"Note: ...\"");
        }

        @Test
        void anUnclosedQuote() {
            assertThat(only(with("say: Go.", "say: \"Go.")))
                    .isEqualTo("lessons/demo.yaml:15:8: YAML syntax: a quoted text is never closed: add the closing quote");
        }

        @Test
        void aDuplicateKey() {
            assertThat(only(with("title: Demo", "title: Demo\ntitle: Again")))
                    .isEqualTo("lessons/demo.yaml:4:1: duplicate key 'title': each key may appear once here");
        }

        @Test
        void anEmptyFileAndAListInsteadOfAMap() {
            assertThat(only("")).isEqualTo("lessons/demo.yaml:1:1: the file is empty: expected a lesson (a YAML map)");
            assertThat(only("- a\n- b\n")).isEqualTo("lessons/demo.yaml:1:1: expected a lesson (a YAML map with format, id,"
                    + " title, functions, steps), got a list");
        }

        @Test
        void aliasesAreRefused() {
            assertThat(only(with("title: Demo", "title: &t Demo\nsummary: *t")))
                    .isEqualTo("lessons/demo.yaml:4:10: YAML aliases (*name) are not allowed in lessons: write the value out");
        }

        @Test
        void anEmptyOpReadsAsNullAsYamlMeansIt() throws LessonError {
            Lesson l = LessonLoader.parse(with("    - compute: 200us", "    - gosched:\n    - compute: 200us"),
                    "lessons/demo.yaml", "demo");
            assertThat(l.program().functions().get("main")).hasSize(4);
        }
    }

    @Nested
    class UnknownKeys {
        @Test
        void aStepKeyWithDidYouMean() {
            assertThat(only(with("    run: {until: end}", "    rnu: {until: end}")))
                    .isEqualTo("lessons/demo.yaml:16:5: unknown key 'rnu' in 'steps[0]' (did you mean 'run'?);"
                            + " expected one of: say, more, inject, run, expect, focus, quiz");
        }

        @Test
        void anEventsCountBesideUntilIsToldItBelongsInside() {
            assertThat(only(with("    run: {until: end}", "    run: {until: newproc, count: 3}")))
                    .isEqualTo("lessons/demo.yaml:16:27: unknown key 'count' in 'steps[0].run': count belongs inside until, as"
                            + " until: {event: newproc, count: 3}");
        }

        @Test
        void aTopLevelKey() {
            assertThat(only(with("title: Demo", "title: Demo\nsumary: x")))
                    .isEqualTo("lessons/demo.yaml:4:1: unknown key 'sumary' in the top level (did you mean 'summary'?); expected one of:"
                            + " format, id, order, title, summary, goVersion, simplifies, model, runtime, functions, channels, heap, inject, real, steps");
        }

        @Test
        void aRuntimeKey() {
            assertThat(only(with("{gomaxprocs: 2}", "{gomaxproc: 2}")))
                    .isEqualTo("lessons/demo.yaml:4:11: unknown key 'gomaxproc' in 'runtime' (did you mean 'gomaxprocs'?); expected one of:"
                            + " gomaxprocs, runqSize, asyncPreemption, writeBarrier, backgroundGoroutines, startup, gcWorkBuffers, gogc, heapMinimum, switchInterval, seed");
        }

        @Test
        void anOp() {
            assertThat(only(with("    - compute: 200us", "    - compte: 200us")))
                    .startsWith("lessons/demo.yaml:11:7: unknown op 'compte' (did you mean 'compute'?); expected one of: compute, loop, call, go,");
        }

        @Test
        void aKeyInsideAnOp() {
            assertThat(only(with("{fn: worker, count: 2}", "{fun: worker}")))
                    .isEqualTo("lessons/demo.yaml:9:12: unknown key 'fun' in 'functions.main[0].go' (did you mean 'fn'?); expected one of: fn, count");
        }

        @Test
        void anInjectedSwitch() {
            assertThat(only(with("    run: {until: end}", "    inject: {set: {asyncPreempt: false}}\n    run: {until: end}")))
                    .isEqualTo("lessons/demo.yaml:16:20: unknown key 'asyncPreempt' in 'steps[0].inject.set' (did you mean"
                            + " 'asyncPreemption'?); expected one of: asyncPreemption, writeBarrier");
        }

        @Test
        void aLanguageOtherThanEnAndZh() {
            assertThat(only(with("title: Demo", "title: {en: Demo, fr: Démo}")))
                    .isEqualTo("lessons/demo.yaml:3:19: unknown language 'fr' in 'title': a text is a plain string, or a map with en (required) and zh");
        }
    }

    @Nested
    class MissingKeys {
        @Test
        void atTheTopLevel() {
            assertThat(only(with("title: Demo\n", ""))).isEqualTo("lessons/demo.yaml:1:1: missing key 'title' in the top level");
        }

        @Test
        void mainIsRequired() {
            assertThat(only(with("  main:", "  mian:").replace("  worker:\n    - recv: jobs", "  worker:\n    - compute: 1us")))
                    .isEqualTo("lessons/demo.yaml:7:1: missing key 'main' in 'functions'");
        }

        @Test
        void theQuizAnswerSaysWhatItIs() {
            assertThat(only(with("  - say: Go.", "  - say: Go.\n    quiz: {ask: Q, choices: [a, b]}")))
                    .isEqualTo("lessons/demo.yaml:16:5: missing key 'answer' in 'steps[0].quiz' (the index of the right choice, counting from 0)");
        }

        @Test
        void aTimedInjectionWithoutItsTime() {
            assertThat(only(with("steps:", "inject:\n  - {signal: SIGUSR1}\nsteps:")))
                    .isEqualTo("lessons/demo.yaml:15:5: missing key 'at' in 'inject[0]'");
        }

        @Test
        void aNotifyWithoutAChannelOrHandler() {
            assertThat(only(with("    - compute: 200us", "    - notify: {signal: SIGUSR1}")))
                    .isEqualTo("lessons/demo.yaml:11:15: notify needs chan (Go: the channel signal.Notify sends to)"
                            + " or handler (the interpreter: the function signal.signal installs)");
        }

        @Test
        void aRunWithTwoKinds() {
            assertThat(only(with("{until: end}", "{until: end, steps: 3}")))
                    .isEqualTo("lessons/demo.yaml:16:10: a run needs exactly one of steps, until or time (it has 2)");
        }

        @Test
        void aRunWithoutAKind() {
            assertThat(only(with("{until: end}", "{limit: 3}")))
                    .isEqualTo("lessons/demo.yaml:16:10: a run needs exactly one of steps, until or time, like {until: end} or {steps: 10}");
        }
    }

    @Nested
    class WrongTypes {
        @Test
        void aWordWhereANumberBelongs() {
            assertThat(only(with("{gomaxprocs: 2}", "{gomaxprocs: two}")))
                    .isEqualTo("lessons/demo.yaml:4:23: expected a whole number from 1 to 64 at 'runtime.gomaxprocs', got 'two'");
        }

        @Test
        void aNumberOutOfRange() {
            assertThat(only(with("{gomaxprocs: 2}", "{gomaxprocs: 0}")))
                    .isEqualTo("lessons/demo.yaml:4:23: expected a whole number from 1 to 64 at 'runtime.gomaxprocs', got 0");
        }

        @Test
        void aWordWhereABooleanBelongs() {
            assertThat(only(with("{gomaxprocs: 2}", "{asyncPreemption: nope}")))
                    .isEqualTo("lessons/demo.yaml:4:28: expected a boolean at 'runtime.asyncPreemption', got 'nope'");
        }

        @Test
        void aMapWhereAListBelongs() {
            assertThat(only(with("  worker:\n    - recv: jobs", "  worker: {recv: jobs}")))
                    .isEqualTo("lessons/demo.yaml:12:11: expected a list at 'functions.worker', got a map");
        }

        @Test
        void oneOfSeveralAlternativesIsSaidOnce() {
            assertThat(only(with("{gomaxprocs: 2}", "{gogc: of}")))
                    .isEqualTo("lessons/demo.yaml:4:17: expected a whole number from 1 to 10000 or 'off' or false at 'runtime.gogc',"
                            + " got 'of' (did you mean 'off'?)");
        }

        @Test
        void aValueOutsideAnEnumeration() {
            assertThat(only(with("title: Demo", "title: Demo\nmodel: python")))
                    .isEqualTo("lessons/demo.yaml:4:8: expected one of go, cpython, compare at 'model', got 'python' (did you mean 'cpython'?)");
            assertThat(only(with("    run: {until: end}", "    inject: {signal: SIGUSR3}\n    run: {until: end}")))
                    .isEqualTo("lessons/demo.yaml:16:22: expected one of SIGUSR1, SIGUSR2, SIGINT, SIGTERM, SIGHUP, SIGURG, SIGPIPE"
                            + " at 'steps[0].inject.signal', got 'SIGUSR3' (did you mean 'SIGUSR1'?)");
        }

        @Test
        void anEmptyTextOrNone() {
            assertThat(only(with("say: Go.", "say:")))
                    .isEqualTo("lessons/demo.yaml:15:9: expected a string or a map at 'steps[0].say', got null");
            assertThat(only(with("say: Go.", "say: \"\"")))
                    .isEqualTo("lessons/demo.yaml:15:10: expected a text that is not empty at 'steps[0].say', got ''");
        }

        @Test
        void theFormatVersion() {
            assertThat(only(with("format: 1", "format: 2")))
                    .isEqualTo("lessons/demo.yaml:1:9: expected 1 at 'format', got 2 (this lab reads lesson format 1)");
        }

        @Test
        void anIdWithCapitals() {
            assertThat(only(with("id: demo", "id: Demo")))
                    .isEqualTo("lessons/demo.yaml:2:5: expected lower-case letters, digits and dashes at 'id', got 'Demo'");
        }

        @Test
        void theIdMustMatchTheFileName() {
            LessonError e = catchThrowableOfType(LessonError.class, () -> LessonLoader.parse(GOOD, "lessons/other.yaml", "other"));
            assertThat(e.problems().get(0).toString())
                    .isEqualTo("lessons/other.yaml:2:5: the id 'demo' must equal the file name 'other'");
        }

        @Test
        void anOpWrittenWithoutItsValue() {
            assertThat(only(with("    - compute: 200us", "    - compute")))
                    .isEqualTo("lessons/demo.yaml:11:7: op 'compute' needs a value, like compute: 100us");
            assertThat(only(with("    - compute: 200us", "    -")))
                    .isEqualTo("lessons/demo.yaml:11:6: an empty list entry: expected an op, like compute: 100us");
            assertThat(only(with("    - compute: 200us", "    - gosched: yes")))
                    .isEqualTo("lessons/demo.yaml:11:16: op 'gosched' takes no value: write it alone, as - gosched, got true");
        }

        @Test
        void twoOpsInOneEntry() {
            assertThat(only(with("    - compute: 200us", "    - compute: 200us\n      sleep: 1ms")))
                    .isEqualTo("lessons/demo.yaml:11:7: one list entry holds several ops (compute, sleep): give each op its own '- ' line");
        }

        @Test
        void aQuizAnswerThatIsNotAChoice() {
            assertThat(only(with("  - say: Go.", "  - say: Go.\n    quiz:\n      ask: Which one?\n      choices: [a, b]\n      answer: 2")))
                    .isEqualTo("lessons/demo.yaml:19:15: answer 2 is not a choice: with 2 choices it must be 0 to 1 (counting from 0)");
        }

        @Test
        void aComparisonWithoutANumber() {
            assertThat(only(with("process.exited: true", "stats.events.execute: \">= many\"")))
                    .isEqualTo("lessons/demo.yaml:18:29: expected a number after '>=', like \">= 1\", got '>= many'");
        }
    }

    @Nested
    class Units {
        @Test
        void aDurationWithoutAUnit() {
            assertThat(only(with("compute: 200us", "compute: 200")))
                    .isEqualTo("lessons/demo.yaml:11:16: expected a duration with a unit (ns, us, ms or s) at 'functions.main[2].compute',"
                            + " got 200: a number needs a unit, like 200us or 200ms");
        }

        @Test
        void aDurationWithAnUnknownUnitOrASpace() {
            assertThat(only(with("compute: 200us", "compute: 2min")))
                    .isEqualTo("lessons/demo.yaml:11:16: expected a duration with a unit (ns, us, ms or s) at 'functions.main[2].compute',"
                            + " got '2min'; write it like 200us or 1.5ms");
            assertThat(only(with("compute: 200us", "compute: 200 ms")))
                    .isEqualTo("lessons/demo.yaml:11:16: expected a duration with a unit (ns, us, ms or s) at 'functions.main[2].compute',"
                            + " got '200 ms': no space before the unit");
        }

        @Test
        void aRunTimeWithoutAUnit() {
            assertThat(only(with("{until: end}", "{time: 5}")))
                    .isEqualTo("lessons/demo.yaml:16:17: expected a duration with a unit (ns, us, ms or s) at 'steps[0].run.time',"
                            + " got 5: a number needs a unit, like 5us or 5ms");
        }

        @Test
        void aDurationTooLong() {
            assertThat(only(with("compute: 200us", "compute: 2000000s")))
                    .isEqualTo("lessons/demo.yaml:11:16: duration '2000000s' is longer than the lab allows (1h of simulated time)");
        }

        @Test
        void aSizeWithoutAUnit() {
            assertThat(only(with("    - compute: 200us", "    - alloc: {to: x, size: 64}")))
                    .isEqualTo("lessons/demo.yaml:11:28: expected a size with a unit (B, KB, MB or GB) at 'functions.main[2].alloc.size',"
                            + " got 64: a number needs a unit, like 64B or 64KB");
        }

        @Test
        void aSizeInLowerCase() {
            assertThat(only(with("    - compute: 200us", "    - alloc: {to: x, size: 64kb}")))
                    .isEqualTo("lessons/demo.yaml:11:28: expected a size with a unit (B, KB, MB or GB) at 'functions.main[2].alloc.size',"
                            + " got '64kb': write the unit as B, KB, MB or GB (upper case, powers of 1024)");
        }

        @Test
        void aHeapSizeAndARuntimeSizeWithoutAUnit() {
            assertThat(only(with("steps:", "heap:\n  objects:\n    A: {size: 1024}\nsteps:")))
                    .isEqualTo("lessons/demo.yaml:16:15: expected a size with a unit (B, KB, MB or GB) at 'heap.objects.A.size',"
                            + " got 1024: a number needs a unit, like 1024B or 1024KB");
            assertThat(only(with("{gomaxprocs: 2}", "{heapMinimum: 4}")))
                    .isEqualTo("lessons/demo.yaml:4:24: expected a size with a unit (B, KB, MB or GB) at 'runtime.heapMinimum',"
                            + " got 4: a number needs a unit, like 4B or 4KB");
        }
    }

    @Nested
    class UnknownNames {
        @Test
        void aFunction() {
            assertThat(only(with("fn: worker", "fn: wroker")))
                    .isEqualTo("lessons/demo.yaml:9:16: unknown function 'wroker' (did you mean 'worker'?); the lesson defines: main, worker");
        }

        @Test
        void aFunctionStartedByAnInjection() {
            assertThat(only(with("    run: {until: end}", "    inject: {go: wroker}\n    run: {until: end}")))
                    .isEqualTo("lessons/demo.yaml:16:18: unknown function 'wroker' (did you mean 'worker'?); the lesson defines: main, worker");
        }

        @Test
        void aChannel() {
            assertThat(only(with("- recv: jobs", "- recv: job")))
                    .isEqualTo("lessons/demo.yaml:13:13: unknown channel 'job' (did you mean 'jobs'?); the lesson declares: jobs");
        }

        @Test
        void aChannelWhenNoneAreDeclared() {
            assertThat(problems(with("channels:\n  jobs: {cap: 1}\n", ""))).containsExactly(
                    "lessons/demo.yaml:8:13: unknown channel 'jobs'; declare it under channels:",
                    "lessons/demo.yaml:11:13: unknown channel 'jobs'; declare it under channels:");
        }

        @Test
        void aHeapObject() {
            assertThat(only(with("steps:", "heap:\n  objects:\n    A: {size: 1KB, fields: {next: C}}\nsteps:")))
                    .isEqualTo("lessons/demo.yaml:16:35: unknown heap object 'C' (did you mean 'A'?); the heap declares: A");
        }

        @Test
        void anUntilEvent() {
            assertThat(only(with("{until: end}", "{until: runqstel}")))
                    .isEqualTo("lessons/demo.yaml:16:18: unknown event 'runqstel' (did you mean 'runqsteal'?); see docs/authoring.md for the event kinds");
        }

        @Test
        void anInvalidFunctionName() {
            assertThat(only(with("functions:", "functions:\n  9lives: []")))
                    .isEqualTo("lessons/demo.yaml:8:3: '9lives' is not a valid name in 'functions': expected letters, digits and _,"
                            + " not starting with a digit, at most 40 characters");
        }

        @Test
        void aCallCycle() {
            assertThat(only(with("  worker:\n    - recv: jobs", "  worker:\n    - call: worker")))
                    .isEqualTo("lessons/demo.yaml:12:3: function 'worker' calls itself (worker → worker): the recursion would never end;"
                            + " use repeat instead");
        }
    }

    @Nested
    class ExpectAndFocusPaths {
        @Test
        void aFieldTheSnapshotDoesNotHave() {
            assertThat(only(with("process.exited: true", "p.0.runqq: []")))
                    .isEqualTo("lessons/demo.yaml:18:7: expect path 'p.0.runqq': 'p.0' has no field 'runqq' (did you mean 'runq'?);"
                            + " it has: status, m, runnext, runq, runqCap, schedtick, syscalltick, timers");
        }

        @Test
        void aTopLevelPart() {
            assertThat(only(with("process.exited: true", "proces.exited: true")))
                    .startsWith("lessons/demo.yaml:18:7: expect path 'proces.exited': the snapshot has no field 'proces' (did you mean 'process'?); it has: ");
        }

        @Test
        void anEmptySegment() {
            assertThat(only(with("process.exited: true", "g..status: x")))
                    .isEqualTo("lessons/demo.yaml:18:7: expect path 'g..status' has an empty segment (two dots, or a dot at an end)");
        }

        @Test
        void aFocusPath() {
            assertThat(only(with("    run: {until: end}", "    focus: [g.1, g.1.stauts]\n    run: {until: end}")))
                    .startsWith("lessons/demo.yaml:16:18: focus path 'g.1.stauts': 'g.1' has no field 'stauts' (did you mean 'status'?)");
        }
    }

    @Nested
    class RunsThatFail {
        private Checker.Result play(String yaml) throws LessonError {
            return Checker.play(LessonLoader.parse(yaml, "lessons/demo.yaml", "demo"), System.nanoTime());
        }

        @Test
        void anUntilThatNeverHappensWithinItsLimitFailsAtTheRunLine() throws LessonError {
            Checker.Result r = play(with("{until: end}", "{until: retake, limit: 5}")
                    .replace("    expect:\n      process.exited: true\n", ""));
            assertThat(r.failures()).containsExactly("lessons/demo.yaml:16:5: step 1: run until retake did not finish within 5 steps"
                    + " (raise limit:, or check that it can happen)");
            assertThat(r.failing().get(0).line()).isEqualTo(16);
        }

        @Test
        void anUntilThatCannotHappenBeforeTheProgramEnds() throws LessonError {
            Checker.Result r = play(with("{until: end}", "{until: gcStart}")
                    .replace("    expect:\n      process.exited: true\n", ""));
            assertThat(r.failures()).containsExactly("lessons/demo.yaml:16:5: step 1: run until gcStart: the run ended before it"
                    + " happened (the process exited)");
        }

        @Test
        void aFailedExpectationPointsAtItsPath() throws LessonError {
            Checker.Result r = play(with("process.exited: true", "process.exited: false"));
            assertThat(r.failures()).containsExactly("lessons/demo.yaml:18:7: step 1: process.exited: expected false, got true");
        }
    }
}
