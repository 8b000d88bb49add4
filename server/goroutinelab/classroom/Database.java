package goroutinelab.classroom;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The classroom's database: a connection pool, the schema brought up to date
 * by Flyway at open (migrations in goroutinelab/classroom/migration), and JDBI
 * over it. Two engines: H2 embedded in the server (a file under the data
 * directory, the default, or memory for tests) and PostgreSQL, given by a JDBC
 * URL, which several replicas share. The SQL is the subset both understand.
 */
public final class Database implements AutoCloseable {
    public enum Kind { H2, POSTGRESQL }

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Kind kind;
    private final String url;

    private Database(String url, Kind kind) {
        this.url = url;
        this.kind = kind;
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setPoolName("classroom");
        cfg.setMaximumPoolSize(kind == Kind.POSTGRESQL ? 12 : 8);
        cfg.setConnectionTimeout(10_000);
        this.pool = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:goroutinelab/classroom/migration")
                    .load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.jdbi = Jdbi.create(pool);
    }

    /**
     * Opens the database a JDBC URL names: {@code jdbc:postgresql://...} or {@code jdbc:h2:...}.
     * Throws IllegalArgumentException, saying what is expected, for any other kind.
     */
    public static Database open(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new Database(jdbcUrl, Kind.POSTGRESQL);
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return new Database(jdbcUrl, Kind.H2);
        }
        throw new IllegalArgumentException("the database must be a JDBC URL starting jdbc:postgresql: (or jdbc:h2:), not '"
                + (jdbcUrl.length() > 40 ? jdbcUrl.substring(0, 40) + "…" : jdbcUrl) + "'");
    }

    /** The embedded default: an H2 file, {@code classroom.mv.db}, in dir (created if missing). */
    public static Database embedded(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        return open("jdbc:h2:file:" + dir.toAbsolutePath().resolve("classroom") + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    /** A private in-memory database that lives until closed (tests, and an App started without one). */
    public static Database memory() {
        return open("jdbc:h2:mem:classroom-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Kind kind() {
        return kind;
    }

    /** The JDBC URL (with any password in it): only for opening the broker's own connection. */
    String url() {
        return url;
    }

    @Override
    public void close() {
        if (kind == Kind.H2 && url.startsWith("jdbc:h2:mem:")) {
            // DB_CLOSE_DELAY=-1 keeps a memory database past its last connection: drop it explicitly
            try (java.sql.Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (java.sql.SQLException ignored) {
                // the connection closes as the database goes: nothing is left to drop
            }
        }
        pool.close();
    }
}
