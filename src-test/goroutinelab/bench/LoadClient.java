package goroutinelab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A classroom opening the lab at the same minute: N browser-like sessions,
 * each one WebSocket that loads a lesson and then steps at a steady rate (a
 * student holding the arrow key, twice a second by default), reporting the
 * round trip of every step (p50, p95, p99, max) and every error. Against
 * {@code /echo} (the server's bare echo, enabled by --echo-endpoint) the same
 * messages measure the transport alone: the baseline.
 *
 * <p>Only the JDK: {@code java -cp target/test-classes goroutinelab.bench.LoadClient --help}.
 * It sends only to the URL given (default 127.0.0.1) and stops by itself.
 */
public final class LoadClient {
    /** What the page's load message asks for (web/static/js/url.js): a state after each of a move's last 24 events. */
    static final int PAGE_SEQUENCE = 24;

    record Options(String url, int sessions, int seconds, double rate, int rampSeconds, String lesson, boolean echo, long start, boolean patch,
                   int sequence, boolean compare, long serverPid, int warmupSeconds) {
        static Options parse(String[] args) {
            Map<String, String> m = new TreeMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help")) {
                    System.out.println("""
                            LoadClient [--url ws://127.0.0.1:7070/ws] [--sessions 500] [--seconds 60] [--rate 2]
                                       [--ramp 10] [--lesson goroutines-and-run-queues] [--start 0] [--patch] [--sequence N] [--whole] [--echo]
                              --start N   after loading, seek to step N (a large state), then step from there
                              --patch     load with "patch": true (forward moves come as RFC 6902 patches)
                              --sequence N  with --patch: also ask for the state after each of a move's last N events (and "sendOnce")
                              --page      load as the page does: "patch": true, "sequence": 24, "sendOnce": true (--compare's default)
                              --whole     load without patches: every frame carries the whole state
                              --echo      measure /echo instead (the URL's path is replaced)
                              --compare   measure /echo, then the lab, in this one run, and print both and their ratios
                              --warmup S  first step the lab for S seconds, unmeasured, so that the server's JIT has
                                          compiled the lab's code before anything is measured (as on a server that has run a while);
                                          with --compare, again between the echo and the lab
                              --server-pid PID  also print the server's CPU time (from /proc/PID/stat) per measured round trip""");
                    System.exit(0);
                }
                if (args[i].equals("--echo") || args[i].equals("--patch") || args[i].equals("--compare")
                        || args[i].equals("--page") || args[i].equals("--whole")) {
                    m.put(args[i].substring(2), "true");
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    m.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            boolean echo = Boolean.parseBoolean(m.getOrDefault("echo", "false"));
            String url = m.getOrDefault("url", "ws://127.0.0.1:7070/ws");
            if (echo) {
                url = url.replaceAll("/ws$", "/echo");
            }
            boolean compare = Boolean.parseBoolean(m.getOrDefault("compare", "false"));
            // what a student's step costs: --compare asks what the page asks unless told --whole (or --patch alone)
            boolean page = m.containsKey("page") || compare && !m.containsKey("whole") && !m.containsKey("patch");
            if (page && m.containsKey("whole")) {
                throw new IllegalArgumentException("--page and --whole ask for different frames: give one");
            }
            boolean patch = page || m.containsKey("patch");
            int sequence = page ? PAGE_SEQUENCE : Integer.parseInt(m.getOrDefault("sequence", "0"));
            URI u = URI.create(url);
            if (!(u.getHost().equals("127.0.0.1") || u.getHost().equals("localhost") || u.getHost().equals("[::1]"))) {
                throw new IllegalArgumentException("LoadClient only loads servers on this machine (127.0.0.1, localhost, [::1])");
            }
            return new Options(url, Integer.parseInt(m.getOrDefault("sessions", "500")),
                    Integer.parseInt(m.getOrDefault("seconds", "60")), Double.parseDouble(m.getOrDefault("rate", "2")),
                    Integer.parseInt(m.getOrDefault("ramp", "10")),
                    m.getOrDefault("lesson", "goroutines-and-run-queues"), echo,
                    Long.parseLong(m.getOrDefault("start", "0")), patch, sequence,
                    compare, Long.parseLong(m.getOrDefault("server-pid", "0")),
                    Integer.parseInt(m.getOrDefault("warmup", "0")));
        }

        /** What the lab's frames are, as the load message asks for them. */
        String frames() {
            return !patch ? "whole states" : sequence > 0 ? "patches, sequence " + sequence + (sequence == PAGE_SEQUENCE ? " (as the page)" : "") : "patches";
        }

        /** The same run against the other endpoint. */
        Options withEcho(boolean on) {
            String u = on ? url.replaceAll("/ws$", "/echo") : url.replaceAll("/echo$", "/ws");
            return new Options(u, sessions, seconds, rate, rampSeconds, lesson, on, start, patch, sequence, false, serverPid, 0);
        }

        /** The warm-up: the lab, for the warm-up's seconds. */
        Options warmup() {
            return new Options(url.replaceAll("/echo$", "/ws"), sessions, warmupSeconds, rate, rampSeconds, lesson, false, start, patch,
                    sequence, false, serverPid, 0);
        }
    }

    /** One run's round trips, in ms. */
    record Result(int count, double p50, double p95, double p99, double max, double serverCpuUs) {
        String row() {
            return String.format("p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (%d round trips)", p50, p95, p99, max, count)
                    + (serverCpuUs < 0 ? "" : String.format("  server CPU %.0f us a round trip", serverCpuUs));
        }
    }

    /** What the run saw, shared by every session. */
    static final class Tally {
        final AtomicLong loadsNs = new AtomicLong();
        final AtomicLong loads = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        volatile boolean measuring;

        void error(String what) {
            errors.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** One browser tab: its socket, its pending requests (send times, in order), its samples. */
    static final class Tab implements WebSocket.Listener {
        final int index;
        final Options opt;
        final Tally tally;
        final ArrayDeque<Long> pending = new ArrayDeque<>();
        final StringBuilder partial = new StringBuilder();
        long[] samples = new long[64];
        int n;
        volatile WebSocket ws;
        volatile boolean loaded;
        volatile boolean ended;
        boolean seeked;
        final CountDownLatch ready = new CountDownLatch(1);

        Tab(int index, Options opt, Tally tally) {
            this.index = index;
            this.opt = opt;
            this.tally = tally;
        }

        /** The send in flight: the JDK's WebSocket takes one at a time, so each waits for the one before. */
        private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

        synchronized void send(String text) {
            pending.addLast(System.nanoTime());
            lastSend = lastSend.handle((x, t) -> null).thenCompose(x -> ws.sendText(text, true)).exceptionally(t -> {
                tally.error("send failed: " + rootCause(t));
                return null;
            });
        }

        void tick() {
            if (ws == null || !loaded) {
                return;
            }
            if (opt.echo()) {
                send("{\"op\":\"step\",\"n\":1}");
            } else {
                send(ended ? "{\"op\":\"reset\"}" : "{\"op\":\"step\",\"n\":1}");
            }
        }

        @Override
        public void onOpen(WebSocket w) {
            w.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String msg = partial.toString();
                partial.setLength(0);
                answered(msg);
            }
            w.request(1);
            return null;
        }

        private void answered(String msg) {
            tally.bytes.addAndGet(msg.length());
            String head = msg.length() > 400 ? msg.substring(0, 400) : msg;
            if (!opt.echo() && head.startsWith("{\"type\":\"lesson\"")) {
                return; // the frame that follows ends the load
            }
            long sent;
            synchronized (this) {
                Long s = pending.pollFirst();
                if (s == null) {
                    tally.error("unexpected message");
                    return;
                }
                sent = s;
            }
            long rtt = System.nanoTime() - sent;
            if (head.startsWith("{\"type\":\"error\"")) {
                int at = head.indexOf("\"code\":\"");
                tally.error("error " + (at < 0 ? "?" : head.substring(at + 8, head.indexOf('"', at + 8))));
            } else if (!opt.echo()) {
                tally.frames.incrementAndGet();
                ended = head.contains("\"ended\":true");
            }
            if (!loaded) {
                if (!opt.echo() && opt.start() > 0 && !seeked) {
                    seeked = true;
                    send("{\"op\":\"seek\",\"step\":" + opt.start() + "}");
                    return;
                }
                loaded = true;
                tally.loads.incrementAndGet();
                tally.loadsNs.addAndGet(rtt);
                ready.countDown();
                return;
            }
            if (tally.measuring) {
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                }
                samples[n++] = rtt;
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            if (tally.measuring) {
                tally.error("closed by the server: " + code + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            tally.error("socket error: " + error.getClass().getSimpleName());
            ready.countDown();
        }
    }

    public static void main(String[] args) throws Exception {
        Options opt = Options.parse(args);
        if (opt.warmupSeconds() > 0) {
            System.out.println("LoadClient: warm-up, not measured");
            run(opt.warmup());
            System.out.println("LoadClient: warm-up done");
            Thread.sleep(3000); // its sockets' closes go through before the measured ones open
        }
        if (!opt.compare()) {
            run(opt);
            System.exit(0);
        }
        // the transport alone, then the lab, on the same server in one invocation
        Result echo = run(opt.withEcho(true));
        Thread.sleep(3000); // the echo sockets' closes go through before the lab's open
        if (opt.warmupSeconds() > 0) {
            // the JVM drops compiled code that went unused for a while (the code cache's sweeper): during the echo's
            // run that is the lab's, which would then be compiled again while measured, as no server that serves
            // the lab does
            System.out.println("LoadClient: the lab warmed up again after the echo, not measured");
            run(opt.warmup());
            Thread.sleep(3000);
        }
        Result lab = run(opt.withEcho(false));
        System.out.println();
        System.out.println("echo: " + echo.row());
        System.out.println("lab:  " + lab.row());
        System.out.printf("ratio lab/echo: p50 %.2f  p95 %.2f  p99 %.2f  (loadavg %s)%n", lab.p50() / echo.p50(),
                lab.p95() / echo.p95(), lab.p99() / echo.p99(), loadavg());
        if (echo.serverCpuUs() >= 0 && lab.serverCpuUs() >= 0) {
            System.out.printf("server CPU a round trip: echo %.0f us, lab %.0f us (%.2fx)%n", echo.serverCpuUs(),
                    lab.serverCpuUs(), lab.serverCpuUs() / echo.serverCpuUs());
        }
        System.exit(0);
    }

    static String loadavg() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** The CPU time a process has used (user and system, every thread), in ns; -1 without a pid. */
    static long processCpuNs(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            // the fields after the command's closing parenthesis: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the CPU time of process " + pid + ": " + e);
        }
    }

    static Result run(Options opt) throws Exception {
        System.out.println("LoadClient: loadavg at the start " + loadavg());
        System.out.printf("LoadClient: %d sessions at %s, %.1f steps/s each, %d s ramp, %d s measured, lesson %s%n",
                opt.sessions(), opt.url(), opt.rate(), opt.rampSeconds(), opt.seconds(), opt.echo() ? "(echo)" : opt.lesson() + ", " + opt.frames());
        Tally tally = new Tally();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(20))
                .executor(Executors.newFixedThreadPool(4)).build();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        List<Tab> tabs = new ArrayList<>();
        long periodUs = (long) (1_000_000 / opt.rate());
        long start = System.nanoTime();
        for (int i = 0; i < opt.sessions(); i++) {
            Tab tab = new Tab(i, opt, tally);
            tabs.add(tab);
            long openAtMs = opt.rampSeconds() * 1000L * i / Math.max(1, opt.sessions());
            timer.schedule(() -> open(http, tab, opt, tally, timer, 0), openAtMs, TimeUnit.MILLISECONDS);
            // each tab steps on its own phase, as students do
            long phaseUs = periodUs * i / Math.max(1, opt.sessions());
            timer.scheduleAtFixedRate(tab::tick, opt.rampSeconds() * 1_000_000L + phaseUs, periodUs, TimeUnit.MICROSECONDS);
        }
        Thread.sleep(opt.rampSeconds() * 1000L + 1000);
        int loaded = (int) tabs.stream().filter(t -> t.loaded).count();
        System.out.printf("LoadClient: %d of %d sessions loaded after the ramp (mean load round trip %.1f ms)%n", loaded,
                opt.sessions(), tally.loads.get() == 0 ? 0.0 : tally.loadsNs.get() / 1e6 / tally.loads.get());
        long cpuStartNs = processCpuNs(opt.serverPid());
        tally.measuring = true;
        long measureStart = System.nanoTime();
        Thread.sleep(opt.seconds() * 1000L);
        tally.measuring = false;
        long cpuNs = opt.serverPid() > 0 ? processCpuNs(opt.serverPid()) - cpuStartNs : -1;
        double measured = (System.nanoTime() - measureStart) / 1e9;
        timer.shutdownNow();
        Thread.sleep(2000); // let the last answers arrive
        for (Tab t : tabs) {
            if (t.ws != null) {
                t.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }
        Result r = report(opt, tally, tabs, measured, (System.nanoTime() - start) / 1e9, cpuNs);
        System.out.println("LoadClient: loadavg at the end " + loadavg());
        return r;
    }

    /** Opens the tab's socket; a failed connect is retried (as the browser's socket.js does) up to 5 times, and counted. */
    private static void open(HttpClient http, Tab tab, Options opt, Tally tally, ScheduledExecutorService timer, int attempt) {
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20)).buildAsync(URI.create(opt.url()), tab)
                .whenComplete((ws, err) -> {
                    if (err != null) {
                        tally.error("connect failed, retried: " + rootCause(err));
                        if (attempt < 5) {
                            timer.schedule(() -> open(http, tab, opt, tally, timer, attempt + 1), 200L << attempt,
                                    TimeUnit.MILLISECONDS);
                        } else {
                            tally.error("connect failed 6 times: gave up");
                        }
                        return;
                    }
                    tab.ws = ws;
                    tab.send("{\"op\":\"load\",\"lesson\":\"" + opt.lesson() + "\"" + (opt.patch() ? ",\"patch\":true" : "")
                            + (opt.patch() && opt.sequence() > 0 ? ",\"sequence\":" + opt.sequence() + ",\"sendOnce\":true" : "") + "}");
                });
    }

    private static String rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private static Result report(Options opt, Tally tally, List<Tab> tabs, double measured, double total, long cpuNs) {
        int count = tabs.stream().mapToInt(t -> t.n).sum();
        long[] all = new long[count];
        int at = 0;
        long unanswered = 0;
        for (Tab t : tabs) {
            System.arraycopy(t.samples, 0, all, at, t.n);
            at += t.n;
            synchronized (t) {
                unanswered += t.pending.size();
            }
        }
        Arrays.sort(all);
        System.out.printf("LoadClient: %d round trips in %.1f s (%.0f/s), %.1f MB received%n", count, measured,
                count / measured, tally.bytes.get() / 1e6);
        if (count > 0) {
            System.out.printf("round trip ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", ms(all, 0.50), ms(all, 0.95),
                    ms(all, 0.99), all[count - 1] / 1e6);
        }
        System.out.println("unanswered at the end: " + unanswered);
        double cpuUs = cpuNs < 0 || count == 0 ? -1 : cpuNs / 1e3 / count;
        if (cpuNs >= 0) {
            System.out.printf("server CPU while measured: %.2f s, %.0f us a round trip%n", cpuNs / 1e9, cpuUs);
        }
        if (tally.errors.isEmpty()) {
            System.out.println("errors: none");
        } else {
            tally.errors.forEach((k, v) -> System.out.println("errors: " + v.get() + " x " + k));
        }
        return count == 0 ? new Result(0, 0, 0, 0, 0, cpuUs)
                : new Result(count, ms(all, 0.50), ms(all, 0.95), ms(all, 0.99), all[count - 1] / 1e6, cpuUs);
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
