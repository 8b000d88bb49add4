package goroutinelab.real;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each goroutine started, from a Go 1.19 trace file's own tables. The
 * text {@code go tool trace -d} prints says only "GoCreate ... g=5 stack=6":
 * the stack is a number. The binary file also holds the stacks (each a list
 * of frames naming their function by a number) and the strings those numbers
 * stand for; a goroutine's creation stack is one frame, the function it
 * starts at ({@code runtime.bgsweep}, {@code os/signal.loop},
 * {@code main.worker}). That is how the runtime's own goroutines get their
 * names, which the text leaves out.
 *
 * <p>The file is read event by event, skipping all but strings and stacks. A
 * file in another format (Go 1.20 and later changed it), or one that does not
 * read, gives no names rather than an error: the run is still whole without
 * them.
 */
final class TraceStacks {
    private static final String HEADER = "go 1.19 trace";
    private static final int EV_STACK = 3;
    private static final int EV_STRING = 37;
    private static final int EV_USER_LOG = 48;
    private static final int EV_COUNT = 50;
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_FRAMES = 1000;

    private TraceStacks() {
    }

    /** Thrown inside the reader for a file that is not what it should be; the caller keeps what it has. */
    private static final class Malformed extends Exception {
        Malformed(String what) {
            super(what, null, false, false);
        }
    }

    /** The function each stack starts with (its innermost frame), by stack id; empty for another format. */
    static Map<Long, String> startFunctions(Path trace) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(trace), 1 << 16)) {
            return startFunctions(in);
        } catch (IOException e) {
            return Map.of();
        }
    }

    static Map<Long, String> startFunctions(InputStream in) throws IOException {
        byte[] header = in.readNBytes(16);
        if (header.length < 16 || !new String(header, 0, HEADER.length(), StandardCharsets.ISO_8859_1).equals(HEADER)) {
            return Map.of();
        }
        Map<Long, String> strings = new HashMap<>();
        Map<Long, Long> firstFrame = new TreeMap<>();
        try {
            read(in, strings, firstFrame);
        } catch (Malformed | EOFException e) {
            // a cut or damaged file: the names read so far are still right
        }
        Map<Long, String> out = new TreeMap<>();
        firstFrame.forEach((stack, fn) -> {
            String name = strings.get(fn);
            if (name != null && !name.isEmpty()) {
                out.put(stack, name);
            }
        });
        return out;
    }

    private static void read(InputStream in, Map<Long, String> strings, Map<Long, Long> firstFrame)
            throws IOException, Malformed {
        int b;
        while ((b = in.read()) >= 0) {
            int type = b & 0x3f;
            int inline = (b >> 6) + 1; // up to three arguments follow; four means "a length, then the arguments"
            if (type == EV_STRING) {
                long id = uvarint(in);
                strings.put(id, text(in, uvarint(in)));
                continue;
            }
            if (type == 0 || type >= EV_COUNT) {
                throw new Malformed("event type " + type);
            }
            long[] args;
            if (inline < 4) {
                args = new long[inline];
                for (int i = 0; i < inline; i++) {
                    args[i] = uvarint(in);
                }
            } else {
                args = counted(in, uvarint(in));
            }
            if (type == EV_USER_LOG) {
                text(in, uvarint(in)); // the message follows the arguments
            }
            if (type == EV_STACK && args.length >= 2) {
                long frames = args[1];
                if (frames > MAX_FRAMES || args.length != 2 + 4 * frames) {
                    throw new Malformed("stack " + args[0]);
                }
                if (frames > 0 && args[0] != 0) {
                    firstFrame.put(args[0], args[3]); // frame 0: pc, function, file, line
                }
            }
        }
    }

    /** Arguments packed into {@code length} bytes. */
    private static long[] counted(InputStream in, long length) throws IOException, Malformed {
        if (length > 16L * (2 + 4 * MAX_FRAMES)) {
            throw new Malformed("event length " + length);
        }
        long[] args = new long[(int) length];
        int n = 0;
        long used = 0;
        while (used < length) {
            long v = 0;
            int shift = 0;
            int c;
            do {
                c = in.read();
                if (c < 0) {
                    throw new EOFException();
                }
                used++;
                if (shift > 63) {
                    throw new Malformed("number");
                }
                v |= (long) (c & 0x7f) << shift;
                shift += 7;
            } while ((c & 0x80) != 0);
            args[n++] = v;
        }
        if (used != length) {
            throw new Malformed("event length " + length);
        }
        return java.util.Arrays.copyOf(args, n);
    }

    private static long uvarint(InputStream in) throws IOException, Malformed {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            v |= (long) (c & 0x7f) << shift;
            if ((c & 0x80) == 0) {
                return v;
            }
        }
        throw new Malformed("number");
    }

    private static String text(InputStream in, long length) throws IOException, Malformed {
        if (length < 0 || length > MAX_STRING) {
            throw new Malformed("string length " + length);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
