package goroutinelab.lesson;

import goroutinelab.engine.Injection;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One step model: every way of moving sets a position in the lesson's own run,
 * the script step shown is the one whose range holds it, and Next from there
 * goes to the end of the next script step, where the lesson's expectations hold.
 */
class PlayerTest {

    private static Stream<Path> lessons() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("lessons"))) {
            return s.filter(Course::isLessonFile).sorted().toList().stream();
        }
    }

    /** The state at the end of each script step is the same however the learner got there. */
    @TestFactory
    Stream<DynamicTest> stepsThenNextReachTheStateTheScriptExpects() throws IOException {
        return lessons().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            Lesson l = LessonLoader.load(f);
            ScriptMap map = new ScriptMap(l, Long.MAX_VALUE);
            for (long seed = 1; seed <= 8; seed++) {
                SplittableRandom r = new SplittableRandom(seed);
                Player p = new Player(map, Long.MAX_VALUE);
                for (int move = 0; move < 60 && p.cursor() < l.steps().size(); move++) {
                    String where = f + " seed " + seed + " move " + move;
                    int kind = r.nextInt(4);
                    Player.Moved m;
                    if (kind == 0) {
                        int from = p.cursor();
                        m = p.next();
                        assertThat(p.cursor()).as(where + ": Next shows the next script step").isEqualTo(from + 1);
                        assertThat(p.timeline().step()).as(where).isEqualTo(map.span(from + 1).end());
                        assertThat(m.failures()).as(where + ": the lesson's expectations hold").isEmpty();
                        expectationsHold(l, p, where);
                    } else if (kind == 1) {
                        p.step(1 + r.nextInt(4));
                    } else if (kind == 2) {
                        p.back(1 + r.nextInt(3));
                    } else {
                        p.seek(r.nextInt((int) Math.max(1, map.end() + 2)));
                    }
                    shownStepHoldsThePosition(map, p, where);
                }
            }
        }));
    }

    private static void shownStepHoldsThePosition(ScriptMap map, Player p, String where) {
        long s = p.timeline().step();
        if (p.cursor() == 0) {
            assertThat(s).as(where + ": the introduction is at the start").isZero();
            return;
        }
        ScriptMap.Span sp = map.span(p.cursor());
        assertThat(s).as(where + ": position within script step " + p.cursor()).isBetween(sp.start(),
                p.cursor() == map.size() ? Long.MAX_VALUE : sp.end());
    }

    private static void expectationsHold(Lesson l, Player p, String where) {
        Map<String, Object> snap = p.engine().snapshot();
        for (Lesson.Expect e : l.steps().get(p.cursor() - 1).expect()) {
            assertThat(Expectations.check(snap, e)).as(where + " " + e.path()).isNull();
        }
    }

    /**
     * A move that says its last per-event state is the state it ended in
     * (the server's frame then takes no snapshot of its own) is right: the
     * engine's snapshot now is that state, whatever the move.
     */
    @TestFactory
    Stream<DynamicTest> aMovesLastStateMarkedAsNowIsTheEnginesStateNow() throws IOException {
        return lessons().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            Lesson l = LessonLoader.load(f);
            ScriptMap map = new ScriptMap(l, Long.MAX_VALUE);
            int marked = 0;
            for (long seed = 1; seed <= 3; seed++) {
                SplittableRandom r = new SplittableRandom(seed);
                Player p = new Player(map, Long.MAX_VALUE);
                for (int move = 0; move < 40 && !p.engine().ended(); move++) {
                    int kind = r.nextInt(5);
                    Player.Moved m;
                    if (kind == 0 && p.fork() == null) {
                        m = p.next(1 + r.nextInt(24));
                    } else if (kind == 1) {
                        p.back(1 + r.nextInt(3));
                        continue;
                    } else {
                        m = p.step(1 + r.nextInt(kind == 2 ? 30 : 2), 1 + r.nextInt(24));
                    }
                    if (m.lastStateIsNow()) {
                        marked++;
                        assertThat(m.states()).isNotEmpty();
                        assertThat(m.states().get(m.states().size() - 1)).as(f + " seed " + seed + " move " + move)
                                .isEqualTo(p.engine().snapshot());
                    }
                }
            }
            assertThat(marked).as(f + ": moves that end on their last event's state").isPositive();
        }));
    }

    @Test
    void arrowsThroughAScriptStepThenNextCarryOnWithoutFailures() throws Exception {
        // the classroom's report: six single steps, then Next four times, used to show author errors
        Lesson l = LessonLoader.load(Path.of("lessons/syscalls-and-handoff.yaml"));
        Player p = new Player(l);
        for (int i = 0; i < 6; i++) {
            p.step(1);
            assertThat(p.span().start()).isLessThan(p.timeline().step());
        }
        int shown = p.cursor();
        for (int i = 1; i <= 4; i++) {
            Player.Moved m = p.next();
            assertThat(m.failures()).isEmpty();
            assertThat(p.cursor()).isEqualTo(shown + i);
            expectationsHold(l, p, "next " + i);
        }
    }

    @Test
    void aStepAloneOpensTheLessonsRunWithItsNarration() throws Exception {
        Lesson l = LessonLoader.load(Path.of("lessons/work-stealing.yaml"));
        ScriptMap map = new ScriptMap(l, Long.MAX_VALUE);
        map.cover(Long.MAX_VALUE);
        for (long s = 1; s <= map.end(); s++) {
            Player p = new Player(map, Long.MAX_VALUE);
            p.seek(s);
            int k = p.cursor();
            assertThat(k).as("step " + s).isPositive();
            assertThat(map.span(k).start()).isLessThan(s);
            assertThat(map.span(k).end()).isGreaterThanOrEqualTo(s);
            if (k < map.size()) {
                p.next();
                assertThat(p.timeline().step()).isEqualTo(map.span(k + 1).end());
            }
        }
    }

    @Test
    void anInjectionForksTheRunUntilTheLearnerGoesBackToTheLesson() throws Exception {
        Lesson l = LessonLoader.load(Path.of("lessons/goroutines-and-run-queues.yaml"));
        Player p = new Player(l);
        p.step(4);
        Map<String, Object> lessonState = p.engine().snapshot();
        p.inject(new Injection.StartGoroutine("worker"));
        assertThat(p.fork()).isEqualTo(4L);
        assertThat(p.forkToken()).matches("f1\\.[0-9a-f]{8}\\.4\\.[0-9]+\\.4o:worker");
        assertThatThrownBy(p::next).isInstanceOf(IllegalStateException.class);
        p.step(3);
        p.backToLesson();
        assertThat(p.fork()).isNull();
        assertThat(p.timeline().step()).isEqualTo(7);
        p.seek(4);
        assertThat(p.engine().snapshot()).isEqualTo(lessonState);
        assertThat(p.forkToken()).isNull();
    }

    @Test
    void aForkTokenRebuildsTheSameRunAndIsBoundToItsLesson() throws Exception {
        Lesson l = LessonLoader.load(Path.of("lessons/goroutines-and-run-queues.yaml"));
        Player a = new Player(l);
        a.step(4);
        a.inject(new Injection.Signal("SIGUSR1"));
        a.step(2);
        a.inject(new Injection.StartGoroutine("worker"));
        a.step(3);
        Player b = new Player(l);
        b.restoreFork(History.parse(a.forkToken(), l), a.timeline().step());
        assertThat(b.engine().snapshot()).isEqualTo(a.engine().snapshot());
        assertThat(b.forkToken()).isEqualTo(a.forkToken());
        Lesson other = LessonLoader.load(Path.of("lessons/work-stealing.yaml"));
        assertThatThrownBy(() -> new Player(other).restoreFork(History.parse(a.forkToken(), other), 3))
                .hasMessageContaining("another lesson");
    }

    @Test
    void aSwitchIsAnInjectionAndTheFrameSeesIt() throws Exception {
        Lesson l = LessonLoader.load(Path.of("lessons/async-preemption.yaml"));
        Player p = new Player(l);
        p.step(2);
        assertThat(p.switchOn("asyncPreemption")).isTrue();
        p.inject(new Injection.SetSwitch("asyncPreemption", false));
        assertThat(p.switchOn("asyncPreemption")).isFalse();
        assertThat(p.fork()).isEqualTo(2L);
        p.back(1);
        assertThat(p.switchOn("asyncPreemption")).as("before the switch was flipped").isTrue();
    }

    /** A budget that stops a move after a few short slices: moves stop often, at odd places. */
    private static final class Stingy implements Budget {
        private final SplittableRandom r;
        private int reportsLeft;

        Stingy(SplittableRandom r) {
            this.r = r;
            this.reportsLeft = r.nextInt(4);
        }

        @Override
        public long slice() {
            return 1 + r.nextInt(7);
        }

        @Override
        public boolean spend(long steps) {
            return reportsLeft-- > 0;
        }
    }

    /** A move its budget stops leaves a position like any other: what a seek there shows. */
    @TestFactory
    Stream<DynamicTest> aMoveItsBudgetStopsLeavesThePositionASeekThereGives() throws IOException {
        return lessons().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            Lesson l = LessonLoader.load(f);
            ScriptMap map = new ScriptMap(l, Long.MAX_VALUE);
            for (long seed = 1; seed <= 4; seed++) {
                SplittableRandom r = new SplittableRandom(seed);
                Player p = new Player(map, Long.MAX_VALUE);
                for (int move = 0; move < 40; move++) {
                    String where = f + " seed " + seed + " move " + move;
                    Budget b = new Stingy(r);
                    int kind = r.nextInt(4);
                    if (kind == 0 && p.cursor() < l.steps().size()) {
                        p.next(0, b);
                    } else if (kind == 1) {
                        p.step(1 + r.nextInt(40), 0, b);
                    } else if (kind == 2) {
                        p.back(1 + r.nextInt(30), b);
                    } else {
                        p.seek(r.nextInt((int) Math.max(1, map.end() + 2)), -1, b);
                    }
                    shownStepHoldsThePosition(map, p, where);
                    Player q = new Player(map, Long.MAX_VALUE);
                    q.seek(p.timeline().step(), p.cursor());
                    assertThat(q.cursor()).as(where).isEqualTo(p.cursor());
                    assertThat(q.timeline().applied()).as(where + ": the script's entries applied there").isEqualTo(p.timeline().applied());
                    assertThat(q.engine().snapshot()).as(where).isEqualTo(p.engine().snapshot());
                }
            }
        }));
    }

    @Test
    void theLessonsMapIsPlayedInSlicesThatABudgetCanStopAndALaterCallGoesOn() throws Exception {
        Lesson l = LessonLoader.parse("""
                format: 1
                id: long-map
                title: A long first step
                runtime: {gomaxprocs: 2, seed: 1}
                functions:
                  main:
                    - go: {fn: worker, count: 2}
                    - repeat: {times: 100000, do: [{compute: 100us}, gosched]}
                  worker:
                    - repeat: {times: 100000, do: [{compute: 50us}, {sleep: 20us}]}
                steps:
                  - say: Far.
                    run: {steps: 30000}
                """, "long-map.yaml", "long-map");
        ScriptMap map = new ScriptMap(l, Long.MAX_VALUE);
        long[] spent = {0};
        Budget tenThousand = steps -> (spent[0] += steps) < 10_000;
        int calls = 0;
        boolean known = false;
        while (!known && calls < 10) {
            spent[0] = 0;
            known = map.span(1, tenThousand);
            calls++;
            assertThat(spent[0]).as("one call plays at most its budget and one slice").isLessThan(10_000 + Budget.EVERY);
        }
        assertThat(known).isTrue();
        assertThat(calls).as("30,000 steps in calls of 10,000").isEqualTo(3);
        assertThat(map.span(1).end()).isEqualTo(30_000);
    }
}
