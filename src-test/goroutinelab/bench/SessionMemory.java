package goroutinelab.bench;

import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Player;
import goroutinelab.web.Limits;
import goroutinelab.web.Session;
import org.openjdk.jol.info.GraphLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap one session holds, however long the student plays
 * (docs/performance.md): every object reachable from the session and from
 * nothing shared (the lesson, the lesson store), walked and summed by JOL,
 * after 10,000, 100,000 and 1,000,000 steps.
 */
public final class SessionMemory {

    public static void main(String[] args) throws Exception {
        System.out.println("SessionMemory: heap held by one session (MB), the lesson itself not counted");
        java.util.List<String> only = java.util.List.of(args);
        if (only.isEmpty() || only.contains("player")) {
            player(BenchLessons.thousandGoroutines());
        }
        if (only.isEmpty() || only.contains("session")) {
            session();
        }
        if (only.isEmpty() || only.contains("grown")) {
            try (var in = SessionMemory.class.getResourceAsStream("/bench/thousand-goroutines.yaml")) {
                grown("thousand-goroutines", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (only.isEmpty() || only.contains("grown3000")) {
            grown("three-thousand", HostileLoad.bigLesson());
        }
    }

    /**
     * The harness's grown sessions (HostileLoad --grown): the whole web Session
     * over the 1,000-goroutine lesson (or the slow readers' 3,000), frames as
     * patches, seeking 200,000 new steps a message up to a million. Also prints
     * the session's own estimate.
     */
    private static void grown(String id, String yaml) throws Exception {
        System.out.println(id + ": the whole web Session, patch frames, seek 200,000 steps a message (the harness's grown sessions)");
        Path dir = Files.createTempDirectory("lessons");
        Files.writeString(dir.resolve(id + ".yaml"), yaml);
        LessonStore store = LessonStore.folder(dir);
        Lesson lesson = store.get(id).orElseThrow().lesson();
        AtomicLong clock = new AtomicLong();
        long[] last = {0};
        Session s = new Session(store, Limits.defaults(), text -> {
            if (text.startsWith("{\"type\":\"frame\"")) {
                last[0] = Long.parseLong(text.replaceAll("^\\{\"type\":\"frame\",\"step\":(\\d+),.*$", "$1"));
            }
        }, clock::get);
        s.onMessage("{\"op\":\"load\",\"lesson\":\"" + id + "\",\"patch\":true}");
        // the lesson's shared map is not the session's: it is counted once per lesson
        GraphLayout shared = GraphLayout.parseInstance(store, lesson, goroutinelab.lesson.ScriptMap.of(lesson, Limits.defaults().maxStepsPerSession()));
        report(0, own(s, shared), -1, 0);
        estimate(s);
        long at = 0;
        while (at < 1_000_000) {
            // a seek stops where its CPU share runs out: the next goes on from there, as the harness's clients do
            long t0 = System.nanoTime();
            s.onMessage("{\"op\":\"seek\",\"step\":" + (at / 200_000 + 1) * 200_000 + "}");
            at = last[0];
            clock.addAndGet(5_000);
            if (at % 200_000 == 0) {
                report(at, own(s, shared), -1, (System.nanoTime() - t0) / 1_000_000);
                estimate(s);
            }
        }
    }

    private static void player(Lesson lesson) {
        System.out.println("thousand-goroutines (1,000 goroutines, 8 Ps): the Player a session holds");
        Player p = new Player(lesson);
        GraphLayout shared = GraphLayout.parseInstance(lesson);
        report(0, own(p, shared), p.timeline().checkpointCount(), 0);
        for (long target : new long[]{10_000, 100_000, 1_000_000}) {
            long t0 = System.nanoTime();
            p.seek(target);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            report(p.timeline().step(), own(p, shared), p.timeline().checkpointCount(), ms);
        }
    }

    private static void session() throws Exception {
        System.out.println("endless (4 goroutines, 2 Ps): the whole web Session, driven by step messages of 100,000 steps");
        Path dir = Files.createTempDirectory("lessons");
        try (var in = SessionMemory.class.getResourceAsStream("/bench/endless.yaml")) {
            Files.write(dir.resolve("endless.yaml"), in.readAllBytes());
        }
        LessonStore store = LessonStore.folder(dir);
        Lesson lesson = store.get("endless").orElseThrow().lesson();
        GraphLayout shared = GraphLayout.parseInstance(store, lesson);
        AtomicLong clock = new AtomicLong();
        long[] lastLength = {0};
        Session s = new Session(store, Limits.defaults(), text -> lastLength[0] = text.length(), () -> clock.addAndGet(2000));
        s.onMessage("{\"op\":\"load\",\"lesson\":\"endless\"}");
        report(0, own(s, shared), -1, 0);
        long step = 0;
        for (long target : new long[]{10_000, 100_000, 1_000_000}) {
            long t0 = System.nanoTime();
            while (step < target) {
                long n = Math.min(100_000, target - step);
                s.onMessage("{\"op\":\"step\",\"n\":" + n + "}");
                step += n;
            }
            report(step, own(s, shared), -1, (System.nanoTime() - t0) / 1_000_000);
        }
        System.out.println("  (the last frame sent was " + lastLength[0] + " characters of JSON)");
    }

    /** What the server counts the session as holding (the engine's estimate of its worlds), beside JOL's figure. */
    private static void estimate(Session s) {
        System.out.printf("                 the server's estimate: %6.1f MB%n", s.memoryBytes() / (1024.0 * 1024.0));
    }

    /** The bytes reachable from root that are not reachable from what sessions share. */
    private static long own(Object root, GraphLayout shared) {
        return GraphLayout.parseInstance(root).subtract(shared).totalSize();
    }

    private static void report(long step, long bytes, int checkpoints, long ms) {
        System.out.printf("  at step %,9d: %6.1f MB%s%s%n", step, bytes / (1024.0 * 1024.0),
                checkpoints >= 0 ? " (" + checkpoints + " checkpoints)" : "", ms > 0 ? ", played in " + ms + " ms" : "");
    }
}
