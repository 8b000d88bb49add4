package goroutinelab.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import goroutinelab.classroom.Classroom;
import goroutinelab.lesson.LessonStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The web app: the catalogue and player pages (JTE, precompiled), the static
 * ES modules and D3 from its WebJar, and the WebSocket at /ws where each
 * socket is one {@link Session}.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    /** A WebSocket close code for "the server is restarting: reconnect". */
    public static final int CLOSE_RESTARTING = 1012;
    /** A WebSocket close code for "the server is full: try again later". */
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;
    /** A WebSocket close code for "going away": the session was idle for too long. */
    public static final int CLOSE_IDLE = 1001;
    /** Connections the kernel may hold for us before we accept them (capped by net.core.somaxconn). */
    static final int ACCEPT_QUEUE = 1024;
    /**
     * Every response, pages, static files, WebJars and errors alike: scripts and
     * styles only from this origin, no inline script. (No frame-ancestors: the
     * player's embed mode is meant to be framed by course pages.)
     */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
                    + "form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin");

    private final Javalin javalin;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final Limits limits;
    private final HeapGuard heap = new HeapGuard(0.85);
    private final Classroom classroom;
    private volatile boolean stopping;

    private record Entry(Session session, WsContext ctx) {
    }

    private App(LessonStore store, String host, int port, Limits limits, boolean echo, Classroom classroom) {
        this.limits = limits;
        this.classroom = classroom;
        TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = SECURITY_HEADERS;
            });
            config.staticFiles.enableWebjars();
            config.fileRenderer((name, model, ctx) -> {
                StringOutput out = new StringOutput();
                templates.render(name, new HashMap<String, Object>(model), out);
                return out.toString();
            });
            config.jetty.modifyWebSocketServletFactory(f -> {
                // Above this Jetty closes the socket (1009) without buffering the message;
                // between limits.maxMessageBytes() and this, Session answers with a limit error.
                f.setMaxTextMessageSize(Limits.TRANSPORT_MAX_BYTES);
                f.setMaxBinaryMessageSize(Limits.TRANSPORT_MAX_BYTES);
                f.setIdleTimeout(Duration.ofMillis(limits.idleTimeoutMs()));
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new PlainErrorHandler()));
            config.jetty.addConnector((server, http) -> {
                // a whole class opens the lab in the same minute: let the kernel queue their connections
                // (the JDK's default backlog of 50 refused some when 500 arrived within seconds)
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(host);
                c.setPort(port);
                c.setAcceptQueueSize(ACCEPT_QUEUE);
                return c;
            });
            config.routes.before(App::securityHeaders);
            config.routes.get("/", ctx -> ctx.render("catalogue.jte", Map.of("page", Pages.catalogue(store, lang(ctx)))));
            config.routes.get("/lessons/{id}", ctx -> player(ctx, store));
            // 503 while stopping, so a load balancer that still asks sends nobody new here
            config.routes.get("/health", ctx -> ctx.status(stopping ? 503 : 200).json(health()));
            config.routes.get("/api/lessons", ctx -> ctx.json(lessonList(store)));
            Authoring.routes(config.routes, store);
            classroom.routes(config.routes);
            config.routes.ws("/ws", ws -> {
                ws.onConnect(ctx -> connect(ctx, store));
                ws.onMessage(ctx -> withSession(ctx).ifPresent(s -> s.onMessage(ctx.message())));
                ws.onBinaryMessage(ctx -> withSession(ctx).ifPresent(Session::onBinary));
                ws.onClose(ctx -> sessions.remove(ctx.sessionId()));
                ws.onError(ctx -> sessions.remove(ctx.sessionId()));
            });
            if (echo) {
                // the load test's baseline: the same sockets and JSON, no engine
                config.routes.ws("/echo", ws -> ws.onMessage(ctx -> ctx.send(ctx.message())));
            }
            config.routes.error(404, ctx -> {
                if (ctx.attribute(Classroom.PAGE_RENDERED) == null
                        && (ctx.result() == null || !ctx.path().startsWith("/lessons/"))) {
                    ctx.contentType("text/plain; charset=utf-8").result("Not found.");
                }
            });
            config.routes.error(405, ctx -> ctx.contentType("text/plain; charset=utf-8").result("Method not allowed."));
            config.routes.exception(Exception.class, (e, ctx) -> {
                String id = Errors.reference();
                LOG.error("internal error {} on {} {}: {}", id, ctx.method(), ctx.path(), e.toString(), e);
                ctx.status(500).contentType("text/plain; charset=utf-8")
                        .result("Something went wrong on the server (reference " + id + ").");
            });
            config.routes.wsException(Exception.class, (e, ctx) -> {
                String id = Errors.reference();
                LOG.error("internal error {} on the WebSocket {}: {}", id, ctx.sessionId(), e.toString(), e);
            });
        });
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the app on host:port (port 0 picks a free one). */
    public static App start(LessonStore store, String host, int port, Limits limits) {
        return start(store, host, port, limits, false);
    }

    /** Starts the app; with {@code echo} it also serves the bare /echo WebSocket (the load test's baseline). */
    public static App start(LessonStore store, String host, int port, Limits limits, boolean echo) {
        return start(store, host, port, limits, echo, Classroom.inMemory(store));
    }

    /** Starts the app with a classroom on the caller's storage (docs/classroom.md); stop() stops the classroom too. */
    public static App start(LessonStore store, String host, int port, Limits limits, boolean echo, Classroom classroom) {
        App app = new App(store, host, port, limits, echo, classroom);
        app.javalin.start();
        long every = Math.max(250, Math.min(60_000, limits.idleTimeoutMs() / 4));
        app.sweeper.scheduleAtFixedRate(app::closeIdle, every, every, TimeUnit.MILLISECONDS);
        return app;
    }

    public int port() {
        return javalin.port();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Graceful stop, run by SIGTERM through Main's shutdown hook: new sockets are
     * refused, every open one is told the server is restarting (1012, so the
     * browser reconnects, to another replica, and rebuilds its run from its
     * history token), then the server stops. Safe to call twice.
     */
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        sweeper.shutdownNow();
        classroom.closeSockets();
        List<Entry> open = new ArrayList<>(sessions.values());
        for (Entry e : open) {
            try {
                e.ctx().closeSession(CLOSE_RESTARTING, "restarting");
            } catch (RuntimeException ignored) {
                // the socket is already gone
            }
        }
        // let the close frames go out before the connectors stop (bounded: a dead peer must not hold us)
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline && open.stream().anyMatch(e -> e.ctx().session.isOpen())) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sessions.clear();
        javalin.stop();
        classroom.stop();
    }

    /** Blocks until the server stops. */
    public void join() {
        try {
            javalin.jettyServer().server().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connect(WsContext ctx, LessonStore store) {
        if (stopping) {
            ctx.closeSession(CLOSE_RESTARTING, "restarting");
            return;
        }
        if (heap.full()) {
            LOG.warn("refusing a session: {}% of the heap is in use after the last collection", Math.round(heap.used() * 100));
            ctx.send(Session.json(WireFormat.error("limit", "the server is busy (memory): try again in a minute")));
            ctx.closeSession(CLOSE_TRY_AGAIN_LATER, "server busy");
            return;
        }
        if (sessions.size() >= limits.maxSessions()) {
            ctx.send(Session.json(WireFormat.error("limit", "the server is full (" + limits.maxSessions()
                    + " sessions): try again in a minute")));
            ctx.closeSession(CLOSE_TRY_AGAIN_LATER, "server full");
            return;
        }
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
        Session s = new Session(store, limits, ctx::send, System::currentTimeMillis);
        sessions.put(ctx.sessionId(), new Entry(s, ctx));
    }

    private Optional<Session> withSession(WsContext ctx) {
        Entry e = sessions.get(ctx.sessionId());
        return Optional.ofNullable(e == null ? null : e.session());
    }

    private void closeIdle() {
        long now = System.currentTimeMillis();
        sessions.forEach((id, e) -> {
            if (now - e.session().lastActiveMs() > limits.idleTimeoutMs()) {
                sessions.remove(id);
                try {
                    e.ctx().send(Session.json(WireFormat.error("limit", "closed after " + limits.idleTimeoutMs() / 1000
                            + " s without a message; reload to continue where you were")));
                    e.ctx().closeSession(CLOSE_IDLE, "idle for too long");
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
        });
    }

    private static void player(Context ctx, LessonStore store) {
        String id = ctx.pathParam("id");
        String lang = lang(ctx);
        Optional<LessonStore.Entry> entry = store.get(id);
        if (entry.isEmpty() || !entry.get().ok()) {
            List<String> problems = entry.isEmpty() ? List.of()
                    : entry.get().problems().stream().map(Object::toString).toList();
            ctx.status(404).render("notfound.jte", Map.of("page",
                    new Pages.NotFound(lang, id.length() > 64 ? id.substring(0, 64) : id, problems)));
            return;
        }
        boolean embed = "1".equals(ctx.queryParam("embed"));
        boolean author = "1".equals(ctx.queryParam("author"));
        ctx.render("player.jte", Map.of("page", new Pages.Player(lang, id, entry.get().lesson().title().in(lang), embed, author)));
    }

    private static String lang(Context ctx) {
        return "zh".equals(ctx.queryParam("lang")) ? "zh" : "en";
    }

    private static void securityHeaders(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
    }

    private Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", stopping ? "stopping" : "ok");
        m.put("sessions", sessions.size());
        m.put("heapUsedAfterGc", Math.round(heap.used() * 100) / 100.0);
        return m;
    }

    private static Object lessonList(LessonStore store) {
        return store.all().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("ok", e.ok());
            if (e.ok()) {
                m.put("title", Map.of("en", e.lesson().title().en(), "zh", e.lesson().title().in("zh")));
                m.put("order", e.lesson().order());
            } else {
                m.put("problems", e.problems().stream().map(Object::toString).toList());
            }
            return m;
        }).toList();
    }
}
