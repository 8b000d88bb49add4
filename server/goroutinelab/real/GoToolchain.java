package goroutinelab.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed Go toolchain: where {@code go} is, its version, whether a C
 * compiler is there for cgo, and which {@code go tool trace -d} prints the
 * text a trace is read from (Go 1.19 to 1.21: {@code -d}; 1.22 and 1.23:
 * {@code -d=2}, the wire text; 1.24 and later: {@code -d=wire}).
 */
public final class GoToolchain {
    private static final Pattern VERSION = Pattern.compile("^go1\\.(\\d+)(\\.\\d+)?");
    /** The environment every go command gets: nothing of the caller's, no network, no toolchain switching. */
    private static final String SAFE_PATH = "/usr/local/go/bin:/usr/lib/go/bin:/usr/local/bin:/usr/bin:/bin";

    private final Path go;
    private final String version;
    private final int minor;
    private final Path cacheDir;
    private final boolean noC;

    private GoToolchain(Path go, String version, int minor, Path cacheDir) {
        this(go, version, minor, cacheDir, false);
    }

    private GoToolchain(Path go, String version, int minor, Path cacheDir, boolean noC) {
        this.go = go;
        this.version = version;
        this.minor = minor;
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.noC = noC;
    }

    /** The same toolchain on a machine without a C compiler (for tests of what a cgo lesson then says). */
    GoToolchain withoutCCompiler() {
        return new GoToolchain(go, version, minor, cacheDir, true);
    }

    /**
     * The toolchain at {@code goPath} (null: {@code go} on a standard path), whose build cache is kept
     * under cacheDir.
     */
    public static GoToolchain find(String goPath, Path cacheDir) throws RealError {
        // go refuses a relative GOPATH or GOCACHE, and a cache named on the command line is often relative
        cacheDir = cacheDir.toAbsolutePath().normalize();
        Path go = goPath != null ? Path.of(goPath) : onPath("go");
        if (go == null || !Files.isExecutable(go)) {
            throw new RealError(RealError.Kind.NO_TOOLCHAIN, goPath != null
                    ? "no Go toolchain at " + goPath + " (--go names the go command to use)"
                    : "no Go toolchain found (install golang-go, or give --go PATH)");
        }
        GoToolchain probe = new GoToolchain(go.toAbsolutePath(), "", 0, cacheDir);
        String v;
        String said;
        try {
            Files.createDirectories(cacheDir.resolve("home"));
            Bounded.Outcome o = Bounded.run(List.of(probe.go.toString(), "env", "GOVERSION"), cacheDir, probe.env(false),
                    new Bounded.Limits(Duration.ofSeconds(30), 64 * 1024, 0, 0));
            v = o.stdout().trim();
            said = o.stderr().strip().lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new RealError(RealError.Kind.NO_TOOLCHAIN, "the Go toolchain did not run (" + e.getClass().getSimpleName() + ")");
        }
        Matcher m = VERSION.matcher(v);
        if (!m.find()) {
            throw new RealError(RealError.Kind.NO_TOOLCHAIN, "the Go toolchain did not say its version (go env GOVERSION)"
                    + (said.isEmpty() ? "" : ": it said \"" + said + "\""));
        }
        int minor = Integer.parseInt(m.group(1));
        if (minor < 19) {
            throw new RealError(RealError.Kind.NO_TOOLCHAIN, "Go " + v + " is too old: the lab needs Go 1.19 or later");
        }
        return new GoToolchain(probe.go, v, minor, cacheDir);
    }

    static Path onPath(String name) {
        for (String dir : SAFE_PATH.split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public Path go() {
        return go;
    }

    /** e.g. go1.19.8 */
    public String version() {
        return version;
    }

    /** Whether a C compiler is there for a cgo build (gcc or cc on a standard path). */
    public boolean hasCCompiler() {
        return !noC && (onPath("gcc") != null || onPath("cc") != null || onPath("clang") != null);
    }

    /** The arguments after {@code go tool trace} that print the trace as text. */
    List<String> traceTextArgs() {
        if (minor <= 21) {
            return List.of("tool", "trace", "-d");
        }
        return List.of("tool", "trace", minor <= 23 ? "-d=2" : "-d=wire");
    }

    /** The scrubbed environment of a go command: a build cache of the lab's own, no network, no GOPATH of the caller's. */
    Map<String, String> env(boolean cgo) {
        Path home = cacheDir.resolve("home");
        return Map.of(
                "PATH", go.getParent() + ":" + SAFE_PATH,
                "HOME", home.toString(),
                "GOCACHE", cacheDir.resolve("go-build").toString(),
                "GOPATH", cacheDir.resolve("gopath").toString(),
                "GOPROXY", "off",
                "GOFLAGS", "-mod=mod",
                "GOTOOLCHAIN", "local",
                "GOTELEMETRY", "off",
                "GO111MODULE", "on",
                "CGO_ENABLED", cgo ? "1" : "0");
    }
}
