package goroutinelab.classroom;

import java.util.function.Consumer;

/**
 * Carries a room's events between the servers that hold its sockets. An event
 * is a small JSON object naming its room; the database holds the truth, so an
 * event only says what changed (and carries a position when it is small).
 * Every server receives every event, including its own, once, in the order
 * one publisher sent them; events from different publishers may interleave,
 * which the room's {@code seq} sorts out.
 */
interface Broker extends AutoCloseable {
    /** Maximum bytes of one event ({@code pg_notify} refuses payloads of 8000 bytes or more). */
    int MAX_EVENT_BYTES = 7000;

    /**
     * Starts delivery: onEvent gets each event on the broker's own thread, onResync
     * after a lost connection came back (events may have been missed: re-read the rooms).
     */
    void start(Consumer<String> onEvent, Runnable onResync);

    /** Sends an event to every server, this one included. Called from any thread. */
    void publish(String event);

    /** Stops delivery. Safe to call twice. */
    @Override
    void close();
}
