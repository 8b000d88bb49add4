package goroutinelab.e2e;

import com.microsoft.playwright.Browser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser frame time (docs/performance.md, "Browser frame time"): the player
 * plays a big run at full motion while the page records the interval between
 * animation frames. Two runs: 1,000 goroutines on four Ps (thousand-goroutines)
 * and a 2,000-object heap being marked (heap-2000). The figures go to
 * target/frame-time.json; the assertion here is loose (a shared CI machine is
 * noisy), the budget we hold ourselves to is a p95 frame interval <= 16.7 ms,
 * checked with -Dframetime.strict=true.
 */
@Tag("bench")
class FrameTimeTest extends BrowserTest {
    static final double BUDGET_MS = 16.7;
    static final Map<String, Object> RESULTS = new LinkedHashMap<>();

    @Override
    boolean animated() {
        return true;
    }

    @Override
    Browser.NewContextOptions contextOptions() {
        // full motion: the transitions are what is measured
        return new Browser.NewContextOptions().setViewportSize(1400, 1000).setBypassCSP(true);
    }

    @Test
    void aThousandGoroutinesAnimateAndTheirFrameIntervalsAreRecorded() throws IOException {
        PlayerPage player = open("e2e-thousand-goroutines");
        player.next(); // 1,000 goroutines: full queues, the global queue, stealing to come
        measure(player, "goroutines-1000", 40, "4");
        measure(player, "goroutines-1000-fast", 80, "16");
    }

    @Test
    void twoThousandHeapObjectsAnimateAndTheirFrameIntervalsAreRecorded() throws IOException {
        PlayerPage player = open("e2e-heap-2000");
        player.next(); // 2,000 objects, the collector starts
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(player.heap.cells()).hasAttribute("data-objects", "2000");
        measure(player, "e2e-heap-2000", 40, "4");
    }

    private void measure(PlayerPage player, String name, int steps, String speed) throws IOException {
        // deltas: the interval between animation frames (what the learner sees: 16.7 ms is 60 fps);
        // busy: from a frame's start to the end of its rendering (a message posted in rAF runs after paint)
        page.evaluate("() => { window.__ft = { deltas: [], busy: [], last: 0, on: true };"
                + " const ch = new MessageChannel(); let start = 0;"
                + " ch.port1.onmessage = () => { window.__ft.busy.push(performance.now() - start); };"
                + " const loop = (t) => { const f = window.__ft; if (!f.on) return; if (f.last) f.deltas.push(t - f.last); f.last = t;"
                + " start = performance.now(); ch.port2.postMessage(0); requestAnimationFrame(loop); };"
                + " requestAnimationFrame(loop); }");
        long from = player.step();
        Path trace = Path.of("target", "frame-time-" + name + ".trace.json");
        Files.createDirectories(trace.getParent());
        browser.startTracing(page, new Browser.StartTracingOptions().setPath(trace).setCategories(List.of("devtools.timeline", "disabled-by-default-devtools.timeline")));
        player.speed.selectOption(speed);
        player.playButton.click();
        long playedFrom = System.nanoTime();
        // waited for inside the page on a slow timer: polling from the test (a selector query per poll,
        // many a second) would put the harness's own work on the main thread being measured
        page.waitForFunction("n => Number(document.body.dataset.step) >= n", (int) (from + steps),
                new com.microsoft.playwright.Page.WaitForFunctionOptions().setPollingInterval(500).setTimeout(120_000));
        double playedSeconds = (System.nanoTime() - playedFrom) / 1e9;
        player.playButton.click();
        player.waitForSettled();
        browser.stopTracing();
        List<Double> renderCpu = renderTaskCpuMs(trace);
        if (!Boolean.getBoolean("frametime.keepTrace")) {
            Files.deleteIfExists(trace);
        }
        @SuppressWarnings("unchecked")
        List<Number> raw = (List<Number>) page.evaluate("() => { window.__ft.on = false; return window.__ft.deltas; }");
        List<Double> d = new ArrayList<>();
        raw.forEach(n -> d.add(n.doubleValue()));
        d.sort(null);
        @SuppressWarnings("unchecked")
        List<Number> rawBusy = (List<Number>) page.evaluate("() => window.__ft.busy");
        List<Double> busy = new ArrayList<>();
        rawBusy.forEach(n -> busy.add(n.doubleValue()));
        busy.sort(null);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("frames", d.size());
        r.put("steps", player.step() - from);
        r.put("stepsPerSecond", Integer.parseInt(speed));
        // the rate the player reached (the step counter read every half second, so within a few per cent)
        r.put("playedStepsPerSecond", round(steps / playedSeconds));
        r.put("p50Ms", round(pct(d, 0.50)));
        r.put("p95Ms", round(pct(d, 0.95)));
        r.put("p99Ms", round(pct(d, 0.99)));
        r.put("maxMs", round(d.get(d.size() - 1)));
        r.put("over16_7", d.stream().filter(x -> x > BUDGET_MS + 0.5).count());
        r.put("busyP50Ms", round(pct(busy, 0.50)));
        r.put("busyP95Ms", round(pct(busy, 0.95)));
        r.put("renderTasks", renderCpu.size());
        r.put("renderCpuP50Ms", round(pct(renderCpu, 0.50)));
        r.put("renderCpuP95Ms", round(pct(renderCpu, 0.95)));
        r.put("renderCpuMaxMs", round(renderCpu.get(renderCpu.size() - 1)));
        r.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        RESULTS.put(name, r);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "frame-time.json"), FakeLab.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(RESULTS));
        System.out.println("frame time " + name + ": " + r);
        // the strict check holds the budget on what the learner sees, the frame interval (an on-time frame's
        // timestamp jitters by a tenth of a millisecond, hence the half-millisecond allowance); the loose one
        // catches regressions of the main thread's CPU per frame, which a busy machine inflates less
        if (Boolean.getBoolean("frametime.strict")) {
            assertThat(pct(d, 0.95)).as("p95 frame interval of %s in ms (%s)", name, r).isLessThanOrEqualTo(BUDGET_MS + 0.5);
        } else {
            assertThat(pct(renderCpu, 0.95)).as("p95 main-thread CPU per frame of %s in ms (%s)", name, r).isLessThanOrEqualTo(50);
        }
    }

    /**
     * The main thread's CPU time (the trace's tdur, which a busy machine does not inflate the way it
     * inflates wall time) of every task that produced a frame: rAF callbacks (our views, D3's
     * transitions), style, layout and paint; plus the task that took in the frame message before it.
     */
    private static List<Double> renderTaskCpuMs(Path trace) throws IOException {
        com.fasterxml.jackson.databind.JsonNode events = FakeLab.JSON.readTree(trace.toFile()).get("traceEvents");
        Map<String, Integer> byThread = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode e : events) {
            if ("UpdateLayoutTree".equals(e.path("name").asText())) {
                byThread.merge(e.path("pid").asText() + ":" + e.path("tid").asText(), 1, Integer::sum);
            }
        }
        String main = byThread.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<long[]> tasks = new ArrayList<>(); // ts, dur, tdur, isFrame
        List<long[]> marks = new ArrayList<>(); // ts of frame work inside tasks
        for (com.fasterxml.jackson.databind.JsonNode e : events) {
            if (!main.equals(e.path("pid").asText() + ":" + e.path("tid").asText()) || !e.has("dur")) {
                continue;
            }
            String n = e.path("name").asText();
            if (n.equals("RunTask")) {
                tasks.add(new long[]{e.get("ts").asLong(), e.get("dur").asLong(), e.path("tdur").asLong(e.get("dur").asLong())});
            } else if (n.equals("FireAnimationFrame") || n.equals("Paint") || n.equals("Layout") || n.equals("UpdateLayoutTree")) {
                marks.add(new long[]{e.get("ts").asLong()});
            }
        }
        tasks.sort((a, b) -> Long.compare(a[0], b[0]));
        marks.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Double> out = new ArrayList<>();
        int m = 0;
        long carried = 0; // CPU of non-frame tasks (messages) since the last frame task
        for (long[] t : tasks) {
            while (m < marks.size() && marks.get(m)[0] < t[0]) {
                m++;
            }
            boolean frame = m < marks.size() && marks.get(m)[0] < t[0] + t[1];
            if (frame) {
                out.add((t[2] + carried) / 1000.0);
                carried = 0;
            } else {
                carried += t[2];
            }
        }
        out.sort(null);
        return out;
    }

    private static double pct(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
