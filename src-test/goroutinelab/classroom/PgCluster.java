package goroutinelab.classroom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, then
 * pg_ctl start on 127.0.0.1 and a free port, trust authentication, fsync off;
 * stopped and deleted when the test JVM exits. Uses Debian's binaries
 * (/usr/lib/postgresql/VERSION/bin, the newest version there; .ci/run installs
 * the postgresql package). PostgreSQL refuses to run as root, so as root the
 * commands run as the "postgres" user the package creates (or "nobody") through
 * runuser. One cluster serves the whole test run; each test takes a fresh database.
 */
public final class PgCluster {
    private static PgCluster shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final String user;
    private final int port;

    private PgCluster(Path dir, Path bin, String user, int port) {
        this.dir = dir;
        this.bin = bin;
        this.user = user;
        this.port = port;
    }

    /** The run's cluster, started on first use. */
    public static synchronized PgCluster shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "pg-stop"));
        }
        return shared;
    }

    /** A new, empty database in the shared cluster: its JDBC URL. */
    public static String freshDatabase() {
        PgCluster c = shared();
        String name = "lab_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection conn = DriverManager.getConnection(c.url("postgres")); Statement s = conn.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PgCluster: cannot create a database: " + e.getMessage(), e);
        }
        return c.url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=lab";
    }

    static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                Path newest = s.filter(p -> Files.isExecutable(p.resolve("bin").resolve("initdb")))
                        .max(Comparator.comparingInt(p -> version(p.getFileName().toString()))).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PgCluster: no PostgreSQL under /usr/lib/postgresql/*/bin: "
                + "install Debian's postgresql package (apt-get install -y postgresql), as .ci/run does");
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*$", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static PgCluster start() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        String user = root ? (exists("postgres") ? "postgres" : "nobody") : null;
        try {
            Path dir = Files.createTempDirectory("goroutine-lab-pg");
            if (user != null) {
                run(List.of("chown", "-R", user, dir.toString()), null);
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PgCluster c = new PgCluster(dir, bin, user, port);
            c.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "lab",
                    "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"));
            c.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("log.txt").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                            + "-c full_page_writes=off -c max_connections=200", "start"));
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(String user) {
        try {
            return run(List.of("id", "-u", user), null) == 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void pg(List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            cmd.addAll(List.of("runuser", "-u", user, "--"));
        }
        cmd.addAll(command);
        int rc = run(cmd, dir);
        if (rc != 0) {
            String log = "";
            try {
                log = Files.exists(dir.resolve("log.txt")) ? Files.readString(dir.resolve("log.txt")) : "";
            } catch (IOException ignored) {
                // no log to show
            }
            throw new IllegalStateException("PgCluster: " + String.join(" ", command) + " exited " + rc + "\n" + log);
        }
    }

    private static int run(List<String> cmd, Path cwd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("PgCluster: " + String.join(" ", cmd) + " did not finish in 120 s");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("PgCluster: cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // left for the system's temp cleaner
        }
    }
}
