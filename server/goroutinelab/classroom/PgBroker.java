package goroutinelab.classroom;

import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * The broker of replicas sharing one PostgreSQL: {@code pg_notify} on the
 * channel {@value #CHANNEL} to publish, and one connection per server that
 * LISTENs on it. PostgreSQL delivers a notification to every listener when
 * the publishing transaction commits, in commit order, at most 8000 bytes each
 * (events are kept under {@link Broker#MAX_EVENT_BYTES}). No other service to
 * run: the database the replicas already share is the broker (docs/deploy.md).
 *
 * <p>The listening connection is this class's own, outside the pool. If it
 * drops (the database restarts, a network blip), the thread reconnects with
 * backoff and calls onResync, since notifications sent meanwhile are lost.
 */
final class PgBroker implements Broker {
    static final String CHANNEL = "goroutine_lab_rooms";
    private static final Logger LOG = LoggerFactory.getLogger(PgBroker.class);

    private final String url;
    private final Jdbi jdbi;
    private volatile boolean closed;
    private volatile Connection listening;
    private Thread thread;

    PgBroker(String url, Jdbi jdbi) {
        this.url = url;
        this.jdbi = jdbi;
    }

    @Override
    public void start(Consumer<String> onEvent, Runnable onResync) {
        Connection first = connect();
        thread = new Thread(() -> listen(first, onEvent, onResync), "classroom-listen");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(String event) {
        jdbi.useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :event)")
                .bind("channel", CHANNEL).bind("event", event).mapTo(String.class).findOne());
    }

    /** Opens the listening connection; throws if the database cannot be reached (at start: the server does not start). */
    private Connection connect() {
        try {
            Connection c = DriverManager.getConnection(url);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            listening = c;
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot LISTEN on the classroom database: " + e.getMessage(), e);
        }
    }

    private void listen(Connection first, Consumer<String> onEvent, Runnable onResync) {
        Connection c = first;
        long backoffMs = 200;
        while (!closed) {
            try {
                if (c == null) {
                    c = connect();
                    backoffMs = 200;
                    LOG.info("classroom: listening again on {}", CHANNEL);
                    onResync.run();
                }
                PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(500);
                if (got != null) {
                    for (PGNotification n : got) {
                        onEvent.accept(n.getParameter());
                    }
                }
            } catch (SQLException | IllegalStateException e) {
                if (closed) {
                    break;
                }
                LOG.warn("classroom: lost the {} listener ({}); reconnecting in {} ms", CHANNEL, e.getMessage(), backoffMs);
                closeQuietly(c);
                c = null;
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    break;
                }
                backoffMs = Math.min(backoffMs * 2, 5000);
            } catch (RuntimeException e) {
                LOG.error("classroom: an event handler failed: {}", e.toString(), e);
            }
        }
        closeQuietly(c);
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(listening);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
