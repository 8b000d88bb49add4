package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session is (lesson, language, the learner's injections and switches, step,
 * script step): a frame's step and script step, with its history token when the
 * run is the learner's own, rebuild exactly that frame in a fresh session (after
 * a restart, on another replica). Malformed tokens are refused with a reason and
 * leave the session as it was.
 */
class HistoryTokenTest {
    private static final String LESSON = "goroutines-and-run-queues";
    private static final String[] MOVES = {"{\"op\":\"step\",\"n\":3}", "{\"op\":\"next\"}", "{\"op\":\"back\",\"n\":2}",
            "{\"op\":\"seek\",\"step\":11}", "{\"op\":\"inject\",\"go\":\"worker\"}", "{\"op\":\"inject\",\"go\":\"main\"}",
            "{\"op\":\"set\",\"asyncPreemption\":false}", "{\"op\":\"reset\"}", "{\"op\":\"step\",\"n\":1}", "{\"op\":\"next\"}"};

    private record Probe(Session session, List<JsonNode> out) {
        static Probe of() {
            List<JsonNode> out = new ArrayList<>();
            return new Probe(LimitsTest.session(Limits.defaults().withMaxMessagesPerSecond(1_000_000).withMaxCpuMsPerSecond(100_000), out, new AtomicLong()), out);
        }

        JsonNode send(String m) {
            out.clear();
            session.onMessage(m);
            return out.get(out.size() - 1);
        }
    }

    private static String load(JsonNode frame, String lang) {
        return "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"lang\":\"" + lang + "\",\"history\":"
                + (frame.has("history") ? frame.path("history") : "null") + ",\"step\":" + frame.path("step").asLong()
                + ",\"script\":" + frame.at("/script/index").asInt() + "}";
    }

    @Test
    void everyFrameOfRandomSessionsIsRebuiltExactlyFromItsToken() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Probe a = Probe.of();
            String lang = r.nextBoolean() ? "en" : "zh";
            a.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"lang\":\"" + lang + "\"}");
            for (int i = 0; i < 25; i++) {
                JsonNode f = a.send(MOVES[r.nextInt(MOVES.length)]);
                if (!"frame".equals(f.path("type").asText())) {
                    continue;
                }
                Probe b = Probe.of();
                JsonNode g = b.send(load(f, lang));
                String where = "seed " + seed + " move " + i + " token " + f.path("history");
                assertThat(g.path("type").asText()).as(where).isEqualTo("frame");
                assertThat(g.path("state")).as(where).isEqualTo(f.path("state"));
                assertThat(g.path("script")).as(where).isEqualTo(f.path("script"));
                assertThat(g.path("history")).as(where).isEqualTo(f.path("history"));
                assertThat(g.path("switches")).as(where).isEqualTo(f.path("switches"));
                // and both go on the same way
                JsonNode an = a.send("{\"op\":\"next\"}");
                JsonNode bn = b.send("{\"op\":\"next\"}");
                // the same but for the scrubber's end: the rebuilt run has not been further than its step
                ((com.fasterxml.jackson.databind.node.ObjectNode) an).remove("furthest");
                ((com.fasterxml.jackson.databind.node.ObjectNode) bn).remove("furthest");
                assertThat(bn).as(where + " then next").isEqualTo(an);
                a.send("{\"op\":\"seek\",\"step\":" + f.path("step").asLong() + "}");
            }
        }
    }

    @Test
    void malformedTokensAreRefusedWithAReasonAndTheSessionStaysAsItWas() {
        Probe p = Probe.of();
        p.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\"}");
        p.send("{\"op\":\"step\",\"n\":4}");
        String good = p.send("{\"op\":\"inject\",\"go\":\"worker\"}").path("history").asText();
        JsonNode before = p.send("{\"op\":\"step\",\"n\":2}");
        String h = good.split("\\.")[1];
        String kept = good.split("\\.")[3];
        String f = "f1." + h + ".4." + kept + ".";
        List<String> bad = List.of("f1.", "f1." + h, "f2." + h + ".4.4g", "f1.zzzzzzzz.4.0.4g", "f1." + h + ".x.0.4g", "f1." + h + ".4.x.4g", "f1." + h + ".4.99.4g",
                "f1." + h + ".4.4g",
                f + "3g", f + "4x:1", f + "4s:SIGFOO", f + "4s", f + "4o:", f + "4o:nobody", f + "4a:2", f + "4w:",
                f + "4c:5", f + "-4g", f + "4", f + "5g,4g", f + "9999999999999999g", f + "4g,,5g", f + ",",
                "x".repeat(5000), f + "4g,".repeat(400), f + "4o:" + "w".repeat(3990), "\u0000", f + "4o:worker\u0000",
                "f1." + h + ".\u0664." + kept + ".4g", f + "\u0665g", "f1.0badcafe.4." + kept + ".4g", "4o:worker|");
        for (String token : bad) {
            String m = "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":" + WireFormatQuote.quote(token) + ",\"step\":6}";
            JsonNode e = p.send(m);
            String what = token.length() > 40 ? token.substring(0, 40) + "..." : token;
            if (token.contains("|")) {
                // a link from an earlier version of the lab: it opens the lesson's own run at its step
                assertThat(e.path("type").asText()).as(what).isEqualTo("frame");
                assertThat(e.has("fork")).as(what).isFalse();
                p.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":" + WireFormatQuote.quote(good) + ",\"step\":6}");
                continue;
            }
            assertThat(e.path("type").asText()).as(what).isEqualTo("error");
            assertThat(e.path("code").asText()).as(what).isIn("bad_request", "limit");
            assertThat(e.path("message").asText()).as(what).startsWith("history:").hasSizeLessThan(310);
        }
        assertThat(p.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":\"f1.0badcafe.4." + kept + ".4g\"}")
                .path("message").asText()).contains("another lesson");
        for (String m : List.of("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":5}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"step\":-1}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"step\":\"6\"}",
                "{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"step\":1e30}")) {
            assertThat(p.send(m).path("code").asText()).as(m).isIn("bad_request", "limit");
        }
        // well-formed, but no run of this lesson made it: an injection after the process has exited,
        // refused at load even when it lies beyond the step asked for
        for (String step : List.of("6", "2")) {
            JsonNode e = p.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":\"" + f + "5000g\",\"step\":" + step + "}");
            assertThat(e.path("code").asText()).as("an injection after the end, step " + step).isEqualTo("bad_request");
            assertThat(e.path("message").asText()).contains("does not replay as a run of this lesson");
        }
        assertThat(p.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":\"" + f + "999999999g\",\"step\":1}")
                .path("code").asText()).as("an entry far beyond the session's limit").isEqualTo("limit");
        JsonNode after = p.send("{\"op\":\"back\",\"n\":0}");
        assertThat(after.path("code").asText()).isEqualTo("bad_request");
        JsonNode now = p.send("{\"op\":\"seek\",\"step\":6}");
        assertThat(now.path("state")).isEqualTo(before.path("state"));
        assertThat(now.path("history")).isEqualTo(before.path("history"));
    }

    @Test
    void thousandsOfMutatedTokensNeverCauseAnInternalError() {
        Probe a = Probe.of();
        a.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\"}");
        a.send("{\"op\":\"step\",\"n\":4}");
        a.send("{\"op\":\"inject\",\"go\":\"worker\"}");
        a.send("{\"op\":\"inject\",\"signal\":\"SIGUSR1\"}");
        a.send("{\"op\":\"step\",\"n\":3}");
        a.send("{\"op\":\"inject\",\"gc\":true}");
        String token = a.send("{\"op\":\"step\",\"n\":5}").path("history").asText();
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        Probe b = Probe.of();
        int rebuilt = 0;
        for (int i = 0; i < 3000; i++) {
            String t = FuzzTest.mutate(r, token);
            JsonNode f = b.send("{\"op\":\"load\",\"lesson\":\"" + LESSON + "\",\"history\":" + WireFormatQuote.quote(t)
                    + ",\"step\":" + r.nextInt(40) + "}");
            assertThat(f.path("code").asText()).as("token %s (reproduce with -Dfuzz.seed=%d)", t, seed).isNotEqualTo("internal");
            if ("frame".equals(f.path("type").asText())) {
                rebuilt++;
                JsonNode next = b.send("{\"op\":\"step\",\"n\":2}");
                assertThat(next.path("type").asText()).as("after token %s (seed %d)", t, seed).isEqualTo("frame");
            }
        }
        assertThat(rebuilt).as("some mutations are still valid tokens").isGreaterThan(0);
    }

    /** JSON string quoting for tokens with any characters in them. */
    static final class WireFormatQuote {
        static String quote(String s) {
            try {
                return WireFormat.JSON.writeValueAsString(s);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
