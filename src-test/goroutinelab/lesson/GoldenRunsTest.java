package goroutinelab.lesson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Timeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing moved: every bundled, conformance, tutorial and browser-test lesson
 * is played straight through its script, and every event (kind, step, time,
 * g, m, p, both texts, detail) and the snapshot at the end of every script
 * step are hashed, per script step, against src-test/resources/golden/runs.txt,
 * which was recorded before the engine was restructured.
 *
 * <p>{@code -Dgolden.write=true} rewrites the file (only when a change of
 * behaviour is meant); {@code -Dgolden.dump=DIR} also writes every lesson's
 * full trace to DIR, to diff against a trace of the old code.
 */
class GoldenRunsTest {
    static final Path GOLDEN = Path.of("src-test/resources/golden/runs.txt");
    static final List<Path> DIRS = List.of(Path.of("lessons"), Path.of("src-test/resources/conformance"),
            Path.of("src-test/resources/tutorial"), Path.of("src-test/resources/e2e-lessons"));
    /** Keys in order: a map's order is no behaviour (and a Map.of's order changes from one JVM to the next). */
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Test
    void everyLessonPlaysExactlyAsRecorded() throws Exception {
        Map<String, List<String>> now = new TreeMap<>();
        String dump = System.getProperty("golden.dump");
        for (Path f : files()) {
            StringBuilder trace = dump == null ? null : new StringBuilder();
            now.put(f.toString(), play(LessonLoader.load(f), trace));
            if (trace != null) {
                Path out = Path.of(dump).resolve(f.toString().replace('/', '_') + ".trace");
                Files.createDirectories(out.getParent());
                Files.writeString(out, trace);
            }
        }
        StringBuilder text = new StringBuilder();
        now.forEach((file, steps) -> steps.forEach(s -> text.append(file).append(' ').append(s).append('\n')));
        if (Boolean.getBoolean("golden.write")) {
            Files.writeString(GOLDEN, text);
            return;
        }
        List<String> want = Files.readAllLines(GOLDEN);
        List<String> got = List.of(text.toString().split("\n"));
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            assertThat(got.get(i)).as("line " + (i + 1) + " of " + GOLDEN + " (lesson file, script step, events, hashes)")
                    .isEqualTo(want.get(i));
        }
        assertThat(got).hasSameSizeAs(want);
    }

    static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : DIRS) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(Course::isLessonFile).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** Plays the script as the Player does (injections, then the run) and hashes each script step's events and end state. */
    static List<String> play(Lesson lesson, StringBuilder trace) throws Exception {
        Timeline t = new Timeline(Engines.create(lesson, lesson.runtime()));
        List<String> out = new ArrayList<>();
        int i = 0;
        for (Lesson.Step step : lesson.steps()) {
            i++;
            for (Injection inj : step.inject()) {
                t.inject(inj);
            }
            MessageDigest events = sha();
            long[] count = new long[1];
            run(t, step.run(), e -> {
                String line = line(e);
                events.update(line.getBytes(StandardCharsets.UTF_8));
                count[0]++;
                if (trace != null) {
                    trace.append(line);
                }
            });
            String snap = JSON.writeValueAsString(t.engine().snapshot());
            if (trace != null) {
                trace.append("== end of script step ").append(i).append(": ").append(snap).append('\n');
            }
            out.add("step " + i + " events " + count[0] + " " + hex(events) + " state "
                    + hex(sha(snap)) + " at " + t.step() + " t=" + t.engine().now());
        }
        return out;
    }

    static String line(Event e) {
        return e.kind().wire() + " #" + e.step() + " @" + e.time() + " g=" + e.g() + " m=" + e.m() + " p=" + e.p()
                + " | " + e.text("en") + " | " + e.text("zh") + " | " + e.detail() + "\n";
    }

    private static void run(Timeline t, Lesson.Run run, java.util.function.Consumer<Event> sink) {
        Engine engine = t.engine();
        switch (run.kind()) {
            case NONE -> {
            }
            case STEPS -> {
                for (long k = 0; k < run.steps(); k++) {
                    if (!add(t.forward(), sink)) {
                        return;
                    }
                }
            }
            case UNTIL_END -> {
                for (int k = 0; k < run.limit(); k++) {
                    if (!add(t.forward(), sink)) {
                        return;
                    }
                }
            }
            case TIME -> {
                for (int k = 0; k < run.limit(); k++) {
                    if (!add(t.forward(run.timeNs()), sink)) {
                        return;
                    }
                }
            }
            default -> {
                if (run.count() > 0 && t.engine().eventCount(run.untilEvent(), run.g()) >= run.count()) {
                    return;
                }
                for (int k = 0; k < run.limit(); k++) {
                    Event e = t.forward();
                    if (!add(e, sink)) {
                        return;
                    }
                    boolean kind = e.kind().wire().equals(run.untilEvent()) && (run.g() == null || run.g().equals(e.g()));
                    if (kind && (run.count() == 0 || t.engine().eventCount(run.untilEvent(), run.g()) >= run.count())) {
                        return;
                    }
                }
            }
        }
        assertThat(engine).isNotNull();
    }

    private static boolean add(Event e, java.util.function.Consumer<Event> sink) {
        if (e == null) {
            return false;
        }
        sink.accept(e);
        return true;
    }

    private static MessageDigest sha() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    private static MessageDigest sha(String s) throws NoSuchAlgorithmException {
        MessageDigest d = sha();
        d.update(s.getBytes(StandardCharsets.UTF_8));
        return d;
    }

    private static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest()).substring(0, 24);
    }
}
