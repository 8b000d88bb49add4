package goroutinelab.bench;

import goroutinelab.lesson.LessonStore;
import goroutinelab.web.Limits;
import goroutinelab.web.Session;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The server's own work for one step's round trip, without the transport:
 * a {@link Session} on {@code goroutines-and-run-queues} handles
 * {@code {"op":"step","n":1}} messages (a reset when the run ends) on this
 * thread, and each message's CPU time and bytes allocated are read from the
 * JVM's per-thread counters. Warm rounds of 20,000 messages; prints the best
 * round's mean and the median round's, for a session loaded as the load
 * client loads (whole states), with {@code "patch": true}, and as the page
 * loads ({@code "patch": true, "sequence": 24}). Not part of {@code mvn verify}.
 * With {@code --sessions N} the messages go to N sessions in turn, as a
 * server's do (each step then finds its session's objects out of the caches).
 *
 * {@code --only whole|patch|page} measures one of the three.
 *
 * <pre>java -cp target/test-classes:target/goroutine-lab.jar goroutinelab.bench.SessionCpu [lesson] [--sessions N] [--only page]</pre>
 */
public final class SessionCpu {
    private static final int ROUNDS = 9;
    private static final int MESSAGES = 20_000;

    public static void main(String[] args) {
        String lesson = "goroutines-and-run-queues";
        int sessions = 1;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--sessions") && i + 1 < args.length) {
                sessions = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--only") && i + 1 < args.length) {
                only = args[++i];
            } else {
                lesson = args[i];
            }
        }
        LessonStore store = LessonStore.bundled();
        String[] loads = {"", ",\"patch\":true", ",\"patch\":true,\"sequence\":24,\"sendOnce\":true"};
        String[] names = {"whole", "patch", "page"};
        for (int i = 0; i < loads.length; i++) {
            if (only == null || only.equals(names[i])) {
                measure(store, lesson, loads[i], sessions);
            }
        }
        System.exit(0);
    }

    private static void measure(LessonStore store, String lesson, String load, int sessions) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long[] bytes = new long[1];
        boolean[] ended = new boolean[sessions];
        Session[] all = new Session[sessions];
        for (int k = 0; k < sessions; k++) {
            int at = k;
            all[k] = new Session(store, Limits.defaults().withMaxMessagesPerSecond(1_000_000).withMaxCpuMsPerSecond(100_000),
                    text -> {
                        bytes[0] += text.length();
                        if (text.startsWith("{\"type\":\"frame\"")) {
                            ended[at] = text.contains("\"ended\":true");
                        }
                    }, System::currentTimeMillis);
            all[k].onMessage("{\"op\":\"load\",\"lesson\":\"" + lesson + "\"" + load + "}");
        }
        double[] cpuUs = new double[ROUNDS];
        double[] allocKb = new double[ROUNDS];
        double[] sentKb = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            bytes[0] = 0;
            long cpu0 = mx.getCurrentThreadCpuTime();
            long alloc0 = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < MESSAGES; i++) {
                int k = i % sessions;
                all[k].onMessage(ended[k] ? "{\"op\":\"reset\"}" : "{\"op\":\"step\",\"n\":1}");
            }
            cpuUs[r] = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / MESSAGES;
            allocKb[r] = (mx.getThreadAllocatedBytes(tid) - alloc0) / 1024.0 / MESSAGES;
            sentKb[r] = bytes[0] / 1024.0 / MESSAGES;
        }
        double[] sorted = cpuUs.clone();
        Arrays.sort(sorted);
        System.out.printf("load {\"lesson\":\"%s\"%s}, %d session%s: CPU a message best %.1f us, median %.1f us; allocated %.1f KB; sent %.2f KB%n",
                lesson, load, sessions, sessions == 1 ? "" : "s", sorted[0], sorted[ROUNDS / 2], allocKb[ROUNDS - 1],
                sentKb[ROUNDS - 1]);
    }
}
