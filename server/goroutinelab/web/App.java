package goroutinelab.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import goroutinelab.classroom.Classroom;
import goroutinelab.lesson.LessonStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The web app: the catalogue and player pages (JTE, precompiled), the static
 * ES modules and D3 from its WebJar, and the WebSocket at /ws where each
 * socket is one {@link Session}.
 *
 * <p>/ws is served by Jetty's WebSocket servlet directly rather than through
 * Javalin's handlers, because Javalin's endpoint reads every next message as
 * soon as the last one is handled, and the lab must be able to stop reading a
 * socket whose peer takes none of its frames ({@link LabSocket}, {@link Outbox}).
 * Around every socket: its origin is checked before the upgrade, its client
 * (address) may hold only so many, it must load a lesson soon, and its
 * frames waiting to be taken are bounded (docs/reliability.md).
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    /** A WebSocket close code for "the server is restarting: reconnect". */
    public static final int CLOSE_RESTARTING = 1012;
    /** A WebSocket close code for "the server is full: try again later". */
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;
    /** A WebSocket close code for "going away": the session was idle for too long. */
    public static final int CLOSE_IDLE = 1001;
    /** A WebSocket close code for "policy violation": a socket that broke a per-socket or per-client rule. */
    public static final int CLOSE_POLICY = Outbox.CLOSE_POLICY;
    /** Connections the kernel may hold for us before we accept them (capped by net.core.somaxconn). */
    static final int ACCEPT_QUEUE = 1024;
    /** How often every open socket is pinged (browsers and proxies drop sockets that stay silent). */
    static final long PING_EVERY_MS = 15_000;
    /** After a close that a non-reading peer will never answer, how long before the connection is dropped. */
    static final long CLOSE_GRACE_MS = 2_000;
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
    /** Admitted sockets (each with its session); refused ones never enter. */
    private final Set<LabSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();
    /** Sockets open per client key (a key leaves the map when its count reaches 0). */
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();
    /** Sockets told to close, and when: dropped if still open after CLOSE_GRACE_MS. */
    private final Map<LabSocket, Long> closing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final LessonStore store;
    private final Limits limits;
    private final Access access;
    private final ClientAddress clients;
    private final Outbox.Budget outboxes;
    private final HeapGuard heap = new HeapGuard(0.85);
    /** The sessions' moves run here, a few at a time. */
    private final EnginePool engines;
    /** Each client address's share of the engine threads (a key leaves with its last socket). */
    private final Map<String, EnginePool.Client> shares = new ConcurrentHashMap<>();
    /** What sessions and the lessons' maps may hold, by the engine's estimate. */
    private final MemoryBudget memory;
    private final Classroom classroom;
    private final RealRuns realRuns;
    private final long sweepEveryMs;
    /**
     * The time every limit is measured by (messages a second, CPU earned, idle and
     * load timeouts, unread frames, the engine threads' decay): the wall clock,
     * or a test's.
     */
    private final LongSupplier clockMs;
    private volatile boolean stopping;

    private App(LessonStore store, String host, int port, Limits limits, Access access, boolean echo, Classroom classroom,
                RealRuns.Options real, LongSupplier clockMs) {
        this.store = store;
        this.clockMs = clockMs;
        this.realRuns = new RealRuns(store, real);
        this.limits = limits;
        this.access = access;
        this.classroom = classroom;
        this.clients = new ClientAddress(access.trustedProxies());
        // every socket's waiting frames together: an eighth of the heap, past which the biggest is closed
        this.outboxes = new Outbox.Budget(Math.max(limits.maxOutboxBytes(), Runtime.getRuntime().maxMemory() / 8), this::trimOutboxes);
        this.engines = new EnginePool(limits.engineThreads(), clockMs);
        this.memory = new MemoryBudget(limits.sessionMemoryBytes(Runtime.getRuntime().maxMemory()),
                limits.clientMemoryBytes(Runtime.getRuntime().maxMemory()));
        this.sweepEveryMs = Math.max(100, Math.min(5_000,
                Math.min(limits.idleTimeoutMs(), Math.min(limits.loadTimeoutMs(), limits.maxUnreadMs())) / 4));
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
                // the /echo baseline (Javalin's): the same transport limits as /ws
                f.setMaxTextMessageSize(Limits.TRANSPORT_MAX_BYTES);
                f.setMaxBinaryMessageSize(Limits.TRANSPORT_MAX_BYTES);
                f.setIdleTimeout(Duration.ofMillis(transportIdleMs()));
            });
            config.jetty.modifyServletContextHandler(h -> {
                // nothing in the lab uses servlet sessions: none is created (Javalin's upgrade would make one a socket)
                h.addFilter(new FilterHolder(new NoServletSessions()), "/*", EnumSet.of(DispatcherType.REQUEST));
                h.addServlet(new ServletHolder("lab-socket", new SocketServlet()), "/ws");
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
            // liveness: 503 only while stopping, so a load balancer that still asks sends nobody new here
            config.routes.get("/health", ctx -> ctx.status(stopping ? 503 : 200).json(health()));
            // readiness: also 503 while full, so a load balancer sends new sockets to a replica with room
            config.routes.get("/ready", ctx -> {
                Map<String, Object> h = health();
                ctx.status("ready".equals(h.get("ready")) ? 200 : 503).json(h);
            });
            config.routes.get("/api/lessons", ctx -> ctx.json(lessonList(store)));
            Authoring.routes(config.routes, store, this::client, limits.maxPreviewsPerClient());
            realRuns.routes(config.routes);
            classroom.routes(config.routes);
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
        return start(store, host, port, limits, Access.none(), false);
    }

    /** Starts the app; with {@code echo} it also serves the bare /echo WebSocket (the load test's baseline). */
    public static App start(LessonStore store, String host, int port, Limits limits, boolean echo) {
        return start(store, host, port, limits, Access.none(), echo);
    }

    /** Starts the app with its proxies and allowed origins, and an in-memory classroom. */
    public static App start(LessonStore store, String host, int port, Limits limits, Access access, boolean echo) {
        return start(store, host, port, limits, access, echo, Classroom.inMemory(store));
    }

    /** Starts the app with a classroom on the caller's storage (docs/classroom.md); stop() stops the classroom too. */
    public static App start(LessonStore store, String host, int port, Limits limits, boolean echo, Classroom classroom) {
        return start(store, host, port, limits, Access.none(), echo, classroom);
    }

    /** Starts the app with its proxies and allowed origins, and a classroom; stop() stops the classroom too. */
    public static App start(LessonStore store, String host, int port, Limits limits, Access access, boolean echo,
                            Classroom classroom) {
        return start(store, host, port, limits, access, echo, classroom, RealRuns.Options.off());
    }

    /**
     * Starts the app with its proxies and allowed origins, a classroom, and whether lessons may be recorded
     * for real again here ({@link RealRuns}); stop() stops the classroom too.
     */
    public static App start(LessonStore store, String host, int port, Limits limits, Access access, boolean echo,
                            Classroom classroom, RealRuns.Options real) {
        return start(store, host, port, limits, access, echo, classroom, real, System::currentTimeMillis);
    }

    /**
     * Starts the app with its limits measured by {@code clockMs} (tests drive
     * it, and {@link #sweepNow} runs the sweep that closes idle and stalled
     * sockets without waiting for its turn).
     */
    static App start(LessonStore store, String host, int port, Limits limits, Access access, boolean echo,
                     Classroom classroom, LongSupplier clockMs) {
        return start(store, host, port, limits, access, echo, classroom, RealRuns.Options.off(), clockMs);
    }

    private static App start(LessonStore store, String host, int port, Limits limits, Access access, boolean echo,
                             Classroom classroom, RealRuns.Options real, LongSupplier clockMs) {
        App app = new App(store, host, port, limits, access, echo, classroom, real, clockMs);
        app.javalin.start();
        app.sweeper.scheduleWithFixedDelay(app::sweep, app.sweepEveryMs, app.sweepEveryMs, TimeUnit.MILLISECONDS);
        app.sweeper.scheduleAtFixedRate(app::pingAll, PING_EVERY_MS, PING_EVERY_MS, TimeUnit.MILLISECONDS);
        return app;
    }

    public int port() {
        return javalin.port();
    }

    public int sessionCount() {
        return sockets.size();
    }

    /** Bytes of frames handed to the transport and not yet written, over every socket. */
    public long outboxBytes() {
        return outboxes.bytes();
    }

    /** What sessions and the lessons' maps hold together, by the engine's estimate. */
    public long sessionBytes() {
        return memory.totalBytes();
    }

    EnginePool engines() {
        return engines;
    }

    /**
     * Jetty's own idle timeout, kept above the lab's (plus a sweep and a margin)
     * so that the lab's "closed after N s" message goes out before the
     * transport would drop the socket silently; pings every 15 s keep a
     * live peer from ever reaching it.
     */
    long transportIdleMs() {
        return limits.idleTimeoutMs() + sweepEveryMs + PING_EVERY_MS;
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
        realRuns.stop();
        classroom.closeSockets();
        List<LabSocket> open = new ArrayList<>(sockets);
        for (LabSocket s : open) {
            s.close(CLOSE_RESTARTING, "restarting");
        }
        // let the close frames go out before the connectors stop (bounded: a dead peer must not hold us)
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline && open.stream().anyMatch(LabSocket::isOpen)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sockets.clear();
        engines.stop();
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

    // ---- the socket's life ----

    /** /ws: Jetty's WebSocket servlet, with the lab's creator and transport limits. */
    private final class SocketServlet extends JettyWebSocketServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void configure(JettyWebSocketServletFactory f) {
            // Above this Jetty closes the socket (1009) without buffering the message;
            // between limits.maxMessageBytes() and this, Session answers with a limit error.
            f.setMaxTextMessageSize(Limits.TRANSPORT_MAX_BYTES);
            f.setMaxBinaryMessageSize(Limits.TRANSPORT_MAX_BYTES);
            f.setIdleTimeout(Duration.ofMillis(transportIdleMs()));
            f.setCreator(App.this::upgrade);
        }

        /** A plain GET of /ws (no upgrade): say what the address is for. */
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            SECURITY_HEADERS.forEach(resp::setHeader);
            resp.setStatus(400);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getOutputStream().write("This address is the lab's WebSocket: open a lesson page instead.\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Called by Jetty for an upgrade request to /ws, before it answers 101: a
     * page from a foreign origin is refused (403) here, so a page elsewhere
     * cannot open lab sockets from its visitors' browsers.
     */
    private Object upgrade(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) throws IOException {
        HttpServletRequest http = req.getHttpServletRequest();
        String origin = http.getHeader("Origin");
        if (!access.originAllowed(origin, http.getHeader("Host"))) {
            LOG.info("refused a socket from origin {}", clip(origin));
            resp.sendForbidden("origin not allowed");
            return null;
        }
        return new LabSocket(this, clients.of(http.getRemoteAddr(), http.getHeader("X-Forwarded-For")), clockMs.getAsLong());
    }

    /** Called by a LabSocket once it is open: true if it gets a session, false if it was refused (told why, and closed). */
    boolean admit(LabSocket s) {
        if (stopping) {
            s.close(CLOSE_RESTARTING, "restarting");
            return false;
        }
        if (heap.full()) {
            LOG.warn("refusing a session: {}% of the heap is in use after the last collection", Math.round(heap.used() * 100));
            refuse(s, CLOSE_TRY_AGAIN_LATER, "server busy", "the server is busy (memory): try again in a minute");
            return false;
        }
        s.countOnce();
        if (perClient.merge(s.client, 1, Integer::sum) > limits.maxSocketsPerClient()) {
            uncount(s);
            refuse(s, CLOSE_POLICY, "too many sockets from one address", "too many connections from your address (at most "
                    + limits.maxSocketsPerClient() + " at once): close some lab tabs and reload");
            return false;
        }
        if (admitted.incrementAndGet() > limits.maxSessions()) {
            admitted.decrementAndGet();
            uncount(s);
            refuse(s, CLOSE_TRY_AGAIN_LATER, "server full", "the server is full (" + limits.maxSessions()
                    + " sessions): try again in a minute");
            return false;
        }
        Outbox outbox = new Outbox(s.transport(), limits.maxOutboxBytes(), limits.maxUnreadMs(), clockMs,
                s::drained, outboxes);
        EnginePool.Client share = shares.computeIfAbsent(s.client, k -> engines.client());
        s.attach(new Session(store, limits, outbox, clockMs, Admission::threadCpuNs, memory, share, s.client), outbox, share);
        sockets.add(s);
        if (stopping) {
            s.close(CLOSE_RESTARTING, "restarting");
        }
        return true;
    }

    private void refuse(LabSocket s, int code, String reason, String message) {
        s.sendDirect(WireFormat.text(WireFormat.error("limit", message)));
        s.close(code, reason);
    }

    private void uncount(LabSocket s) {
        if (s.uncountOnce()) {
            if (perClient.computeIfPresent(s.client, (k, n) -> n <= 1 ? null : n - 1) == null) {
                shares.remove(s.client);
            }
        }
    }

    /** Called by a LabSocket when it has closed (or failed), whether or not it was admitted. */
    void closed(LabSocket s) {
        closing.remove(s);
        if (sockets.remove(s)) {
            admitted.decrementAndGet();
            s.session().closed();
        }
        uncount(s);
    }

    /**
     * Runs every sweepEveryMs: closes sessions idle too long, sockets that
     * loaded no lesson in time and sockets whose peer has read nothing for too
     * long, and drops closed-but-unanswered connections after a grace.
     */
    private void sweep() {
        long now = clockMs.getAsLong();
        for (LabSocket s : sockets) {
            if (closing.containsKey(s)) {
                continue;
            }
            if (s.outbox().closing()) {
                closing.put(s, now); // closed by its outbox (too much unread): dropped after the grace
                continue;
            }
            try {
                Session session = s.session();
                if (s.outbox().stalled(now)) {
                    s.outbox().close("your browser has taken none of its frames for " + limits.maxUnreadMs() / 1000
                            + " s (reading stopped): reload to continue where you were");
                    closing.put(s, now);
                } else if (now - s.openedMs >= limits.loadTimeoutMs() && !session.loaded()) {
                    s.outbox().accept(WireFormat.text(WireFormat.error("limit", "closed: no lesson was loaded within "
                            + limits.loadTimeoutMs() / 1000 + " s of connecting; reload the page")));
                    s.close(CLOSE_POLICY, "no lesson loaded");
                    closing.put(s, now);
                } else if (now - session.lastActiveMs() > limits.idleTimeoutMs()) {
                    s.outbox().accept(WireFormat.text(WireFormat.error("limit", "closed after " + limits.idleTimeoutMs() / 1000
                            + " s without a message; reload to continue where you were")));
                    s.close(CLOSE_IDLE, "idle for too long");
                    closing.put(s, now);
                }
            } catch (RuntimeException e) {
                LOG.warn("sweeping a socket failed: {}", e.toString());
            }
        }
        closing.forEach((s, since) -> {
            if (now - since >= CLOSE_GRACE_MS) {
                closing.remove(s);
                s.disconnect();
                closed(s);
            }
        });
    }

    /** Runs the sweep now, on the sweeper's thread (so never beside a scheduled one), and returns when it is done. */
    void sweepNow() {
        try {
            sweeper.submit(this::sweep).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("App.sweepNow: the sweep failed", e.getCause());
        }
    }

    private void pingAll() {
        for (LabSocket s : sockets) {
            if (!s.outbox().backedUp()) {
                s.ping();
            }
        }
    }

    /** The server's waiting frames passed their budget: close the socket holding the most. */
    private void trimOutboxes() {
        sockets.stream().filter(s -> !s.outbox().closing())
                .max(Comparator.comparingLong(s -> s.outbox().waitingBytes()))
                .ifPresent(s -> {
                    LOG.warn("the server's unsent frames passed {} MiB: closing the socket holding the most ({} KiB)",
                            outboxes.maxBytes() >> 20, s.outbox().waitingBytes() >> 10);
                    s.outbox().close("the server's outgoing buffers are full and this tab holds the most: reload to continue");
                    closing.put(s, clockMs.getAsLong());
                });
    }

    /** The client key of an HTTP request (the same rules as for sockets). */
    String client(Context ctx) {
        return clients.of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    private static String clip(String s) {
        return s == null ? "(none)" : s.length() > 80 ? s.substring(0, 80) + "..." : s.replaceAll("[\\p{Cntrl}]", "?");
    }

    // ---- pages ----

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

    /** What /health and /ready answer: liveness, and whether a new socket would be admitted. */
    private Map<String, Object> health() {
        int n = sockets.size();
        boolean full = n >= limits.maxSessions();
        boolean heapFull = heap.full();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", stopping ? "stopping" : "ok");
        m.put("ready", stopping ? "stopping" : full ? "full" : heapFull ? "busy" : "ready");
        m.put("sessions", n);
        m.put("maxSessions", limits.maxSessions());
        m.put("heapUsedAfterGc", Math.round(heap.used() * 100) / 100.0);
        m.put("unsentBytes", outboxes.bytes());
        m.put("sessionBytes", memory.totalBytes());
        m.put("largestClientSessionBytes", memory.largestClientBytes());
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
