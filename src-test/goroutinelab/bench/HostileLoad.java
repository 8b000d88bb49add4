package goroutinelab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.web.RawWs;
import goroutinelab.web.WsClient;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hostile visitor against a real server process with a pod's heap
 * ({@code -Xmx1536m -XX:+ExitOnOutOfMemoryError}, as docs/deploy.md runs it),
 * while a steady student on another address steps through a lesson and
 * every round trip is timed.
 *
 * <p>The attacks (docs/reliability.md, "A hostile visitor"), each from its own
 * loopback address (127.0.0.0/8 is all this machine's, so 127.0.0.2 ... are
 * other clients to the server):
 * <ul>
 * <li><b>slow readers</b> (127.0.0.2): a preview of a lesson with three
 * thousand goroutines (frames of several hundred KB), sockets that step it as
 * fast as they may and never read a frame;</li>
 * <li><b>flood</b> (127.0.0.3): two thousand sockets opened at once that load
 * nothing, and two hundred preview posts;</li>
 * <li><b>cross-site</b>: an upgrade with a foreign Origin;</li>
 * <li><b>heavy</b> (127.0.0.4): sockets that each ask for the most engine
 * steps a message may run, as fast as they may;</li>
 * <li><b>grown</b> (127.0.0.5): sockets admitted while the heap is empty that
 * then grow their sessions towards a million steps of the big lesson.</li>
 * </ul>
 * The steady student runs first alone (its unloaded round trips), then
 * through the attacks; the report gives both p99s and their ratio.
 *
 * <p>As a benchmark (docs/reliability.md gives the commands and results):
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=goroutinelab.bench.HostileLoad -Dbench.args="--seconds 60"}.
 * {@code HostileServerTest} runs a short version in {@code mvn verify} and
 * asserts only what does not depend on the machine's speed.
 */
public final class HostileLoad {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STEADY_LESSON = "goroutines-and-run-queues";
    /** The collector the server runs with when --server-jvm names none: the Dockerfile's. */
    static final List<String> DEFAULT_GC = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20");

    /** What to run. */
    public record Options(int unloadedSeconds, int attackSeconds, int slowReaders, int flood, int previewFlood,
                          int heavy, int grown, boolean crossSite, String jar, List<String> serverArgs,
                          List<String> serverJvm) {
        /**
         * The short run of {@code mvn verify}: every attack at once, the heavy and grown ones smaller, the
         * sessions' memory budget at 2% of the heap (30 MB) and one address's share of it at 1% (15 MB), so that
         * the grown sessions reach them within the run.
         */
        public static Options verify() {
            return new Options(4, 12, 3, 2000, 200, 4, 8, true, null,
                    List.of("--max-unread-seconds", "4", "--load-timeout-seconds", "3", "--session-memory-percent", "4",
                            "--client-memory-percent", "1"), List.of());
        }

        static Options parse(String[] args) {
            Map<String, String> m = new TreeMap<>();
            List<String> server = new ArrayList<>();
            List<String> jvm = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help")) {
                    System.out.println("""
                            HostileLoad [--unloaded 30] [--seconds 60] [--slow 3] [--flood 2000] [--previews 200]
                                        [--heavy 16] [--grown 0] [--no-cross-site] [--jar target/goroutine-lab.jar]
                                        [--server-arg --max-unread-seconds --server-arg 10 ...] [--server-jvm -Xlog:gc ...]
                              the server runs with -Xmx1536m -XX:+ExitOnOutOfMemoryError and the Dockerfile's collector,
                              or the one --server-jvm names (--server-jvm -XX:+UseG1GC)""");
                    System.exit(0);
                } else if (args[i].equals("--no-cross-site")) {
                    m.put("no-cross-site", "true");
                } else if (args[i].equals("--server-arg") && i + 1 < args.length) {
                    server.add(args[++i]);
                } else if (args[i].equals("--server-jvm") && i + 1 < args.length) {
                    jvm.add(args[++i]);
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    m.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            return new Options(Integer.parseInt(m.getOrDefault("unloaded", "30")), Integer.parseInt(m.getOrDefault("seconds", "60")),
                    Integer.parseInt(m.getOrDefault("slow", "3")), Integer.parseInt(m.getOrDefault("flood", "2000")),
                    Integer.parseInt(m.getOrDefault("previews", "200")), Integer.parseInt(m.getOrDefault("heavy", "16")),
                    Integer.parseInt(m.getOrDefault("grown", "0")), !m.containsKey("no-cross-site"), m.get("jar"), server, jvm);
        }
    }

    /** What a run saw. */
    public static final class Result {
        public final Steady.Stats unloaded;
        public Steady.Stats loaded;
        public final Map<String, String> seen = new ConcurrentHashMap<>();
        public final List<String> problems = new CopyOnWriteArrayList<>();
        public boolean aliveAtEnd;
        public String serverDeath;
        /** Seconds from the first attack to the server's death (-1: it lived). */
        public double diedAfterSeconds = -1;
        public long mostUnsentBytes;
        public double mostHeapAfterGc;
        public int mostSessions;
        /** The most the sessions and maps held by the server's estimate ({@code /health}'s sessionBytes). */
        public long mostSessionBytes;
        /** The most one client address's sessions held together ({@code /health}'s largestClientSessionBytes). */
        public long mostClientSessionBytes;
        /** Moves of the heavy sockets stopped part-way for their socket's CPU share. */
        public final AtomicLong heavyStoppedForCpu = new AtomicLong();
        /** Moves of the grown sessions stopped or refused because the server's memory budget was full. */
        public final AtomicLong grownStoppedForMemory = new AtomicLong();
        /** Of those, the ones stopped because the sessions of their address held its share. */
        public final AtomicLong grownStoppedForClientShare = new AtomicLong();

        Result(Steady.Stats unloaded) {
            this.unloaded = unloaded;
        }

        public double ratio() {
            return loaded.p99Ms() / Math.max(0.001, unloaded.p99Ms());
        }

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append("unloaded: ").append(unloaded).append('\n');
            sb.append("attacked: ").append(loaded).append('\n');
            sb.append(String.format("p99 ratio (attacked / unloaded): %.2f%n", ratio()));
            sb.append("server alive at the end: ").append(aliveAtEnd).append(serverDeath == null ? "" : " (" + serverDeath + ")").append('\n');
            if (diedAfterSeconds >= 0) {
                sb.append(String.format("the server died %.0f s after the attack began%n", diedAfterSeconds));
            }
            sb.append(String.format("most unsent bytes %d KiB, most heap in use after a GC %.0f%%, most sessions %d, "
                            + "most held by sessions (estimate) %d MB, by one address's sessions %d MB%n",
                    mostUnsentBytes / 1024, mostHeapAfterGc * 100, mostSessions, mostSessionBytes >> 20, mostClientSessionBytes >> 20));
            new TreeMap<>(seen).forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
            problems.forEach(p -> sb.append("problem: ").append(p).append('\n'));
            return sb.toString();
        }
    }

    // ---- the server ----

    /** The server in its own JVM with a pod's heap; its output is kept (the last lines) to tell why it died. */
    public static final class Lab implements AutoCloseable {
        public final Process process;
        public final int port;
        private final List<String> tail = Collections.synchronizedList(new ArrayList<>());

        private Lab(Process process, int port, BufferedReader out) {
            this.process = process;
            this.port = port;
            Thread drain = new Thread(() -> {
                try {
                    String line;
                    String logTo = System.getProperty("hostile.serverLog");
                    java.io.PrintWriter log = logTo == null ? null : new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(
                            java.nio.file.Path.of(logTo)), true);
                    while ((line = out.readLine()) != null) {
                        if (log != null) {
                            log.println(line);
                        }
                        synchronized (tail) {
                            tail.add(line);
                            if (tail.size() > 200) {
                                tail.remove(0);
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "lab-output");
            drain.setDaemon(true);
            drain.start();
        }

        /** Starts the server on 127.0.0.1 with the bundled lessons; {@code jar} null runs it from this JVM's classpath. */
        public static Lab start(String jar, List<String> args) throws IOException {
            return start(jar, args, List.of());
        }

        /** As {@link #start(String, List)}, with more JVM flags for the server (-Xlog:gc, a profiler). */
        public static Lab start(String jar, List<String> args, List<String> jvm) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1536m", "-XX:+ExitOnOutOfMemoryError"));
            // the Dockerfile's collector unless the flags name another (two collectors at once is a JVM error)
            if (jvm.stream().noneMatch(f -> f.matches("-XX:\\+Use\\w+GC"))) {
                cmd.addAll(DEFAULT_GC);
            }
            cmd.addAll(jvm);
            if (jar != null) {
                cmd.addAll(List.of("-jar", jar));
            } else {
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "goroutinelab.Main"));
            }
            // the attackers connect to 127.0.0.1 from 127.0.0.2 and up
            cmd.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
            // its own classroom database: not the data/ folder of whatever lab already runs from this directory
            if (args.stream().noneMatch(x -> x.equals("--data-dir") || x.equals("--database"))) {
                cmd.addAll(List.of("--data-dir", Files.createTempDirectory("hostile-lab").toString()));
            }
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern running = Pattern.compile("running at http://127\\.0\\.0\\.1:(\\d+)/");
            long deadline = System.currentTimeMillis() + 60_000;
            String line;
            StringBuilder seen = new StringBuilder();
            while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = running.matcher(line);
                if (m.find()) {
                    return new Lab(p, Integer.parseInt(m.group(1)), out);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("the server did not start:\n" + seen);
        }

        public boolean alive() {
            return process.isAlive();
        }

        /** The last lines the server printed. */
        public String tail() {
            synchronized (tail) {
                return String.join("\n", tail);
            }
        }

        /** /health as JSON, or null if it does not answer. */
        public JsonNode health() {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).timeout(java.time.Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(r.body());
            } catch (IOException | InterruptedException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the steady student ----

    /** One student on 127.0.0.1 stepping one step at a time, every round trip timed. */
    public static final class Steady implements AutoCloseable {
        private final WsClient ws;
        private final List<Long> samplesNs = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong errors = new AtomicLong();
        private final Map<String, Long> errorKinds = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private volatile boolean measuring;
        private volatile String failure;

        /** Summary of a run of round trips. */
        public record Stats(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, long errors, String errorKinds) {
            @Override
            public String toString() {
                return String.format("%d round trips, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d%s",
                        count, p50Ms, p95Ms, p99Ms, maxMs, errors, errorKinds.isEmpty() ? "" : " " + errorKinds);
            }
        }

        public Steady(int port, long pauseMs) {
            ws = WsClient.connect(port);
            ws.send("{\"op\":\"load\",\"lesson\":\"" + STEADY_LESSON + "\"}");
            ws.next("lesson");
            ws.next("frame");
            thread = new Thread(() -> run(pauseMs), "steady-student");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(long pauseMs) {
            boolean ended = false;
            try {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    ws.send(ended ? "{\"op\":\"reset\"}" : "{\"op\":\"step\",\"n\":1}");
                    JsonNode m = ws.poll(30_000);
                    long rtt = System.nanoTime() - t0;
                    if (m == null) {
                        failure = "no answer within 30 s (closed: " + ws.closeCode + ")";
                        return;
                    }
                    if ("frame".equals(m.path("type").asText())) {
                        ended = m.path("ended").asBoolean();
                    } else {
                        errors.incrementAndGet();
                        errorKinds.merge(m.path("code").asText("?"), 1L, Long::sum);
                    }
                    if (measuring) {
                        samplesNs.add(rtt);
                    }
                    if (pauseMs > 0) {
                        Thread.sleep(pauseMs);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e.toString();
            }
        }

        /** Starts counting round trips (after a warm-up). */
        public void measure() {
            samplesNs.clear();
            errors.set(0);
            errorKinds.clear();
            measuring = true;
        }

        /** The round trips since {@link #measure()}. */
        public Stats stats() {
            long[] all;
            synchronized (samplesNs) {
                all = samplesNs.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(all);
            return new Stats(all.length, q(all, 0.50), q(all, 0.95), q(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                    errors.get(), errorKinds.toString().equals("{}") ? "" : errorKinds.toString());
        }

        private static double q(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }

        /** Null while the student steps; otherwise what stopped it. */
        public String failure() {
            return failure;
        }

        public int closeCode() {
            return ws.closeCode;
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(35_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ws.close();
        }
    }

    // ---- the attacks ----

    /** A lesson with three thousand goroutines: every frame of it is several hundred KB. */
    static String bigLesson() throws IOException {
        try (InputStream in = HostileLoad.class.getResourceAsStream("/bench/thousand-goroutines.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("id: thousand-goroutines", "id: three-thousand")
                    .replace("count: 1000", "count: 3000");
        }
    }

    /** A POST of JSON over a socket bound to {@code from}: the status line's code and the body. */
    static String[] post(int port, String from, String path, String json) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream o = s.getOutputStream();
            o.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            o.write(body);
            o.flush();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            s.getInputStream().transferTo(b);
            String answer = b.toString(StandardCharsets.UTF_8);
            String status = answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4);
            int at = answer.indexOf("\r\n\r\n");
            return new String[]{status, at < 0 ? "" : answer.substring(at + 4)};
        }
    }

    /** Sockets from 127.0.0.2 that load the big preview and step it as fast as they may, never reading. */
    static List<Thread> slowReaders(Lab lab, int n, AtomicBoolean stop, Result r) throws IOException {
        String[] made = post(lab.port, "127.0.0.2", "/api/lessons/preview", JSON.writeValueAsString(Map.of("source", bigLesson())));
        if (!made[0].equals("201")) {
            r.problems.add("slow readers: the preview was refused: " + made[0] + " " + made[1]);
            return List.of();
        }
        String id = JSON.readTree(made[1]).path("id").asText();
        List<Thread> threads = new ArrayList<>();
        AtomicLong closed = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                // when the server drops it, it comes back, as a hostile visitor would
                while (!stop.get() && lab.alive()) {
                    try (RawWs ws = RawWs.open(lab.port, RawWs.Options.plain().from("127.0.0.2").receiveBuffer(4096))) {
                        ws.send("{\"op\":\"load\",\"lesson\":\"" + id + "\"}");
                        ws.send("{\"op\":\"seek\",\"step\":20000}");
                        while (!stop.get()) {
                            ws.send("{\"op\":\"step\",\"n\":1}");
                            sent.incrementAndGet();
                        }
                    } catch (IOException e) {
                        closed.incrementAndGet(); // the server dropped it
                    }
                }
            }, "slow-reader-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        List<Thread> workers = List.copyOf(threads);
        Thread report = new Thread(() -> {
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            r.seen.put("slow readers", n + " sockets (reconnecting when dropped), " + sent.get() + " moves sent, dropped by the server "
                    + closed.get() + " times");
            r.seen.put("slow readers dropped", String.valueOf(closed.get()));
        });
        report.setDaemon(true);
        report.start();
        threads.add(report);
        return threads;
    }

    /** Many sockets from 127.0.0.3 opened at once, loading nothing: how many the server kept, and for how long. */
    static void flood(Lab lab, int n, Result r) throws InterruptedException {
        List<RawWs> open = Collections.synchronizedList(new ArrayList<>());
        AtomicLong upgraded = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> openers = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            int from = k;
            Thread t = new Thread(() -> {
                for (int i = from; i < n; i += 8) {
                    try {
                        RawWs ws = RawWs.open(lab.port, RawWs.Options.plain().from("127.0.0.3"));
                        if (ws.status == 101) {
                            upgraded.incrementAndGet();
                            open.add(ws);
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "flood-" + k);
            t.start();
            openers.add(t);
        }
        for (Thread t : openers) {
            t.join();
        }
        // the server tells the ones past the per-client limit at once, and closes the rest when they load nothing
        AtomicLong toldLimit = new AtomicLong();
        AtomicLong closedLater = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        List<RawWs> all = new ArrayList<>(open);
        for (int k = 0; k < 8; k++) {
            int from = k;
            Thread t = new Thread(() -> {
                for (int i = from; i < all.size(); i += 8) {
                    RawWs ws = all.get(i);
                    try {
                        JsonNode m = ws.next();
                        if (m != null && m.path("message").asText().contains("too many connections")) {
                            toldLimit.incrementAndGet();
                        } else if (m != null && m.path("message").asText().contains("no lesson was loaded")) {
                            closedLater.incrementAndGet();
                        }
                        ws.awaitClose();
                    } catch (IOException | AssertionError e) {
                        // reset or silent: counted below
                    } finally {
                        ws.close();
                    }
                }
            }, "flood-read-" + k);
            t.start();
            readers.add(t);
        }
        for (Thread t : readers) {
            t.join(60_000);
        }
        r.seen.put("flood", n + " sockets from one address: " + upgraded.get() + " upgraded, " + refused.get() + " refused, "
                + failed.get() + " failed to connect; " + toldLimit.get() + " told 'too many connections', "
                + closedLater.get() + " closed for loading nothing");
        r.seen.put("flood left open", String.valueOf(upgraded.get() - toldLimit.get() - closedLater.get()));
    }

    /** Many preview posts from 127.0.0.3, then one from another address: is it still served? */
    static void previewFlood(Lab lab, int n, Result r) throws IOException {
        String small = AuthoringSample.LESSON;
        int created = 0;
        for (int i = 0; i < n; i++) {
            if (post(lab.port, "127.0.0.3", "/api/lessons/preview", JSON.writeValueAsString(Map.of("source", small)))[0].equals("201")) {
                created++;
            }
        }
        String[] other = post(lab.port, "127.0.0.1", "/api/lessons/preview", JSON.writeValueAsString(Map.of("source", small)));
        r.seen.put("preview flood", n + " posts from one address, " + created + " accepted; then another author's: " + other[0]);
        r.seen.put("preview after flood", other[0]);
    }

    /** An upgrade from a foreign page's origin. */
    static void crossSite(Lab lab, Result r) throws IOException {
        try (RawWs ws = RawWs.open(lab.port, RawWs.Options.plain().from("127.0.0.1").header("Origin", "https://evil.example"))) {
            r.seen.put("cross-site upgrade", String.valueOf(ws.status));
        }
    }

    /** A small program that never ends: a step message runs all the steps it asks for. */
    static String endlessLesson() throws IOException {
        try (InputStream in = HostileLoad.class.getResourceAsStream("/bench/endless.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Sockets from 127.0.0.4 on a preview of a program that never ends, each
     * asking for the most steps a message may run (200,000), as fast as it may,
     * reading its answers; past the session's step limit it resets.
     */
    static List<Thread> heavy(Lab lab, int n, AtomicBoolean stop, Result r) throws IOException {
        String[] made = post(lab.port, "127.0.0.4", "/api/lessons/preview", JSON.writeValueAsString(Map.of("source", endlessLesson())));
        if (!made[0].equals("201")) {
            r.problems.add("heavy: the preview was refused: " + made[0] + " " + made[1]);
            return List.of();
        }
        String id = JSON.readTree(made[1]).path("id").asText();
        List<Thread> threads = new ArrayList<>();
        AtomicLong frames = new AtomicLong();
        AtomicLong refusals = new AtomicLong();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try (RawWs ws = RawWs.open(lab.port, RawWs.Options.plain().from("127.0.0.4"))) {
                    ws.send("{\"op\":\"load\",\"lesson\":\"" + id + "\"}");
                    patiently(ws, stop);
                    patiently(ws, stop);
                    while (!stop.get()) {
                        ws.send("{\"op\":\"step\",\"n\":200000}");
                        JsonNode m = patiently(ws, stop);
                        if (m == null) {
                            return;
                        }
                        if ("frame".equals(m.path("type").asText())) {
                            frames.incrementAndGet();
                            if (m.path("eventCount").asLong() == 200_000 || m.path("ended").asBoolean()) {
                                continue;
                            }
                            m = patiently(ws, stop); // a move stopped part-way: why
                            if (m == null) {
                                return;
                            }
                            if (m.path("message").asText().contains("share of the server's time")) {
                                r.heavyStoppedForCpu.incrementAndGet();
                            }
                        } else {
                            refusals.incrementAndGet();
                            refused();
                        }
                        if (m.path("message").asText().contains("reset or go back")) {
                            ws.send("{\"op\":\"reset\"}");
                            patiently(ws, stop);
                        }
                    }
                } catch (IOException | AssertionError e) {
                    // closed
                }
            }, "heavy-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        List<Thread> workers = List.copyOf(threads);
        Thread report = new Thread(() -> {
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            r.seen.put("heavy", n + " sockets of 200,000-step moves: " + frames.get() + " frames (" + r.heavyStoppedForCpu.get()
                    + " of them stopped part-way for the socket's CPU share), " + refusals.get() + " refused");
        });
        report.setDaemon(true);
        report.start();
        threads.add(report);
        return threads;
    }

    /**
     * After a refusal an attacking client waits 50 ms before it asks again:
     * refusals cost the server next to nothing, and on this machine a client
     * spinning on them would take the cores the server is measured on.
     */
    static void refused() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next message, however long the server takes (a grown session's move
     * may wait its turn on the engine threads for longer than RawWs's 10 s);
     * null once the socket is closed or the run is over.
     */
    static JsonNode patiently(RawWs ws, AtomicBoolean stop) throws IOException {
        while (!stop.get()) {
            try {
                return ws.next();
            } catch (AssertionError slow) {
                // nothing yet: the move is waiting for an engine thread
            }
        }
        return null;
    }

    /** Sockets from 127.0.0.5 admitted at once, then each grows its session towards a million steps of the big lesson. */
    static List<Thread> grown(Lab lab, int n, AtomicBoolean stop, Result r) throws IOException {
        String[] made = post(lab.port, "127.0.0.5", "/api/lessons/preview", JSON.writeValueAsString(Map.of("source",
                bigLesson().replace("count: 3000", "count: 1000"))));
        if (!made[0].equals("201")) {
            r.problems.add("grown: the preview was refused: " + made[0]);
            return List.of();
        }
        String id = JSON.readTree(made[1]).path("id").asText();
        List<RawWs> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawWs ws = RawWs.open(lab.port, RawWs.Options.plain().from("127.0.0.5"));
            ws.send("{\"op\":\"load\",\"lesson\":\"" + id + "\",\"patch\":true}");
            sockets.add(ws);
        }
        List<Thread> threads = new ArrayList<>();
        AtomicLong furthest = new AtomicLong();
        for (int i = 0; i < n; i++) {
            RawWs ws = sockets.get(i);
            Thread t = new Thread(() -> {
                try (ws) {
                    JsonNode loaded;
                    do {
                        loaded = patiently(ws, stop); // the lesson, then the load's own frame
                    } while (loaded != null && !"frame".equals(loaded.path("type").asText()));
                    long step = 0;
                    while (!stop.get() && step < 1_000_000) {
                        long target = step + 200_000;
                        ws.send("{\"op\":\"seek\",\"step\":" + target + "}");
                        JsonNode m = patiently(ws, stop);
                        if (m == null) {
                            return;
                        }
                        if ("frame".equals(m.path("type").asText())) {
                            step = m.path("step").asLong();
                            furthest.accumulateAndGet(step, Math::max);
                            if (step == target || m.path("ended").asBoolean()) {
                                continue;
                            }
                            m = patiently(ws, stop); // stopped part-way: why
                            if (m == null) {
                                return;
                            }
                        }
                        if (m.path("message").asText().contains("short of memory")) {
                            r.grownStoppedForMemory.incrementAndGet();
                            if (m.path("message").asText().contains("from your address")) {
                                r.grownStoppedForClientShare.incrementAndGet();
                            }
                        }
                        if (!"frame".equals(m.path("type").asText())) {
                            refused();
                        }
                    }
                } catch (IOException | AssertionError e) {
                    // closed
                }
            }, "grown-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        List<Thread> workers = List.copyOf(threads);
        Thread report = new Thread(() -> {
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            r.seen.put("grown", n + " sessions grown after admission, furthest step " + furthest.get() + "; "
                    + r.grownStoppedForMemory.get() + " moves stopped or refused for the server's memory budget ("
                    + r.grownStoppedForClientShare.get() + " of them for their address's share)");
        });
        report.setDaemon(true);
        report.start();
        threads.add(report);
        return threads;
    }

    /** A small valid lesson to preview (the author page's sample size). */
    static final class AuthoringSample {
        static final String LESSON = """
                format: 1
                id: tiny
                title: Tiny
                functions:
                  main:
                    - compute: 10us
                steps:
                  - say: Run.
                    run: {until: end}
                """;
    }

    // ---- the run ----

    /** Runs the steady student alone, then through the attacks, watching the server; the lab must already run. */
    public static Result run(Lab lab, Options o) throws Exception {
        try (Steady student = new Steady(lab.port, 20)) {
            Thread.sleep(Math.min(3_000, o.unloadedSeconds() * 1000L / 2)); // warm-up
            student.measure();
            Thread.sleep(o.unloadedSeconds() * 1000L);
            Result r = new Result(student.stats());
            student.measure();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean watching = new AtomicBoolean(true);
            long attackStartNs = System.nanoTime();
            Thread watcher = new Thread(() -> {
                while (watching.get()) {
                    if (!lab.alive()) {
                        return;
                    }
                    JsonNode h = lab.health();
                    if (h != null) {
                        r.mostUnsentBytes = Math.max(r.mostUnsentBytes, h.path("unsentBytes").asLong());
                        r.mostHeapAfterGc = Math.max(r.mostHeapAfterGc, h.path("heapUsedAfterGc").asDouble());
                        r.mostSessions = Math.max(r.mostSessions, h.path("sessions").asInt());
                        r.mostSessionBytes = Math.max(r.mostSessionBytes, h.path("sessionBytes").asLong());
                        r.mostClientSessionBytes = Math.max(r.mostClientSessionBytes, h.path("largestClientSessionBytes").asLong());
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "watcher");
            watcher.setDaemon(true);
            watcher.start();
            List<Thread> running = new ArrayList<>();
            long start = System.currentTimeMillis();
            if (o.slowReaders() > 0) {
                running.addAll(slowReaders(lab, o.slowReaders(), stop, r));
            }
            if (o.heavy() > 0) {
                running.addAll(heavy(lab, o.heavy(), stop, r));
            }
            if (o.grown() > 0) {
                running.addAll(grown(lab, o.grown(), stop, r));
            }
            if (o.crossSite()) {
                crossSite(lab, r);
            }
            if (o.previewFlood() > 0) {
                previewFlood(lab, o.previewFlood(), r);
            }
            if (o.flood() > 0) {
                flood(lab, o.flood(), r);
            }
            long left = o.attackSeconds() * 1000L - (System.currentTimeMillis() - start);
            while (left > 0 && lab.alive()) {
                Thread.sleep(Math.min(left, 200));
                left = o.attackSeconds() * 1000L - (System.currentTimeMillis() - start);
            }
            if (!lab.alive()) {
                r.diedAfterSeconds = (System.nanoTime() - attackStartNs) / 1e9;
            }
            r.loaded = student.stats();
            stop.set(true);
            for (Thread t : running) {
                t.join(10_000);
            }
            watching.set(false);
            watcher.join(5_000);
            if (student.failure() != null) {
                r.problems.add("the steady student stopped: " + student.failure());
            }
            r.aliveAtEnd = lab.alive() && lab.health() != null;
            if (!lab.alive()) {
                r.serverDeath = "exit " + lab.process.exitValue() + "; last output:\n" + lab.tail();
            }
            return r;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf("HostileLoad: unloaded %d s, attacked %d s: %d slow readers, %d flood sockets, %d preview posts, "
                        + "%d heavy, %d grown, cross-site %s; server args %s%n", o.unloadedSeconds(), o.attackSeconds(),
                o.slowReaders(), o.flood(), o.previewFlood(), o.heavy(), o.grown(), o.crossSite(), o.serverArgs());
        Result r;
        try (Lab lab = Lab.start(o.jar(), o.serverArgs(), o.serverJvm())) {
            r = run(lab, o);
        }
        System.out.print(r.report());
        System.exit(r.aliveAtEnd ? 0 : 1);
    }
}
