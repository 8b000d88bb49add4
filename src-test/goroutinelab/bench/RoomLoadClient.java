package goroutinelab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A live class under load: one instructor and N followers on a room's
 * WebSocket, on one server or spread over two replicas (followers alternate
 * between --http and --http2). It measures
 * <ul>
 * <li>moves: for each instructor move, the time until 99% (and all) of the
 * followers have received it;</li>
 * <li>answers: with a quiz open, every follower answers at once; the time until
 * the instructor's socket shows a tally with all N answers.</li>
 * </ul>
 * Sends only to servers on this machine and stops by itself:
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=goroutinelab.bench.RoomLoadClient -Dbench.args="--followers 300"}
 */
public final class RoomLoadClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LESSON = "goroutines-and-run-queues";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A room socket that hands every message to a handler. */
    static final class Socket implements WebSocket.Listener {
        final StringBuilder partial = new StringBuilder();
        final Consumer<JsonNode> onMessage;
        WebSocket ws;

        Socket(String url, Consumer<JsonNode> onMessage) {
            this.onMessage = onMessage;
            this.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    onMessage.accept(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    System.err.println("bad message: " + e);
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        synchronized void send(String text) {
            ws.sendText(text, true).join();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String http1 = m.getOrDefault("http", "http://127.0.0.1:7070");
        String http2 = m.getOrDefault("http2", http1);
        int n = Integer.parseInt(m.getOrDefault("followers", "300"));
        int moves = Integer.parseInt(m.getOrDefault("moves", "30"));
        for (String h : new String[]{http1, http2}) {
            String host = URI.create(h).getHost();
            if (!(host.equals("127.0.0.1") || host.equals("localhost"))) {
                throw new IllegalArgumentException("RoomLoadClient only loads servers on this machine");
            }
        }
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(http1 + "/api/rooms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lesson\":\"" + LESSON + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode room = JSON.readTree(created.body());
        String code = room.get("code").asText();
        String key = room.get("key").asText();

        // followers: each records when it saw each step, and whether its quiz is open
        Map<Long, long[]> seen = new ConcurrentHashMap<>();
        AtomicLong[] received = new AtomicLong[moves + 1];
        for (int i = 0; i <= moves; i++) {
            received[i] = new AtomicLong();
        }
        CountDownLatch welcomed = new CountDownLatch(n);
        CountDownLatch[] quizOpen = {new CountDownLatch(n)};
        long[][] arrival = new long[moves + 1][n];
        List<Socket> followers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final int idx = i;
            String base = (i % 2 == 0 ? http1 : http2).replaceFirst("^http", "ws");
            Socket s = new Socket(base + "/ws/room/" + code, msg -> {
                String type = msg.path("type").asText();
                if (type.equals("welcome")) {
                    welcomed.countDown();
                } else if (type.equals("position")) {
                    long step = msg.path("position").path("step").asLong();
                    if (step > 0 && step % 10 == 0 && step / 10 <= moves) {
                        int mv = (int) (step / 10);
                        arrival[mv][idx] = System.nanoTime();
                        received[mv].incrementAndGet();
                    }
                } else if (type.equals("quiz") && "open".equals(msg.path("state").asText())) {
                    quizOpen[0].countDown();
                }
            });
            s.send("{\"type\":\"hello\",\"student\":\"load-student-token-" + String.format("%06d", i) + "\"}");
            followers.add(s);
        }
        if (!welcomed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every follower was welcomed");
        }
        AtomicLong answered = new AtomicLong();
        CountDownLatch allTallied = new CountDownLatch(1);
        Socket teacher = new Socket(http1.replaceFirst("^http", "ws") + "/ws/room/" + code, msg -> {
            if (msg.path("type").asText().equals("tally")) {
                answered.set(msg.path("answered").asLong());
                if (msg.path("answered").asLong() >= n) {
                    allTallied.countDown();
                }
            }
        });
        teacher.send("{\"type\":\"hello\",\"key\":\"" + key + "\"}");

        double[] p99 = new double[moves];
        double[] all = new double[moves];
        for (int mv = 1; mv <= moves; mv++) {
            long t0 = System.nanoTime();
            teacher.send("{\"type\":\"move\",\"position\":{\"lesson\":\"" + LESSON + "\",\"step\":" + (mv * 10)
                    + ",\"script\":" + (1 + mv % 2) + ",\"fork\":null,\"switches\":null}}");
            long deadline = t0 + 5_000_000_000L;
            while (received[mv].get() < n && System.nanoTime() < deadline) {
                Thread.sleep(1); // the client's own wait loop, outside any test
            }
            long[] times = Arrays.stream(arrival[mv]).filter(t -> t > 0).map(t -> t - t0).sorted().toArray();
            if (times.length < Math.ceil(n * 0.99)) {
                throw new IllegalStateException("move " + mv + ": only " + times.length + " of " + n + " followers got it within 5 s");
            }
            p99[mv - 1] = times[(int) Math.ceil(n * 0.99) - 1] / 1e6;
            all[mv - 1] = times.length == n ? times[n - 1] / 1e6 : Double.NaN;
            Thread.sleep(150); // a lecture's pace is far slower; this keeps moves apart
        }
        Arrays.sort(p99);
        Arrays.sort(all);
        System.out.printf("followers %d on %s; moves %d%n", n, http1.equals(http2) ? "one server" : "two replicas", moves);
        System.out.printf("move -> 99%% of followers: median %.1f ms, worst %.1f ms; -> all followers: median %.1f ms, worst %.1f ms%n",
                p99[moves / 2], p99[moves - 1], all[moves / 2], all[moves - 1]);

        // answers: open the quiz at script step 3, then every follower answers at once
        teacher.send("{\"type\":\"move\",\"position\":{\"lesson\":\"" + LESSON + "\",\"step\":5000,\"script\":3,\"fork\":null,\"switches\":null}}");
        if (!quizOpen[0].await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the quiz did not open for every follower");
        }
        long t0 = System.nanoTime();
        followers.parallelStream().forEach(s -> s.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":" + (s.hashCode() & 1) + "}"));
        long sent = System.nanoTime();
        boolean ok = allTallied.await(10, TimeUnit.SECONDS);
        long done = System.nanoTime();
        System.out.printf("%d answers: sent in %.0f ms; tally of all %d on the instructor's socket after %.0f ms%s%n",
                n, (sent - t0) / 1e6, n, (done - t0) / 1e6, ok ? "" : " (NOT REACHED: " + answered.get() + " tallied)");
        for (Socket s : followers) {
            s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        teacher.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        System.exit(0);
    }
}
