package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonStore;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live rooms of this server: the sockets at /ws/room/CODE, what each room
 * last showed them, and the commands that change a room (move, open a quiz,
 * reveal, answer), whether they come from a socket or from the HTTP API.
 *
 * <p>A command writes the room's row first, then publishes an event through
 * the {@link Broker}; every server (this one too) applies the event to the
 * sockets it holds. So a student on another replica learns of a move the same
 * way a student here does, and the database always has the current moment for
 * a late or reconnecting student. Events carry the room's {@code seq}; a
 * server ignores a state older than the one it last sent, so two notifications
 * that cross on the way cannot move a class backwards.
 *
 * <p>Tallies and follower counts are coalesced: an answer only says "a quiz got
 * an answer", and the tally is read from the database at most every
 * {@value #TALLY_EVERY_MS} ms per room; a server publishes its number of
 * followers at most every {@value #PRESENCE_EVERY_MS} ms per room.
 */
final class RoomHub {
    private static final Logger LOG = LoggerFactory.getLogger(RoomHub.class);
    static final long TALLY_EVERY_MS = 50;
    static final long PRESENCE_EVERY_MS = 150;
    /** A socket that has not said hello within this long is closed. */
    static final long HELLO_WITHIN_MS = 10_000;
    static final int MAX_MESSAGE_CHARS = 16_384;
    /** Close codes in the private range: the page shows why, and does not reconnect. */
    static final int CLOSE_NO_ROOM = 4404;
    static final int CLOSE_FORBIDDEN = 4403;
    static final int CLOSE_FULL = 4409;
    static final int CLOSE_EXPIRED = 4410;
    static final int CLOSE_RESTARTING = 1012;

    private final RoomStore store;
    private final LessonStore lessons;
    private final Broker broker;
    private final Classroom.Options options;
    private final ScheduledExecutorService timer;
    private final LongSupplier clock;
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Map<String, Local> rooms = new ConcurrentHashMap<>();
    private final Map<String, Bucket> answerBuckets = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** One socket: unauthenticated until its hello, then an instructor or a student of one room. */
    static final class Peer {
        final WsContext ctx;
        final String code;
        final long openedMs;
        final Bucket messages;
        volatile String role;
        volatile String student;
        volatile boolean following = true;

        Peer(WsContext ctx, String code, long now) {
            this.ctx = ctx;
            this.code = code;
            this.openedMs = now;
            this.messages = new Bucket(20, 10, now);
        }

        boolean instructor() {
            return "instructor".equals(role);
        }

        void send(String text) {
            try {
                ctx.send(text);
            } catch (RuntimeException ignored) {
                // the socket closed under us: its onClose removes it
            }
        }

        void close(int status, String reason) {
            try {
                ctx.closeSession(status, reason);
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    /** A room's sockets on this server and what they were last sent. */
    static final class Local {
        final Set<Peer> instructors = ConcurrentHashMap.newKeySet();
        final Set<Peer> students = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> followersByNode = new ConcurrentHashMap<>();
        long seq;
        String position;
        Integer quiz;
        String quizState;
        boolean tallyPending;
        boolean presencePending;

        boolean empty() {
            return instructors.isEmpty() && students.isEmpty();
        }

        int localFollowers() {
            return (int) students.stream().filter(p -> p.following).map(p -> p.student).distinct().count();
        }
    }

    RoomHub(RoomStore store, LessonStore lessons, Broker broker, Classroom.Options options,
            ScheduledExecutorService timer, LongSupplier clock) {
        this.store = store;
        this.lessons = lessons;
        this.broker = broker;
        this.options = options;
        this.timer = timer;
        this.clock = clock;
    }

    void start() {
        broker.start(this::onEvent, this::resync);
    }

    // ---- sockets ---------------------------------------------------------------------------------------------

    void onConnect(WsContext ctx) {
        String code = Secrets.normalizeCode(ctx.pathParam("code"));
        if (stopping) {
            ctx.closeSession(CLOSE_RESTARTING, "restarting");
            return;
        }
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
        peers.put(ctx.sessionId(), new Peer(ctx, code, clock.getAsLong()));
    }

    void onClose(WsContext ctx) {
        Peer p = peers.remove(ctx.sessionId());
        if (p == null || p.role == null) {
            return;
        }
        Local l = rooms.get(p.code);
        if (l == null) {
            return;
        }
        boolean student = l.students.remove(p);
        l.instructors.remove(p);
        if (student) {
            schedulePresence(p.code, l);
        }
        rooms.computeIfPresent(p.code, (k, v) -> v.empty() && !v.presencePending ? null : v);
    }

    void onMessage(WsContext ctx, String text) {
        Peer p = peers.get(ctx.sessionId());
        if (p == null) {
            return;
        }
        long now = clock.getAsLong();
        if (!p.messages.take(now)) {
            p.send(error("limit", "too many messages: at most 10 a second", null));
            return;
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            p.send(error("bad_request", "a message may be at most " + MAX_MESSAGE_CHARS + " characters", null));
            return;
        }
        JsonNode m;
        try {
            m = Positions.JSON.readTree(text);
        } catch (IOException e) {
            p.send(error("bad_json", "not valid JSON", null));
            return;
        }
        String type = m == null ? "" : m.path("type").asText("");
        try {
            dispatch(p, type, m, now);
        } catch (RoomError e) {
            p.send(error(e.code, e.getMessage(), type));
            int close = switch (e.code) {
                case "no_room" -> CLOSE_NO_ROOM;
                case "expired" -> CLOSE_EXPIRED;
                case "full" -> CLOSE_FULL;
                case "forbidden" -> p.role == null ? CLOSE_FORBIDDEN : 0;
                default -> 0;
            };
            if (close != 0) {
                p.close(close, e.code);
            }
        }
    }

    private void dispatch(Peer p, String type, JsonNode m, long now) throws RoomError {
        if (p.code == null) {
            throw RoomError.noRoom();
        }
        if (p.role == null && !"hello".equals(type)) {
            throw RoomError.bad("say hello first: {\"type\": \"hello\", \"key\": ...} or {\"type\": \"hello\", \"student\": ...}");
        }
        switch (type) {
            case "hello" -> hello(p, m, now);
            case "move" -> {
                instructorOnly(p);
                move(p.code, m.get("position"));
            }
            case "quiz" -> {
                instructorOnly(p);
                JsonNode q = m.get("quiz");
                openQuiz(p.code, q == null || q.isNull() ? null : quizIndex(q));
            }
            case "reveal" -> {
                instructorOnly(p);
                reveal(p.code);
            }
            case "answer" -> {
                if (p.student == null) {
                    throw new RoomError("forbidden", 403, "only students answer");
                }
                JsonNode q = m.get("quiz");
                JsonNode c = m.get("choice");
                if (q == null || !q.isInt() || c == null || !c.isInt()) {
                    throw RoomError.bad("an answer is {\"type\": \"answer\", \"quiz\": <script step>, \"choice\": <index from 0>}");
                }
                int stands = answer(p.code, p.student, q.asInt(), c.asInt());
                ObjectNode out = msg("answered");
                out.put("quiz", q.asInt());
                out.put("choice", stands);
                out.put("first", stands == c.asInt());
                p.send(out.toString());
            }
            case "follow" -> {
                if (p.student == null) {
                    throw new RoomError("forbidden", 403, "only students follow");
                }
                p.following = m.path("on").asBoolean(true);
                Local l = rooms.get(p.code);
                if (l != null) {
                    schedulePresence(p.code, l);
                }
                // said before anything else, so the page (and a test) knows from which message on it no longer follows
                ObjectNode ack = msg("following");
                ack.put("on", p.following);
                p.send(ack.toString());
                if (p.following) {
                    RoomStore.Room r = store.find(p.code).orElseThrow(RoomError::noRoom);
                    p.send(positionMessage(r.seq(), r.position()));
                    p.send(quizMessage(r, p.student));
                }
            }
            default -> throw RoomError.bad("unknown message type '" + clip(type)
                    + "': expected hello, move, quiz, reveal, answer or follow");
        }
    }

    private static void instructorOnly(Peer p) throws RoomError {
        if (!p.instructor()) {
            throw RoomError.forbidden();
        }
    }

    private static int quizIndex(JsonNode q) throws RoomError {
        if (!q.isInt() || q.asInt() < 0) {
            throw RoomError.bad("quiz must be the index (from 0) of a script step that has a quiz, or null");
        }
        return q.asInt();
    }

    private void hello(Peer p, JsonNode m, long now) throws RoomError {
        if (p.role != null) {
            throw RoomError.bad("hello was already said on this socket");
        }
        RoomStore.Room r = liveRoom(p.code, now);
        JsonNode key = m.get("key");
        if (key != null && !key.isNull()) {
            if (!Secrets.matches(key.asText(), r.keyHash())) {
                throw RoomError.forbidden();
            }
            p.role = "instructor";
        } else {
            String id = Secrets.identity(m.path("student").asText(null));
            if (id == null) {
                throw RoomError.bad("a student's hello carries \"student\": the browser's token (16 to 64 letters, digits, - or _)");
            }
            RoomStore.Join j = store.join(p.code, id, options.roomSize(), now);
            if (j == RoomStore.Join.FULL) {
                throw new RoomError("full", 409, "this class is full (" + options.roomSize() + " students)");
            }
            if (j == RoomStore.Join.NO_ROOM) {
                throw RoomError.noRoom();
            }
            p.student = id;
            p.role = "student";
            p.following = m.path("follow").asBoolean(true);
            if (now - r.activeAt() > 60_000) {
                store.touch(p.code, now);
            }
        }
        Local l = rooms.computeIfAbsent(p.code, k -> new Local());
        synchronized (l) {
            if (r.seq() > l.seq) {
                l.seq = r.seq();
                l.position = r.position();
                l.quiz = r.quiz();
                l.quizState = r.quizState();
            }
        }
        (p.instructor() ? l.instructors : l.students).add(p);
        ObjectNode w = msg("welcome");
        w.put("role", p.role);
        w.put("code", r.code());
        w.put("lesson", r.lesson());
        w.put("following", p.following);
        p.send(w.toString());
        // the current moment (an event racing with this carries a higher seq: the client keeps the higher)
        p.send(positionMessage(r.seq(), r.position()));
        p.send(quizMessage(r, p.student));
        if (r.quiz() != null && "revealed".equals(r.quizState())) {
            p.send(revealMessage(r.lesson(), r.quiz(), store.tally(r.code(), r.quiz())));
        }
        if (p.instructor()) {
            if (r.quiz() != null) {
                p.send(tallyMessage(r.lesson(), r.quiz(), store.tally(r.code(), r.quiz())));
            }
            ObjectNode f = msg("followers");
            f.put("count", followers(l));
            p.send(f.toString());
            broker.publish(event(r.code(), "who").toString());
        } else {
            schedulePresence(p.code, l);
        }
    }

    // ---- commands (sockets and HTTP) -------------------------------------------------------------------------

    /** The room if it exists and is not expired. */
    RoomStore.Room liveRoom(String code, long now) throws RoomError {
        if (code == null) {
            throw RoomError.noRoom();
        }
        RoomStore.Room r = store.find(code).orElseThrow(RoomError::noRoom);
        if (expired(r, now)) {
            throw RoomError.expired();
        }
        return r;
    }

    boolean expired(RoomStore.Room r, long now) {
        return now - r.activeAt() > options.roomIdleMs();
    }

    /** Moves the class to a position; reaching a script step with a quiz opens it, leaving an open quiz closes it. */
    void move(String code, JsonNode position) throws RoomError {
        RoomStore.Room r = liveRoom(code, clock.getAsLong());
        Lesson lesson = lesson(r.lesson());
        String pos;
        try {
            pos = Positions.check(position, r.lesson(), lesson.steps().size()).toString();
        } catch (Positions.Bad e) {
            throw RoomError.bad(e.getMessage());
        }
        int script = Positions.script(pos);
        boolean quizHere = script < lesson.steps().size() && lesson.steps().get(script).quiz() != null;
        change(code, cur -> {
            Integer quiz = cur.quiz();
            String state = cur.quizState();
            if (quizHere && !Objects.equals(quiz, script)) {
                quiz = script;
                state = "open";
            } else if (!quizHere && "open".equals(state)) {
                state = "closed";
            }
            return new RoomStore.Room(cur.code(), cur.keyHash(), cur.lesson(), pos, cur.seq(), quiz, state,
                    cur.createdAt(), cur.activeAt());
        });
    }

    /** Opens the quiz of script step quiz (null: closes the current one). */
    void openQuiz(String code, Integer quiz) throws RoomError {
        RoomStore.Room r = liveRoom(code, clock.getAsLong());
        if (quiz != null) {
            quizOf(lesson(r.lesson()), quiz);
        }
        change(code, cur -> new RoomStore.Room(cur.code(), cur.keyHash(), cur.lesson(), cur.position(), cur.seq(),
                quiz == null ? cur.quiz() : quiz, quiz == null ? (cur.quiz() == null ? null : "closed") : "open",
                cur.createdAt(), cur.activeAt()));
    }

    /** Shows everyone the current quiz's answers and the right one; no more answers are taken. */
    void reveal(String code) throws RoomError {
        RoomStore.Room r = liveRoom(code, clock.getAsLong());
        if (r.quiz() == null) {
            throw new RoomError("no_quiz", 409, "there is no quiz to reveal: the class has not reached one");
        }
        change(code, cur -> new RoomStore.Room(cur.code(), cur.keyHash(), cur.lesson(), cur.position(), cur.seq(),
                cur.quiz(), "revealed", cur.createdAt(), cur.activeAt()));
    }

    /** Records a student's answer (the first stands); returns the choice that stands. */
    int answer(String code, String student, int quiz, int choice) throws RoomError {
        long now = clock.getAsLong();
        RoomStore.Room r = liveRoom(code, now);
        if (r.quiz() == null || r.quiz() != quiz || !"open".equals(r.quizState())) {
            Optional<Integer> mine = store.myAnswer(code, quiz, student);
            if (mine.isPresent()) {
                return mine.get();
            }
            throw new RoomError("closed", 409, "this quiz is not open for answers now");
        }
        Lesson.Quiz q = quizOf(lesson(r.lesson()), quiz);
        if (choice < 0 || choice >= q.choices().size()) {
            throw RoomError.bad("choice must be from 0 to " + (q.choices().size() - 1));
        }
        Bucket b = answerBuckets.computeIfAbsent(code + "/" + student, k -> new Bucket(3, 0.5, now));
        if (!b.take(now)) {
            throw new RoomError("limit", 429, "too many answers: wait a moment");
        }
        int stands = store.answer(code, quiz, student, choice, now);
        if (stands == choice) {
            ObjectNode e = event(code, "answered");
            e.put("quiz", quiz);
            broker.publish(e.toString());
        }
        return stands;
    }

    private void change(String code, java.util.function.UnaryOperator<RoomStore.Room> f) throws RoomError {
        RoomStore.Room r = store.change(code, clock.getAsLong(), f).orElseThrow(RoomError::noRoom);
        ObjectNode e = event(code, "state");
        e.put("seq", r.seq());
        if (r.quiz() == null) {
            e.putNull("quiz");
        } else {
            e.put("quiz", r.quiz());
        }
        e.put("quizState", r.quizState());
        if (r.position().length() < Broker.MAX_EVENT_BYTES - 300) {
            e.set("position", Positions.parse(r.position()));
        }
        broker.publish(e.toString());
    }

    Lesson lesson(String id) throws RoomError {
        return lessons.get(id).filter(LessonStore.Entry::ok).map(LessonStore.Entry::lesson)
                .orElseThrow(() -> new RoomError("no_lesson", 404, "the lesson '" + clip(id) + "' is not served here"));
    }

    static Lesson.Quiz quizOf(Lesson lesson, int quiz) throws RoomError {
        if (quiz < 0 || quiz >= lesson.steps().size() || lesson.steps().get(quiz).quiz() == null) {
            throw new RoomError("no_quiz", 400, "script step " + quiz + " of this lesson has no quiz");
        }
        return lesson.steps().get(quiz).quiz();
    }

    // ---- events ---------------------------------------------------------------------------------------------

    private void onEvent(String text) {
        JsonNode e;
        try {
            e = Positions.JSON.readTree(text);
        } catch (IOException ex) {
            LOG.warn("classroom: an event that is not JSON: {}", clip(text));
            return;
        }
        String code = e.path("room").asText();
        Local l = rooms.get(code);
        if (l == null) {
            return;
        }
        switch (e.path("kind").asText()) {
            case "state" -> applyState(code, l, e);
            case "answered" -> scheduleTally(code, l);
            case "presence" -> {
                l.followersByNode.put(e.path("node").asText(), e.path("count").asInt());
                ObjectNode f = msg("followers");
                f.put("count", followers(l));
                sendAll(l.instructors, f.toString());
            }
            case "who" -> {
                if (!l.students.isEmpty()) {
                    schedulePresence(code, l);
                }
            }
            case "closed" -> {
                ObjectNode c = msg("closed");
                c.put("reason", e.path("reason").asText("expired"));
                for (Peer p : all(l)) {
                    p.send(c.toString());
                    p.close(CLOSE_EXPIRED, "expired");
                }
            }
            default -> LOG.warn("classroom: an event of unknown kind: {}", clip(text));
        }
    }

    private void applyState(String code, Local l, JsonNode e) {
        long seq = e.path("seq").asLong();
        String position = e.has("position") ? e.get("position").toString() : null;
        RoomStore.Room fetched = null;
        if (position == null) {
            fetched = store.find(code).orElse(null);
            if (fetched == null) {
                return;
            }
            position = fetched.position();
            seq = Math.max(seq, fetched.seq());
        }
        Integer quiz = fetched != null ? fetched.quiz() : e.path("quiz").isInt() ? e.path("quiz").asInt() : null;
        String quizState = fetched != null ? fetched.quizState() : e.path("quizState").isTextual() ? e.path("quizState").asText() : null;
        boolean positionChanged;
        boolean quizChanged;
        synchronized (l) {
            if (seq <= l.seq) {
                return;
            }
            l.seq = seq;
            positionChanged = !position.equals(l.position);
            quizChanged = !Objects.equals(quiz, l.quiz) || !Objects.equals(quizState, l.quizState);
            l.position = position;
            l.quiz = quiz;
            l.quizState = quizState;
        }
        if (positionChanged) {
            String pm = positionMessage(seq, position);
            for (Peer p : all(l)) {
                if (p.instructor() || p.following) {
                    p.send(pm);
                }
            }
        }
        if (quizChanged) {
            RoomStore.Room r = store.find(code).orElse(null);
            if (r == null) {
                return;
            }
            String qm = quizMessage(seq, r.lesson(), quiz, quizState, null);
            sendAll(all(l), qm);
            if (quiz != null && "revealed".equals(quizState)) {
                sendAll(all(l), revealMessage(r.lesson(), quiz, store.tally(code, quiz)));
            } else if (quiz != null) {
                sendAll(l.instructors, tallyMessage(r.lesson(), quiz, store.tally(code, quiz)));
            }
        }
    }

    /** After events were possibly lost: every room with sockets here gets its current state again. */
    private void resync() {
        for (Map.Entry<String, Local> en : rooms.entrySet()) {
            store.find(en.getKey()).ifPresent(r -> {
                ObjectNode e = event(r.code(), "state");
                e.put("seq", r.seq());
                onEvent(e.toString());
                schedulePresence(r.code(), en.getValue());
            });
        }
    }

    private void scheduleTally(String code, Local l) {
        synchronized (l) {
            if (l.tallyPending || l.instructors.isEmpty()) {
                return;
            }
            l.tallyPending = true;
        }
        timer.schedule(() -> {
            synchronized (l) {
                l.tallyPending = false;
            }
            try {
                store.find(code).filter(r -> r.quiz() != null).ifPresent(r ->
                        sendAll(l.instructors, tallyMessage(r.lesson(), r.quiz(), store.tally(code, r.quiz()))));
            } catch (RuntimeException ex) {
                LOG.warn("classroom: a tally of {} failed: {}", code, ex.toString());
            }
        }, TALLY_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private void schedulePresence(String code, Local l) {
        synchronized (l) {
            if (l.presencePending) {
                return;
            }
            l.presencePending = true;
        }
        timer.schedule(() -> {
            synchronized (l) {
                l.presencePending = false;
            }
            ObjectNode e = event(code, "presence");
            e.put("node", node);
            e.put("count", l.localFollowers());
            try {
                broker.publish(e.toString());
            } catch (RuntimeException ex) {
                LOG.warn("classroom: could not publish the followers of {}: {}", code, ex.toString());
            }
            rooms.computeIfPresent(code, (k, v) -> v.empty() && !v.presencePending ? null : v);
        }, PRESENCE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private static int followers(Local l) {
        return l.followersByNode.values().stream().mapToInt(Integer::intValue).sum();
    }

    // ---- upkeep ---------------------------------------------------------------------------------------------

    /** Closes sockets that never said hello, and those of rooms that expired; forgets idle answer limits. */
    void sweep() {
        long now = clock.getAsLong();
        for (Peer p : new ArrayList<>(peers.values())) {
            if (p.role == null && now - p.openedMs > HELLO_WITHIN_MS) {
                p.close(1008, "no hello");
                peers.remove(p.ctx.sessionId());
            }
        }
        for (String code : new ArrayList<>(rooms.keySet())) {
            Optional<RoomStore.Room> r = store.find(code);
            if (r.isEmpty() || expired(r.get(), now)) {
                ObjectNode e = event(code, "closed");
                e.put("reason", r.isEmpty() ? "deleted" : "expired");
                onEvent(e.toString());
            }
        }
        answerBuckets.entrySet().removeIf(en -> en.getValue().full(now));
    }

    /** Tells every socket the server is restarting (1012: reconnect soon). */
    void stop() {
        stopping = true;
        for (Peer p : new ArrayList<>(peers.values())) {
            p.close(CLOSE_RESTARTING, "restarting");
        }
        peers.clear();
        rooms.clear();
    }

    int sockets() {
        return peers.size();
    }

    // ---- messages -------------------------------------------------------------------------------------------

    private static List<Peer> all(Local l) {
        List<Peer> out = new ArrayList<>(l.instructors.size() + l.students.size());
        out.addAll(l.instructors);
        out.addAll(l.students);
        return out;
    }

    private static void sendAll(Iterable<Peer> to, String text) {
        for (Peer p : to) {
            p.send(text);
        }
    }

    private static ObjectNode msg(String type) {
        ObjectNode n = Positions.JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    private static ObjectNode event(String code, String kind) {
        ObjectNode n = Positions.JSON.createObjectNode();
        n.put("room", code);
        n.put("kind", kind);
        return n;
    }

    static String positionMessage(long seq, String position) {
        ObjectNode n = msg("position");
        n.put("seq", seq);
        n.set("position", Positions.parse(position));
        return n.toString();
    }

    private String quizMessage(RoomStore.Room r, String student) {
        Integer mine = student == null || r.quiz() == null ? null : store.myAnswer(r.code(), r.quiz(), student).orElse(null);
        return quizMessage(r.seq(), r.lesson(), r.quiz(), r.quizState(), mine);
    }

    private String quizMessage(long seq, String lessonId, Integer quiz, String state, Integer mine) {
        ObjectNode n = msg("quiz");
        n.put("seq", seq);
        if (quiz == null) {
            n.putNull("quiz");
            n.putNull("state");
            n.put("choices", 0);
        } else {
            n.put("quiz", quiz);
            n.put("state", state);
            n.put("choices", choices(lessonId, quiz));
        }
        if (mine != null) {
            n.put("mine", mine);
        }
        return n.toString();
    }

    private int choices(String lessonId, int quiz) {
        try {
            return quizOf(lesson(lessonId), quiz).choices().size();
        } catch (RoomError e) {
            return 0;
        }
    }

    private String tallyMessage(String lessonId, int quiz, Map<Integer, Integer> tally) {
        ObjectNode n = msg("tally");
        fillCounts(n, lessonId, quiz, tally);
        return n.toString();
    }

    private String revealMessage(String lessonId, int quiz, Map<Integer, Integer> tally) {
        ObjectNode n = msg("reveal");
        fillCounts(n, lessonId, quiz, tally);
        try {
            n.put("correct", quizOf(lesson(lessonId), quiz).answer());
        } catch (RoomError e) {
            n.putNull("correct");
        }
        return n.toString();
    }

    private void fillCounts(ObjectNode n, String lessonId, int quiz, Map<Integer, Integer> tally) {
        n.put("quiz", quiz);
        int choices = choices(lessonId, quiz);
        ArrayNode counts = n.putArray("counts");
        int answered = 0;
        for (int i = 0; i < choices; i++) {
            int c = tally.getOrDefault(i, 0);
            counts.add(c);
            answered += c;
        }
        n.put("answered", answered);
    }

    static String error(String code, String message, String inReplyTo) {
        ObjectNode n = msg("error");
        n.put("code", code);
        n.put("message", message);
        if (inReplyTo != null && !inReplyTo.isEmpty()) {
            n.put("to", clip(inReplyTo));
        }
        return n.toString();
    }

    static String clip(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
