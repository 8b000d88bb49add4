package goroutinelab.real;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a command with bounds: a scrubbed environment (only what is given),
 * a working directory, a wall-clock limit, a limit on what it may print (both
 * streams together), and, where prlimit(1) exists, kernel limits on its
 * address space, file size, open files and CPU time. A command past a limit
 * is killed with everything it started.
 */
final class Bounded {
    /** The kernel limits, applied through prlimit when it is there. */
    record Limits(Duration wall, long maxOutputBytes, long maxAddressSpaceBytes, long maxFileBytes) {
    }

    /** What the command did: exit status (128 + n for a signal), its output, and which limit stopped it (null if none). */
    record Outcome(int exitCode, String stdout, String stderr, String limitHit, long wallNs) {
        List<String> stderrLines() {
            return List.of(stderr.split("\n", -1));
        }
    }

    private static final Path PRLIMIT = findPrlimit();

    private Bounded() {
    }

    private static Path findPrlimit() {
        for (String dir : new String[]{"/usr/bin", "/bin", "/usr/local/bin"}) {
            Path p = Path.of(dir, "prlimit");
            if (p.toFile().canExecute()) {
                return p;
            }
        }
        return null;
    }

    static boolean kernelLimits() {
        return PRLIMIT != null;
    }

    static Outcome run(List<String> command, Path dir, Map<String, String> env, Limits limits) throws IOException {
        return run(command, dir, env, limits, null);
    }

    /**
     * As {@link #run(List, Path, Map, Limits)}, with standard output written to a file (its size
     * bounded by the file-size limit, where prlimit exists) instead of kept.
     */
    static Outcome run(List<String> command, Path dir, Map<String, String> env, Limits limits, Path stdoutFile)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (PRLIMIT != null && (limits.maxAddressSpaceBytes > 0 || limits.maxFileBytes > 0)) {
            cmd.add(PRLIMIT.toString());
            if (limits.maxAddressSpaceBytes > 0) {
                cmd.add("--as=" + limits.maxAddressSpaceBytes);
            }
            if (limits.maxFileBytes > 0) {
                cmd.add("--fsize=" + limits.maxFileBytes);
            }
            cmd.add("--nofile=256");
            cmd.add("--cpu=" + (limits.wall.toSeconds() * 2 + 2));
            cmd.add("--");
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (stdoutFile != null) {
            pb.redirectOutput(stdoutFile.toFile());
        }
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        AtomicBoolean tooMuch = new AtomicBoolean();
        long[] budget = {limits.maxOutputBytes};
        Drain out = new Drain(stdoutFile == null ? p.getInputStream() : InputStream.nullInputStream(), budget, tooMuch, p);
        Drain err = new Drain(p.getErrorStream(), budget, tooMuch, p);
        out.start();
        err.start();
        String limitHit = null;
        try {
            if (!p.waitFor(limits.wall.toMillis(), TimeUnit.MILLISECONDS)) {
                limitHit = "time limit (" + limits.wall.toSeconds() + " s)";
                kill(p);
            }
            out.join(5_000);
            err.join(5_000);
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (tooMuch.get() && limitHit == null) {
            limitHit = "output limit (" + limits.maxOutputBytes + " bytes)";
        }
        int code = p.isAlive() ? -1 : p.exitValue();
        return new Outcome(code, out.text(), err.text(), limitHit, System.nanoTime() - start);
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Reads a stream to its end, keeping what fits in the shared budget; past it, kills the process. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final long[] budget;
        private final AtomicBoolean tooMuch;
        private final Process p;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Drain(InputStream in, long[] budget, AtomicBoolean tooMuch, Process p) {
            super("bounded-drain");
            setDaemon(true);
            this.in = in;
            this.budget = budget;
            this.tooMuch = tooMuch;
            this.p = p;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    int keep;
                    synchronized (budget) {
                        keep = (int) Math.max(0, Math.min(n, budget[0]));
                        budget[0] -= n;
                    }
                    kept.write(buf, 0, keep);
                    if (keep < n) {
                        tooMuch.set(true);
                        kill(p);
                        return;
                    }
                }
            } catch (IOException e) {
                // the process was killed, or closed its stream: what was read is kept
            }
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
