package goroutinelab.classroom;

import goroutinelab.http.SameSite;
import goroutinelab.lesson.LessonStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The classroom (docs/classroom.md): live classes that follow an instructor,
 * with predictions tallied on the instructor's screen, and coursework with a
 * dashboard. It owns its storage ({@link Database}), its {@link Broker}
 * (in-process for the embedded database, LISTEN/NOTIFY for PostgreSQL) and
 * its routes, which the web app declares with {@link #routes}.
 *
 * <p>Routes:
 * <ul>
 * <li>{@code GET /teach}: start a class or an assignment.</li>
 * <li>{@code POST /api/rooms}, {@code GET /api/rooms/{code}/answers},
 * {@code POST /api/rooms/{code}/position|quiz|reveal}: rooms (RoomApi).</li>
 * <li>{@code GET /r/{code}} (students), {@code GET /r/{code}/teach} (instructor panel),
 * WebSocket {@code /ws/room/{code}} (RoomHub).</li>
 * <li>{@code GET /assignments/new}, {@code GET /a/{id}}, {@code GET /a/{id}/dashboard},
 * {@code POST /api/assignments}, {@code GET|DELETE /api/assignments/{id}},
 * {@code GET /api/assignments/{id}/export.csv}, {@code POST /api/assignments/{id}/students|records},
 * {@code GET /api/assignments/{id}/me}: coursework (AssignmentApi).</li>
 * </ul>
 */
public final class Classroom {
    private static final Logger LOG = LoggerFactory.getLogger(Classroom.class);
    /** A request attribute: the handler wrote its own error page or JSON refusal (the app's 404 handler leaves it alone). */
    public static final String PAGE_RENDERED = "goroutinelab.classroom.page";
    /** An expired room's rows are deleted this long after it expired. */
    public static final Duration ROOM_RETENTION = Duration.ofDays(7);
    /** An assignment's rows are deleted this long after its due date, if the instructor has not deleted it. */
    public static final Duration ASSIGNMENT_RETENTION = Duration.ofDays(90);

    /**
     * Settings: a room expires after roomIdleMs without an instructor command
     * or a student joining; it takes at most roomSize students.
     */
    public record Options(long roomIdleMs, int roomSize) {
        public Options {
            if (roomIdleMs < 1000) {
                throw new IllegalArgumentException("the room idle time must be at least 1 second");
            }
            if (roomSize < 1 || roomSize > 100_000) {
                throw new IllegalArgumentException("the room size must be from 1 to 100000 students");
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofHours(4).toMillis(), 500);
        }
    }

    private final Database db;
    private final boolean ownsDb;
    private final Broker broker;
    private final RoomHub hub;
    private final RoomApi roomApi;
    private final AssignmentApi assignmentApi;
    private final RoomStore rooms;
    private final AssignmentStore assignments;
    private final Options options;
    private final LongSupplier clock;
    private final ScheduledExecutorService timer;

    private Classroom(Database db, boolean ownsDb, LessonStore lessons, Options options, LongSupplier clock) {
        this.db = db;
        this.ownsDb = ownsDb;
        this.options = options;
        this.clock = clock;
        this.rooms = new RoomStore(db.jdbi());
        this.assignments = new AssignmentStore(db.jdbi());
        this.broker = db.kind() == Database.Kind.POSTGRESQL ? new PgBroker(db.url(), db.jdbi()) : new LocalBroker();
        this.timer = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "classroom-timer");
            t.setDaemon(true);
            return t;
        });
        this.hub = new RoomHub(rooms, lessons, broker, options, timer, clock);
        this.roomApi = new RoomApi(rooms, hub, lessons, clock);
        this.assignmentApi = new AssignmentApi(assignments, lessons, clock);
        hub.start();
        long every = Math.max(1000, Math.min(60_000, options.roomIdleMs() / 4));
        timer.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** The classroom on a database the caller opened and closes. */
    public static Classroom open(Database db, LessonStore lessons, Options options) {
        return new Classroom(db, false, lessons, options, System::currentTimeMillis);
    }

    /** The classroom with a clock of the caller's (tests of expiry). */
    public static Classroom open(Database db, LessonStore lessons, Options options, LongSupplier clock) {
        return new Classroom(db, false, lessons, options, clock);
    }

    /** The classroom on a private in-memory database, closed with it: for an app started without storage. */
    public static Classroom inMemory(LessonStore lessons) {
        return new Classroom(Database.memory(), true, lessons, Options.defaults(), System::currentTimeMillis);
    }

    /** Declares the classroom's pages, API and WebSocket. */
    public void routes(RoutesConfig routes) {
        routes.before(ctx -> {
            if (ctx.path().startsWith("/api/rooms") || ctx.path().startsWith("/api/assignments")) {
                guard(ctx);
            }
        });
        routes.wsBeforeUpgrade("/ws/room/*", ctx -> {
            String origin = ctx.header("Origin");
            if (origin != null && !SameSite.sameHost(origin, ctx)) {
                throw new io.javalin.http.ForbiddenResponse(SameSite.REFUSED);
            }
        });
        routes.get("/teach", roomApi::teachPage);
        routes.post("/api/rooms", wrap(roomApi::create));
        routes.post("/api/rooms/{code}/position", wrap(roomApi::position));
        routes.post("/api/rooms/{code}/quiz", wrap(roomApi::quiz));
        routes.post("/api/rooms/{code}/reveal", wrap(roomApi::reveal));
        routes.get("/api/rooms/{code}/answers", wrap(roomApi::answers));
        routes.get("/r/{code}", roomApi::joinPage);
        routes.get("/r/{code}/teach", roomApi::panelPage);
        routes.get("/r/{code}/full", roomApi::fullPage);
        routes.ws("/ws/room/{code}", ws -> {
            ws.onConnect(hub::onConnect);
            ws.onMessage(ctx -> hub.onMessage(ctx, ctx.message()));
            ws.onClose(hub::onClose);
            ws.onError(hub::onClose);
        });
        routes.get("/assignments/new", assignmentApi::newPage);
        routes.get("/a/{id}", assignmentApi::studentPage);
        routes.get("/a/{id}/dashboard", assignmentApi::dashboardPage);
        routes.post("/api/assignments", wrap(assignmentApi::create));
        routes.get("/api/assignments/{id}", wrap(assignmentApi::dashboard));
        routes.delete("/api/assignments/{id}", wrap(assignmentApi::delete));
        routes.get("/api/assignments/{id}/export.csv", wrap(assignmentApi::csv));
        routes.get("/api/assignments/{id}/me", wrap(assignmentApi::me));
        routes.post("/api/assignments/{id}/students", wrap(assignmentApi::join));
        routes.post("/api/assignments/{id}/records", wrap(assignmentApi::record));
    }

    /** Tells every room socket the server is restarting (1012: the page reconnects, to another replica if there is one). */
    public void closeSockets() {
        hub.stop();
    }

    /** Closes the sockets, stops the broker, and closes the database if this classroom opened it. */
    public void stop() {
        hub.stop();
        timer.shutdownNow();
        broker.close();
        if (ownsDb) {
            db.close();
        }
    }

    /** Open room sockets on this server. */
    public int sockets() {
        return hub.sockets();
    }

    private interface Action {
        void handle(Context ctx) throws Exception;
    }

    /** Runs a handler, answering its refusals as JSON. */
    private static Handler wrap(Action a) {
        return ctx -> {
            try {
                a.handle(ctx);
            } catch (Http.Refusal r) {
                Http.refuse(ctx, r.status, r.code, r.getMessage());
            } catch (RoomError e) {
                Http.refuse(ctx, e.status, e.code, e.getMessage());
            }
        };
    }

    private static void guard(Context ctx) {
        HandlerType m = ctx.method();
        if (m == HandlerType.GET || m == HandlerType.HEAD || m == HandlerType.OPTIONS) {
            return;
        }
        try {
            Http.sameSite(ctx);
        } catch (Http.Refusal r) {
            Http.refuse(ctx, r.status, r.code, r.getMessage());
            ctx.skipRemainingHandlers();
        }
    }

    private void sweep() {
        try {
            long now = clock.getAsLong();
            hub.sweep();
            assignmentApi.sweep();
            int rooms = this.rooms.deleteIdleSince(now - options.roomIdleMs() - ROOM_RETENTION.toMillis());
            String cutoff = Instant.ofEpochMilli(now).minus(ASSIGNMENT_RETENTION).atOffset(ZoneOffset.UTC).toLocalDate().toString();
            int assignments = this.assignments.deleteDueBefore(cutoff);
            if (rooms + assignments > 0) {
                LOG.info("classroom: deleted {} expired rooms and {} assignments past their retention", rooms, assignments);
            }
        } catch (RuntimeException e) {
            LOG.warn("classroom: the sweep failed: {}", e.toString());
        }
    }
}
