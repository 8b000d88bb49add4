package goroutinelab.web;

import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One socket at /ws, as Jetty sees it: it reads a message only when it asks
 * for one ({@code demand}), and it asks after each message only while its
 * {@link Outbox} is not backed up; once the peer has taken enough of its
 * frames, the outbox's {@code drained} asks again. So a peer that sends
 * moves and never reads its frames stops being read (its own sends then
 * wait in its TCP buffers, not in the server's heap), and is closed by
 * {@link App} if it stays so.
 *
 * <p>A message is handled on the {@link EnginePool}, not on Jetty's thread:
 * the next one is asked for when the pool has finished it, so a socket has
 * at most one message in hand, and one waiting for an engine thread waits in
 * the pool's queue (and its browser's further messages in TCP), never on
 * one of Jetty's threads. The exception is a one-step move while the pool
 * has a lane free for its client: it runs on Jetty's thread, holding that
 * lane ({@link EnginePool#runHere}), which saves a step two thread
 * wake-ups.
 *
 * <p>Ping and pong frames are Jetty's: it answers pings and asks for the
 * next frame itself.
 */
public final class LabSocket implements org.eclipse.jetty.websocket.api.Session.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(LabSocket.class);
    /** A close frame's reason may hold at most 123 bytes. */
    private static final int MAX_REASON_CHARS = 40;

    private final App app;
    /** The client's key (an address or an IPv6 /64): what the per-client limits count. */
    final String client;
    final long openedMs;
    private volatile org.eclipse.jetty.websocket.api.Session jetty;
    private volatile Session session;
    private volatile Outbox outbox;
    private volatile EnginePool.Client share;
    /** A message was handled while the outbox was backed up: the next demand waits for it to drain. */
    private final AtomicBoolean demandOwed = new AtomicBoolean();
    private final AtomicBoolean counted = new AtomicBoolean();

    LabSocket(App app, String client, long openedMs) {
        this.app = app;
        this.client = client;
        this.openedMs = openedMs;
    }

    /** Called by Jetty once the upgrade is done: the app admits the socket (then the first read is asked for) or refuses it. */
    @Override
    public void onWebSocketOpen(org.eclipse.jetty.websocket.api.Session s) {
        this.jetty = s;
        if (app.admit(this)) {
            s.demand();
        }
    }

    /** Called by App when it admits the socket: the session, its outbox, and its client's share of the engine threads. */
    void attach(Session session, Outbox outbox, EnginePool.Client share) {
        this.session = session;
        this.outbox = outbox;
        this.share = share;
    }

    /** Called by Jetty for each text message (only after a demand): handed to the engine pool, which asks for the next when done. */
    @Override
    public void onWebSocketText(String text) {
        Session s = session;
        if (s == null) {
            next();
            return;
        }
        Runnable handle = () -> {
            try {
                s.onMessage(text);
            } catch (RuntimeException | StackOverflowError e) {
                String id = Errors.reference();
                LOG.error("internal error {} on a WebSocket: {}", id, e.toString(), e);
            } finally {
                next();
            }
        };
        EnginePool pool = app.engines();
        if (!(Messages.isOneStep(text) && pool.runHere(share, handle))) {
            pool.submit(share, handle);
        }
    }

    /** Called by Jetty for each binary message: not part of the protocol. */
    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        Session s = session;
        try {
            if (s != null) {
                s.onBinary();
            }
        } finally {
            next();
        }
    }

    /** Called by Jetty when the socket has closed, from either side. */
    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        app.closed(this);
        callback.succeed();
    }

    /** Called by Jetty when the connection failed (a reset, a timeout): it is gone. */
    @Override
    public void onWebSocketError(Throwable cause) {
        app.closed(this);
    }

    /** After a message: ask for the next one now, or once the outbox has drained. */
    private void next() {
        Outbox o = outbox;
        if (o != null && o.backedUp()) {
            demandOwed.set(true);
            // the outbox may have drained between the check and the flag: then nobody else will ask
            if (!o.backedUp()) {
                drained();
            }
            return;
        }
        demand();
    }

    /** The outbox is no longer backed up: ask for the message that was held back, if one was. */
    void drained() {
        if (demandOwed.compareAndSet(true, false)) {
            demand();
        }
    }

    private void demand() {
        org.eclipse.jetty.websocket.api.Session s = jetty;
        if (s != null && s.isOpen() && (outbox == null || !outbox.closing())) {
            try {
                s.demand();
            } catch (RuntimeException e) {
                // closed meanwhile
            }
        }
    }

    Session session() {
        return session;
    }

    Outbox outbox() {
        return outbox;
    }

    boolean isOpen() {
        org.eclipse.jetty.websocket.api.Session s = jetty;
        return s != null && s.isOpen();
    }

    /** Marks the socket as counted against its client (once), for App's bookkeeping. */
    boolean countOnce() {
        return counted.compareAndSet(false, true);
    }

    /** Whether it was counted; clears the mark (so it is uncounted once). */
    boolean uncountOnce() {
        return counted.compareAndSet(true, false);
    }

    /** The transport an {@link Outbox} sends through: Jetty's asynchronous sends and their callbacks. */
    Outbox.Transport transport() {
        return new Outbox.Transport() {
            @Override
            public void send(String text, Runnable written, Consumer<Throwable> failed) {
                org.eclipse.jetty.websocket.api.Session s = jetty;
                if (s == null) {
                    failed.accept(new IllegalStateException("not open"));
                    return;
                }
                s.sendText(text, Callback.from(written, failed));
            }

            @Override
            public void close(int code, String reason) {
                // the whole reason as the lab's own message (a peer that reads may still see it), a short one in the close frame
                sendDirect(WireFormat.text(WireFormat.error("limit", reason)));
                int cut = reason.indexOf(" (");
                LabSocket.this.close(code, cut > 0 ? reason.substring(0, cut) : reason);
            }
        };
    }

    /** Sends one text frame outside the outbox (a refusal before the session exists). */
    void sendDirect(String text) {
        org.eclipse.jetty.websocket.api.Session s = jetty;
        if (s != null && s.isOpen()) {
            s.sendText(text, Callback.NOOP);
        }
    }

    /** Starts the closing handshake; the reason is cut to what a close frame may carry. */
    void close(int code, String reason) {
        org.eclipse.jetty.websocket.api.Session s = jetty;
        if (s == null) {
            return;
        }
        String r = reason == null ? "" : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
        while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
            r = r.substring(0, r.length() - 1);
        }
        try {
            s.close(code, r, Callback.NOOP);
        } catch (RuntimeException e) {
            // already closed
        }
    }

    /** Drops the connection without a closing handshake (a peer that reads nothing never answers one). */
    void disconnect() {
        org.eclipse.jetty.websocket.api.Session s = jetty;
        if (s != null) {
            try {
                s.disconnect();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    /** Sends a ping; Jetty answers the pong and keeps reading. */
    void ping() {
        org.eclipse.jetty.websocket.api.Session s = jetty;
        if (s != null && s.isOpen()) {
            try {
                s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
            } catch (RuntimeException e) {
                // closing
            }
        }
    }
}
