package goroutinelab.checkserver;

import goroutinelab.lesson.Checker;
import goroutinelab.lesson.LessonError;
import goroutinelab.lesson.LessonLoader;
import goroutinelab.lesson.LessonStore;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The warm checker behind server/bin/check: a JVM that stays up, so a check
 * after the first skips the JVM's start-up and runs on compiled code, the way
 * build tools keep a daemon. The launcher starts it in the background after a
 * check that found none ({@code java -jar JAR check-server --state FILE --jar JAR},
 * a command the help does not list) and sends it each check over 127.0.0.1
 * ({@link Wire}); it answers with exactly what {@code java -jar JAR check ARGS}
 * in the launcher's folder would print, on each stream, and the same exit code.
 *
 * <p>What keeps that promise:
 * <ul>
 *   <li>checks run one at a time, each with a fresh {@link Checker} that reads
 *       the launcher's folder and prints paths as given, and with System.out
 *       and System.err caught for its length; a check reads every lesson from
 *       the disk again (nothing is cached between checks);</li>
 *   <li>the launcher keeps one server per jar, java command and locale
 *       (LC_ALL, LC_CTYPE, LC_MESSAGES, LANG: they decide the JVM's charsets),
 *       and the server decodes the arguments as the JVM decodes a command line,
 *       answering {@code fallback} for bytes that would not survive it;</li>
 *   <li>whatever the server cannot vouch for, it answers {@code fallback} and
 *       the launcher runs the check on a JVM of its own: command lines picocli
 *       would handle (options, help), a check that threw (after which the server
 *       exits when it was an Error, such as running out of memory), a jar that
 *       changed under it.</li>
 * </ul>
 *
 * <p>It exits after {@code --idle-seconds} without a request (15 minutes), when
 * its jar changes, when its file is removed or names another server, and on a
 * {@code stop} request ({@code server/bin/check --stop}). After starting it
 * plays the bundled lessons a few times ({@code --warmup-rounds}), yielding to
 * any check that arrives, so the next check already runs compiled code.
 */
public final class CheckServer {
    static final long DEFAULT_IDLE_SECONDS = 15 * 60;
    static final int DEFAULT_WARMUP_ROUNDS = 3;
    /** How often the jar, the file and the idle time are looked at. */
    private static final long WATCH_MS = 2_000;
    /** The heap is collected once this long after the last request, so an idle server holds little. */
    private static final long COLLECT_AFTER_NS = 2_000_000_000L;
    private static final int MAX_CONNECTIONS = 16;
    /** Long runs of the commonest moves on one P and on two (beside this class): see {@link #warmUp}. */
    static final List<String> WARMUP_LESSONS = List.of("warmup-one-p", "warmup-two-p");
    /** The warm-up goes on past its rounds while a round kept the compilers busier than this... */
    private static final long WARM_COMPILE_MS = 20;
    /** ...up to this many rounds in all. */
    private static final int MAX_WARMUP_ROUNDS = 15;

    private final ServerFile file;
    private final Path jar;
    private final String jarIdentity;
    private final String token;
    private final long idleNs;
    private final ReentrantLock checks = new ReentrantLock(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastUsedNs = System.nanoTime();
    private volatile boolean collected;
    private volatile boolean stopping;

    private CheckServer(ServerFile file, Path jar, String jarIdentity, long idleSeconds) {
        this.file = file;
        this.jar = jar;
        this.jarIdentity = jarIdentity;
        this.idleNs = idleSeconds * 1_000_000_000L;
        byte[] t = new byte[32];
        new SecureRandom().nextBytes(t);
        this.token = HexFormat.of().formatHex(t);
    }

    /** {@code check-server --state FILE --jar JAR [--idle-seconds N] [--warmup-rounds N]}; returns only when it cannot start. */
    public static int main(String[] args) {
        Path state = null;
        Path jar = null;
        long idle = DEFAULT_IDLE_SECONDS;
        int warmup = DEFAULT_WARMUP_ROUNDS;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--state" -> state = Path.of(args[++i]);
                    case "--jar" -> jar = Path.of(args[++i]);
                    case "--idle-seconds" -> idle = Long.parseLong(args[++i]);
                    case "--warmup-rounds" -> warmup = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (state == null || jar == null || idle < 1 || warmup < 0) {
                throw new IllegalArgumentException("needs --state FILE --jar JAR, --idle-seconds 1 or more, --warmup-rounds 0 or more");
            }
        } catch (RuntimeException e) {
            System.err.println("check-server: " + e.getMessage());
            return 2;
        }
        try {
            ServerFile f = new ServerFile(state);
            f.checkFolder();
            if (!f.lock(5_000)) {
                System.err.println("check-server: another check server holds " + state + ".lock: this one is not needed");
                return 0;
            }
            new CheckServer(f, jar, ServerFile.identity(jar), idle).serve(warmup);
            return 0;
        } catch (IOException e) {
            System.err.println("check-server: cannot start: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private void serve(int warmupRounds) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ThreadPoolExecutor connections = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "check-connection"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> file.removeIfOurs(token), "check-server-file"));
        file.write(socket.getLocalPort(), token, jarIdentity);
        System.out.println("check server " + ProcessHandle.current().pid() + " on 127.0.0.1:" + socket.getLocalPort()
                + " for " + jar + "; exits after " + idleNs / 1_000_000_000L + " s idle");
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "check-server-watch"));
        watch.scheduleWithFixedDelay(this::watch, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
        daemon(() -> warmUp(warmupRounds), "check-server-warmup").start();
        while (!stopping) {
            Socket s = socket.accept();
            inFlight.incrementAndGet();
            lastUsedNs = System.nanoTime();
            try {
                connections.execute(() -> {
                    try (s) {
                        handle(s);
                    } catch (IOException | RuntimeException e) {
                        // the launcher saw a broken connection and fell back to a JVM of its own
                    } finally {
                        lastUsedNs = System.nanoTime();
                        collected = false;
                        inFlight.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                s.close();
                inFlight.decrementAndGet();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void handle(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        Wire.Request req;
        try {
            req = Wire.read(new BufferedInputStream(s.getInputStream()));
        } catch (Wire.Malformed e) {
            out.write(Wire.line("refused"));
            return;
        }
        if (!MessageDigest.isEqual(req.token().getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII))) {
            out.write(Wire.line("refused"));
            return;
        }
        if (req.command().equals("stop")) {
            file.removeIfOurs(token);
            out.write(Wire.line("stopping", Long.toString(ProcessHandle.current().pid())));
            out.flush();
            stop("asked to stop");
            return;
        }
        if (!req.command().equals("check")) {
            out.write(Wire.line("refused"));
            return;
        }
        out.write(Wire.line("accepted"));
        out.flush();
        answer(req, out);
    }

    /** Runs an accepted check and writes its outcome, or {@code fallback} and why when the launcher should run it itself. */
    private void answer(Wire.Request req, OutputStream out) throws IOException {
        if (!jarUnchanged()) {
            out.write(Wire.line("fallback", "jar-changed"));
            out.flush();
            stop("its jar changed");
            return;
        }
        List<String> args = decode(req.args());
        List<String> cwdText = decode(List.of(req.cwd()));
        String cwd = cwdText == null ? null : cwdText.get(0);
        if (args == null || cwd == null || cwd.isEmpty() || !Path.of(cwd).isAbsolute() || !Files.isDirectory(Path.of(cwd))) {
            out.write(Wire.line("fallback", "unusual-bytes-or-folder"));
            return;
        }
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add("check");
        command.addAll(args);
        if (!Checker.plainCommandLine(command)) {
            out.write(Wire.line("fallback", "not-a-plain-check"));
            return;
        }
        Outcome o;
        try {
            o = check(Path.of(cwd), args);
        } catch (Throwable t) {
            out.write(Wire.line("fallback", "the-check-threw"));
            out.flush();
            System.out.println("check server: a check threw " + t);
            if (t instanceof Error) {
                stop("a check threw an Error: its state cannot be trusted");
            }
            return;
        }
        out.write(Wire.line("ok", Integer.toString(o.code()), Integer.toString(o.err().length)));
        out.write(o.err());
        out.write(o.out());
        out.flush();
    }

    /** What one check printed on each stream, and its exit code. */
    private record Outcome(int code, byte[] out, byte[] err) {
    }

    /** Runs one check as {@code java -jar JAR check ARGS} in {@code cwd} would, both streams caught. */
    private Outcome check(Path cwd, List<String> args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(outBytes, true, streamCharset("stdout"));
        PrintStream err = new PrintStream(errBytes, true, streamCharset("stderr"));
        checks.lock();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(out);
            System.setErr(err);
            int code = new Checker(out, cwd).run(args.stream().map(Path::of).toList());
            out.flush();
            err.flush();
            return new Outcome(code, outBytes.toByteArray(), errBytes.toByteArray());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            checks.unlock();
        }
    }

    /** The charset this JVM's System.out (or err) was made with: the locale's, as in a JVM the launcher would start. */
    static Charset streamCharset(String stream) {
        String enc = System.getProperty(stream + ".encoding", System.getProperty("sun." + stream + ".encoding"));
        try {
            return enc != null ? Charset.forName(enc) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /**
     * The launcher's bytes as the JVM would read them from its command line
     * (sun.jnu.encoding), or null when some would not survive the round trip:
     * then only a JVM of its own reproduces what {@code check} prints.
     */
    static List<String> decode(List<byte[]> fields) {
        Charset jnu;
        try {
            jnu = Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<String> out = new ArrayList<>(fields.size());
        for (byte[] f : fields) {
            try {
                String s = jnu.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(f)).toString();
                ByteBuffer back = jnu.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(s));
                byte[] b = new byte[back.remaining()];
                back.get(b);
                if (!java.util.Arrays.equals(b, f)) {
                    return null;
                }
                out.add(s);
            } catch (CharacterCodingException e) {
                return null;
            }
        }
        return out;
    }

    private boolean jarUnchanged() {
        try {
            return ServerFile.identity(jar).equals(jarIdentity);
        } catch (IOException e) {
            return false;
        }
    }

    /** Every WATCH_MS: leave when the jar changed, the file no longer names this server, or nothing came for the idle time. */
    private void watch() {
        if (!jarUnchanged()) {
            stop("its jar changed");
        } else if (!file.namesToken(token)) {
            stop("its file is gone or names another server");
        }
        long idle = System.nanoTime() - lastUsedNs;
        if (inFlight.get() == 0 && !checks.isLocked()) {
            if (idle > idleNs) {
                stop("idle for " + idleNs / 1_000_000_000L + " s");
            } else if (!collected && idle > COLLECT_AFTER_NS) {
                collected = true;
                System.gc();
            }
        }
    }

    private void stop(String why) {
        stopping = true;
        file.removeIfOurs(token);
        System.out.println("check server " + ProcessHandle.current().pid() + " exits: " + why);
        System.exit(0);
    }

    /**
     * Plays every bundled lesson and the warm-up lessons (long runs of yields and
     * channel passing, on one P and on two) {@code rounds} times, as check plays them,
     * one lesson at a time under the checks' lock (which is fair: a check that
     * arrives waits for one lesson at most).
     */
    private void warmUp(int rounds) {
        Map<String, String> lessons = new java.util.LinkedHashMap<>(LessonStore.bundledTexts());
        for (String id : WARMUP_LESSONS) {
            try {
                lessons.put(id, warmupLesson(id));
            } catch (IOException | RuntimeException e) {
                System.out.println("check server: cannot read its warm-up lesson " + id + ": " + e);
            }
        }
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        List<String> failed = new ArrayList<>();
        int played = 0;
        long compiledMs = 0;
        // `rounds`, then more while the compilers were still busy in the last one (they compile what the
        // rounds made hot while the next round plays; a check arriving then would pay for it)
        while (rounds > 0 && !stopping && played < Math.max(rounds, MAX_WARMUP_ROUNDS)
                && (played < rounds || compiledMs > WARM_COMPILE_MS)) {
            long jit0 = jit.getTotalCompilationTime();
            for (Map.Entry<String, String> e : lessons.entrySet()) {
                checks.lock();
                try {
                    Checker.Result res = Checker.play(LessonLoader.parse(e.getValue(), e.getKey() + ".yaml", e.getKey()), System.nanoTime());
                    if (!res.ok() && played == 0) {
                        failed.add(e.getKey());
                    }
                } catch (LessonError | RuntimeException ex) {
                    if (played == 0) {
                        failed.add(e.getKey());
                    }
                } finally {
                    checks.unlock();
                }
            }
            compiledMs = jit.getTotalCompilationTime() - jit0;
            played++;
        }
        collected = false;
        System.out.printf("check server %d warmed up: %d rounds of %d lessons in %d ms, %d ms of CPU, %d ms compiling in the last%s%n",
                ProcessHandle.current().pid(), played, lessons.size(), (System.nanoTime() - t0) / 1_000_000,
                (mx.getCurrentThreadCpuTime() - c0) / 1_000_000, compiledMs,
                failed.isEmpty() ? "" : "; these did not check: " + failed);
    }

    /** A warm-up lesson's text (beside this class in the jar). */
    static String warmupLesson(String id) throws IOException {
        try (java.io.InputStream in = CheckServer.class.getResourceAsStream(id + ".yaml")) {
            if (in == null) {
                throw new IOException("no resource " + id + ".yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
