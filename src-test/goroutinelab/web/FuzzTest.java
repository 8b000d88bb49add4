package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand random and malformed messages to one session over a real
 * socket: bad JSON, wrong types, huge and negative numbers, unknown ops, deep
 * nesting, binary frames, strings just under and over the size limit, and
 * valid but odd sequences. Every message must get a frame or a typed error
 * (never {@code internal}, never a stack trace or a path); every frame must
 * equal the one a clean session gives when it plays only the accepted moves;
 * and a second session playing alongside must see exactly what it would alone.
 *
 * <p>Seeded: {@code -Dfuzz.seed=N} reproduces a run; the seed is printed, and
 * named in every failure.
 */
class FuzzTest {
    static final int MESSAGES = 10_000;
    private static final String LESSON = "goroutines-and-run-queues";
    private static final Set<String> CODES = Set.of("bad_json", "bad_request", "no_lesson", "not_loaded", "limit");
    private static final int MAX_BYTES = Limits.defaults().maxMessageBytes();

    @Test
    void tenThousandBadMessagesNeitherHarmTheSessionNorItsNeighbour() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest: seed=" + seed + " (reproduce with -Dfuzz.seed=" + seed + ")");
        Limits limits = Limits.defaults().withMaxMessagesPerSecond(1_000_000).withMaxCpuMsPerSecond(100_000);
        App app = App.start(LessonStore.bundled(), "127.0.0.1", 0, limits);
        AtomicReference<Throwable> neighbourFailed = new AtomicReference<>();
        AtomicLong neighbourMoves = new AtomicLong();
        Thread neighbour = new Thread(() -> neighbour(app, limits, neighbourFailed, neighbourMoves), "neighbour");
        try {
            neighbour.start();
            fuzz(app, limits, seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("FuzzTest failed: reproduce with -Dfuzz.seed=" + seed + ": " + e.getMessage(), e);
        } finally {
            neighbour.interrupt();
            neighbour.join(20_000);
            app.stop();
        }
        if (neighbourFailed.get() != null) {
            throw new AssertionError("the neighbouring session was disturbed (seed=" + seed + ")", neighbourFailed.get());
        }
        assertThat(neighbourMoves.get()).as("the neighbour played alongside").isGreaterThan(10);
    }

    private static void fuzz(App app, Limits limits, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Clean clean = new Clean(limits);
        int accepted = 0;
        int refused = 0;
        try (WsClient c = WsClient.connect(app.port())) {
            for (int i = 0; i < MESSAGES; i++) {
                if (rnd.nextInt(50) == 0) {
                    c.sendBinary(bytes(rnd));
                    assertRefused(c, "binary", i, "bad_request");
                    refused++;
                    continue;
                }
                String m = message(rnd);
                c.send(m);
                JsonNode answer = terminal(c);
                if ("frame".equals(answer.path("type").asText())) {
                    JsonNode expected = clean.play(m);
                    assertThat(expected).as("message %d %s: the clean session refused what the fuzzed one accepted", i, shorten(m))
                            .isNotNull();
                    if (!answer.equals(expected)) {
                        throw new AssertionError("message " + i + " " + shorten(m) + ": frame differs from the clean session's at "
                                + difference(answer, expected, ""));
                    }
                    accepted++;
                } else {
                    checkError(answer, i, m);
                    refused++;
                }
            }
            // and it still steps correctly, from wherever the fuzz left it
            for (String m : List.of("{\"op\":\"reset\"}", "{\"op\":\"step\",\"n\":5}", "{\"op\":\"next\"}",
                    "{\"op\":\"back\",\"n\":2}", "{\"op\":\"seek\",\"step\":12}")) {
                c.send(m);
                JsonNode f = terminal(c);
                assertThat(f.path("type").asText()).as(m).isEqualTo("frame");
                assertThat(f).as(m).isEqualTo(clean.play(m));
            }
        }
        System.out.println("FuzzTest: " + accepted + " accepted, " + refused + " refused");
        assertThat(accepted).as("some moves were valid").isGreaterThan(MESSAGES / 10);
        assertThat(refused).as("most messages were bad").isGreaterThan(MESSAGES / 2);
    }

    /** A session that reads no socket: plays only the moves the fuzzed session accepted. */
    private static final class Clean {
        private final List<JsonNode> out = new ArrayList<>();
        private final Session session;

        Clean(Limits limits) {
            session = LimitsTest.session(limits, out, new AtomicLong());
        }

        /** Its answer to m: the frame, or null if it refused m. */
        JsonNode play(String m) {
            JsonNode answer = answer(m);
            return answer != null && "frame".equals(answer.path("type").asText()) ? answer : null;
        }

        /** Its frame or error for m. */
        JsonNode answer(String m) {
            out.clear();
            session.onMessage(m);
            for (JsonNode n : out) {
                String t = n.path("type").asText();
                if (t.equals("frame") || t.equals("error")) {
                    return n;
                }
            }
            return null;
        }
    }

    /** The frame or error that ends the answer to one message (lesson and log messages come before a frame). */
    private static JsonNode terminal(WsClient c) {
        for (int i = 0; i < 5; i++) {
            JsonNode n = c.next();
            String t = n.path("type").asText();
            if (t.equals("frame") || t.equals("error")) {
                return n;
            }
        }
        throw new AssertionError("no frame or error after five messages");
    }

    private static void assertRefused(WsClient c, String what, int i, String code) {
        JsonNode e = terminal(c);
        assertThat(e.path("code").asText()).as("message %d (%s)", i, what).isEqualTo(code);
    }

    private static void checkError(JsonNode e, int i, String m) {
        String code = e.path("code").asText();
        String text = e.path("message").asText();
        assertThat(code).as("message %d %s: %s", i, shorten(m), text).isIn(CODES);
        assertThat(text).as("message %d: no internals in an error", i)
                .doesNotContain("Exception", "\tat ", "goroutinelab.", "/work/", ".java");
        assertThat(text.length()).as("message %d: error text stays short", i).isLessThan(2000);
    }

    // ---- the neighbour: a well-behaved student next door ----

    private static void neighbour(App app, Limits limits, AtomicReference<Throwable> failed, AtomicLong moves) {
        Clean clean = new Clean(limits);
        String[] script = {"{\"op\":\"step\",\"n\":1}", "{\"op\":\"next\"}", "{\"op\":\"back\",\"n\":1}",
                "{\"op\":\"seek\",\"step\":7}", "{\"op\":\"step\",\"n\":3}", "{\"op\":\"inject\",\"go\":\"worker\"}",
                "{\"op\":\"reset\"}"};
        try (WsClient c = WsClient.connect(app.port())) {
            String load = "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"lang\":\"zh\"}";
            c.send(load);
            assertThat(terminal(c)).isEqualTo(clean.answer(load));
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                String m = script[i % script.length];
                c.send(m);
                assertThat(terminal(c)).as("neighbour move %d %s", i, m).isEqualTo(clean.answer(m));
                moves.incrementAndGet();
            }
        } catch (Throwable t) {
            if (!Thread.currentThread().isInterrupted()) {
                failed.set(t);
            }
        }
    }

    // ---- the messages ----

    static String message(SplittableRandom r) {
        return switch (r.nextInt(14)) {
            case 0, 1, 2, 3 -> valid(r);
            case 4 -> badJson(r);
            case 5 -> wrongTypes(r);
            case 6 -> hugeNumbers(r);
            case 7 -> "{\"op\":\"" + pick(r, "step", "back") + "\",\"n\":" + -(1 + r.nextInt(1000)) + "}";
            case 8 -> "{\"op\":\"" + junk(r, 1 + r.nextInt(20)) + "\"}";
            case 9 -> deep(r);
            case 10 -> nearTheLimit(r);
            case 11 -> odd(r);
            case 12 -> historyLoad(r);
            default -> mutate(r, valid(r));
        };
    }

    private static String valid(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> "{\"op\":\"step\",\"n\":" + (1 + r.nextInt(40)) + "}";
            case 1 -> "{\"op\":\"step\"}";
            case 2 -> "{\"op\":\"back\",\"n\":" + (1 + r.nextInt(30)) + "}";
            case 3 -> "{\"op\":\"seek\",\"step\":" + r.nextInt(400) + "}";
            case 4 -> "{\"op\":\"next\"}";
            case 5 -> "{\"op\":\"inject\"," + pick(r, "\"go\":\"worker\"", "\"go\":\"main\"", "\"signal\":\"SIGUSR1\"",
                    "\"signal\":\"SIGURG\"", "\"gc\":true") + "}";
            case 6 -> "{\"op\":\"set\",\"asyncPreemption\":" + r.nextBoolean() + "}";
            case 7 -> "{\"op\":\"reset\"}";
            default -> "{\"op\":\"lang\",\"lang\":\"" + pick(r, "en", "zh") + "\"}";
        };
    }

    private static String badJson(SplittableRandom r) {
        String v = valid(r);
        return switch (r.nextInt(8)) {
            case 0 -> v.substring(0, r.nextInt(v.length()));
            case 1 -> junk(r, r.nextInt(200));
            case 2 -> pick(r, "", " ", "null", "true", "42", "\"op\"", "[]", "{}", "{\"op\"}", "{op:next}", "{'op':'next'}",
                    "{\"op\":\"next\",}", "{\"op\":NaN}", "{\"op\":\"step\",\"n\":01}", "{\"op\":\"step\",\"n\":1e}");
            case 3 -> v + v;
            case 4 -> v.replace('"', '\'');
            case 5 -> "{\"op\":\"next\"" + "\u0000\u0001\u001f" + "}";
            case 6 -> "\uFEFF" + v;
            default -> v.replace("}", "");
        };
    }

    private static String wrongTypes(SplittableRandom r) {
        String bad = pick(r, "null", "true", "1.5", "-0", "[]", "{}", "[1,2]", "\"5\"", "{\"n\":1}", "\"\"");
        return switch (r.nextInt(8)) {
            case 0 -> "{\"op\":" + bad + "}";
            case 1 -> "{\"op\":\"step\",\"n\":" + bad + "}";
            case 2 -> "{\"op\":\"seek\",\"step\":" + bad + "}";
            case 3 -> "{\"op\":\"load\",\"lesson\":" + bad + "}";
            case 4 -> "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"lang\":" + bad + "}";
            case 5 -> "{\"op\":\"inject\",\"" + pick(r, "go", "signal", "gc") + "\":" + bad + "}";
            case 6 -> "{\"op\":\"set\",\"" + pick(r, "asyncPreemption", "writeBarrier") + "\":" + bad + "}";
            default -> "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":" + bad + "}";
        };
    }

    private static String hugeNumbers(SplittableRandom r) {
        String n = pick(r, "1e308", "1e309", "-1e308", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "99999999999999999999999999999999", "1000001", "200001", "4294967296",
                "2147483648", "1.0000000001", "0", "0.0", "1e2", "1E+1");
        return "{\"op\":\"" + pick(r, "step", "back", "seek") + "\",\"" + pick(r, "n", "step") + "\":" + n + "}";
    }

    private static String deep(SplittableRandom r) {
        int depth = pick(r, 10, 400, 999, 1001, 3000, 7000);
        boolean arrays = r.nextBoolean();
        StringBuilder sb = new StringBuilder("{\"op\":\"step\",\"n\":1,\"x\":");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "]" : "}");
        }
        return sb.append("}").toString();
    }

    /** A load whose lesson id is a long string: one byte under, at, or one over the size limit. */
    private static String nearTheLimit(SplittableRandom r) {
        int target = MAX_BYTES + pick(r, -1, 0, 1, 2, 1000);
        String head = r.nextBoolean() ? "{\"op\":\"load\",\"lesson\":\"" : "{\"op\":\"step\",\"n\":1,\"pad\":\"";
        String fill = r.nextBoolean() ? "a" : "../";
        StringBuilder sb = new StringBuilder(head);
        while (sb.length() + fill.length() + 2 <= target) {
            sb.append(fill);
        }
        while (sb.length() + 2 < target) {
            sb.append('b');
        }
        return sb.append("\"}").toString();
    }

    private static String odd(SplittableRandom r) {
        return pick(r,
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\"}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"lang\":\"zh\",\"asyncPreemption\":false}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"patch\":true}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"patch\":1}",
                "{\"op\":\"load\",\"lesson\":\"../" + LESSON + "\"}",
                "{\"op\":\"load\",\"lesson\":\"..%2F..%2Fetc%2Fpasswd\"}",
                "{\"op\":\"load\",\"lesson\":\"/etc/passwd\"}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON.toUpperCase() + "\"}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\\u0000\"}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"lang\":\"fr\"}",
                "{\"op\":\"step\",\"n\":0}",
                "{\"op\":\"back\",\"n\":1000000}",
                "{\"op\":\"seek\",\"step\":1000000}",
                "{\"op\":\"seek\"}",
                "{\"op\":\"step\",\"op\":\"reset\"}",
                "{\"op\":\"next\",\"n\":5,\"extra\":{\"x\":[1,2,3]}}",
                "{\"op\":\"inject\"}",
                "{\"op\":\"inject\",\"go\":\"nobody\"}",
                "{\"op\":\"inject\",\"signal\":\"SIGKILL\"}",
                "{\"op\":\"inject\",\"gc\":false}",
                "{\"op\":\"set\"}",
                "{\"op\":\"set\",\"gomaxprocs\":64}",
                "{\"op\":\"lang\"}",
                "{\"op\":\"NEXT\"}",
                "{\"op\":\" next\"}",
                "{\"op\":\"next\\u0000\"}",
                "{\"op\":\"\u4e0b\u4e00\u6b65\"}",
                "{\"OP\":\"next\"}",
                "{\"op\":\"__proto__\"}",
                "{\"__proto__\":{\"op\":\"next\"}}");
    }

    private static String historyLoad(SplittableRandom r) {
        String token = pick(r, "|", "0o:worker|", "4o:worker,9s:SIGUSR1|0-3,3-", "3g|0-1", "5a:0,5w:1|",
                "4c:1000000|", "|0-2,2-5,5-9");
        if (r.nextBoolean()) {
            token = mutate(r, token);
        }
        String step = r.nextInt(4) == 0 ? pick(r, "-1", "1e9", "\"3\"", "null", "2000000") : Integer.toString(r.nextInt(60));
        return "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":" + quote(token) + ",\"step\":" + step + "}";
    }

    /** A few random edits: a character dropped, doubled, replaced, or swapped for junk. */
    static String mutate(SplittableRandom r, String s) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, sb.charAt(at));
                case 2 -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
                default -> sb.insert(at, junk(r, 1 + r.nextInt(4)));
            }
        }
        return sb.toString();
    }

    /** Random characters, ASCII mostly, some from further up (and some lone surrogates). */
    private static String junk(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            sb.append(k < 7 ? (char) (32 + r.nextInt(95)) : k < 9 ? (char) (0x80 + r.nextInt(0x7000)) : (char) r.nextInt(32));
        }
        return sb.toString();
    }

    private static byte[] bytes(SplittableRandom r) {
        byte[] b = new byte[r.nextInt(64)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 32) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** Where two JSON trees first differ: a pointer and both values. */
    static String difference(JsonNode a, JsonNode b, String at) {
        if (a.isContainerNode() && b.isContainerNode() && a.getNodeType() == b.getNodeType()) {
            java.util.Iterator<String> names = a.isObject() ? a.fieldNames() : null;
            int n = a.isArray() ? Math.max(a.size(), b.size()) : 0;
            if (names != null) {
                while (names.hasNext()) {
                    String k = names.next();
                    if (!a.get(k).equals(b.get(k))) {
                        return b.has(k) ? difference(a.get(k), b.get(k), at + "/" + k) : at + "/" + k + ": only in the fuzzed frame";
                    }
                }
                return at + ": keys differ " + a.size() + " vs " + b.size();
            }
            for (int i = 0; i < n; i++) {
                if (i >= a.size() || i >= b.size()) {
                    return at + ": lengths " + a.size() + " vs " + b.size();
                }
                if (!a.get(i).equals(b.get(i))) {
                    return difference(a.get(i), b.get(i), at + "/" + i);
                }
            }
        }
        return at + ": fuzzed " + shorten(a.toString()) + ", clean " + shorten(b.toString());
    }

    private static String shorten(String m) {
        return m.length() > 120 ? m.substring(0, 120) + "...(" + m.length() + " chars)" : m;
    }
}
