package goroutinelab.lesson;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Lessons an author is previewing from the author page: parsed, held in
 * memory only (nothing a visitor types is ever written to disk), each under a
 * random id that the player opens like a lesson id ({@code preview-...}).
 *
 * <p>Bounded three ways: at most {@code maxEntries} previews, at most
 * {@code maxBytes} of lesson text (UTF-8) between them, and each forgotten
 * {@code ttlMs} after it was last opened. Each preview belongs to the client
 * (address) that posted it, and one client may keep only a few (a number the
 * caller gives, and an eighth of the bytes): its next preview forgets its own
 * least recently opened one, so one visitor posting in a loop only churns its
 * own slots. A put first forgets expired previews, the one it replaces (if
 * the same client's) and its client's oldest beyond its share; if the cache
 * is still full it refuses with {@link Full}, whose message says so, rather
 * than evicting someone else's preview while they watch it.
 */
public final class Previews {
    public static final String PREFIX = "preview-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int maxEntries;
    private final long maxBytes;
    private final long ttlMs;
    private final LongSupplier clockMs;
    private final Map<String, Stored> byId = new LinkedHashMap<>();
    private long bytes;

    private static final class Stored {
        final Lesson lesson;
        final long bytes;
        final String client;
        long lastUsedMs;

        Stored(Lesson lesson, long bytes, String client, long now) {
            this.lesson = lesson;
            this.bytes = bytes;
            this.client = client;
            this.lastUsedMs = now;
        }
    }

    /** The cache is full: the message says how full and what to do. */
    public static final class Full extends Exception {
        Full(String message) {
            super(message, null, false, false);
        }
    }

    public Previews(int maxEntries, long maxBytes, long ttlMs, LongSupplier clockMs) {
        if (maxEntries < 1 || maxBytes < 1 || ttlMs < 1) {
            throw new IllegalArgumentException("Previews: limits must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.ttlMs = ttlMs;
        this.clockMs = clockMs;
    }

    /** 200 previews, 16 MB of lesson text, each kept 30 minutes after it was last opened. */
    public static Previews defaults() {
        return new Previews(200, 16L * 1024 * 1024, 30 * 60 * 1000L, System::currentTimeMillis);
    }

    public static boolean isPreviewId(String id) {
        return id != null && id.startsWith(PREFIX) && id.length() == PREFIX.length() + 32
                && id.substring(PREFIX.length()).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    public long ttlMs() {
        return ttlMs;
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** A preview from no particular client (tools, tests): no per-client share, only the cache's own bounds. */
    public String put(Lesson lesson, String source, String replaces) throws Full {
        return put(lesson, source, replaces, "", Integer.MAX_VALUE);
    }

    /**
     * Keeps a lesson parsed from {@code source} for {@code client} and returns
     * its new id. The preview named by {@code replaces} (the author's previous
     * one), if it is the same client's, is forgotten first; then, while the
     * client holds {@code perClient} previews or an eighth of the bytes, its
     * least recently opened one.
     */
    public synchronized String put(Lesson lesson, String source, String replaces, String client, int perClient) throws Full {
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        long now = clockMs.getAsLong();
        Stored replaced = replaces == null ? null : byId.get(replaces);
        if (replaced != null && replaced.client.equals(client)) {
            remove(replaces);
        }
        sweep(now);
        long share = Math.max(1, maxBytes / 8);
        if (size > maxBytes || (perClient < maxEntries && size > share)) {
            throw new Full("this lesson is " + size + " bytes; a preview may hold at most "
                    + (perClient < maxEntries ? Math.min(share, maxBytes) : maxBytes));
        }
        while (count(client) >= perClient || (perClient < maxEntries && bytes(client) + size > share)) {
            String oldest = oldest(client);
            if (oldest == null) {
                break;
            }
            remove(oldest);
        }
        if (byId.size() >= maxEntries || bytes + size > maxBytes) {
            throw new Full("the server holds as many previews as it can (" + byId.size() + " of " + maxEntries + ", "
                    + bytes / 1024 + " of " + maxBytes / 1024 + " KB); each is forgotten " + ttlMs / 60_000
                    + " minutes after it was last opened: try again in a few minutes");
        }
        String id = PREFIX + HexFormat.of().formatHex(randomBytes());
        byId.put(id, new Stored(lesson, size, client, now));
        bytes += size;
        return id;
    }

    private int count(String client) {
        int n = 0;
        for (Stored s : byId.values()) {
            if (s.client.equals(client)) {
                n++;
            }
        }
        return n;
    }

    private long bytes(String client) {
        long n = 0;
        for (Stored s : byId.values()) {
            if (s.client.equals(client)) {
                n += s.bytes;
            }
        }
        return n;
    }

    /** The client's least recently opened preview (the first such in insertion order on a tie). */
    private String oldest(String client) {
        String id = null;
        long at = Long.MAX_VALUE;
        for (Map.Entry<String, Stored> e : byId.entrySet()) {
            if (e.getValue().client.equals(client) && e.getValue().lastUsedMs < at) {
                id = e.getKey();
                at = e.getValue().lastUsedMs;
            }
        }
        return id;
    }

    /** The previewed lesson with this id, if it is still kept; opening it keeps it longer. */
    public synchronized Optional<Lesson> get(String id) {
        long now = clockMs.getAsLong();
        sweep(now);
        Stored s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        s.lastUsedMs = now;
        return Optional.of(s.lesson);
    }

    private void remove(String id) {
        Stored s = byId.remove(id);
        if (s != null) {
            bytes -= s.bytes;
        }
    }

    private void sweep(long now) {
        Iterator<Stored> it = byId.values().iterator();
        while (it.hasNext()) {
            Stored s = it.next();
            if (now - s.lastUsedMs >= ttlMs) {
                bytes -= s.bytes;
                it.remove();
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }
}
