package goroutinelab.checkserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the launcher (server/bin/check, bash over /dev/tcp) and the check server
 * say to each other. A request is fields, each ended by a NUL byte, so any file
 * name (spaces, newlines, any bytes but NUL) passes unchanged:
 *
 * <pre>
 *   GLCHECK1 NUL token NUL check NUL cwd NUL argc NUL arg1 NUL ... argN NUL
 *   GLCHECK1 NUL token NUL stop NUL
 * </pre>
 *
 * The server answers in lines the launcher reads with bash's {@code read}:
 *
 * <pre>
 *   GLCHECK1 refused                 the token is wrong (nothing else is said)
 *   GLCHECK1 accepted                the request was read; the check follows
 *   GLCHECK1 ok EXIT ERRBYTES        then ERRBYTES bytes of standard error, then standard output to the end
 *   GLCHECK1 fallback REASON         the launcher runs the check on a JVM of its own instead
 *   GLCHECK1 stopping PID            the server has removed its file and exits
 * </pre>
 *
 * Every field and the whole request are bounded, so a stranger on the port can
 * make the server hold no more than {@link #MAX_REQUEST_BYTES}.
 */
final class Wire {
    static final String MAGIC = "GLCHECK1";
    static final int MAX_FIELD_BYTES = 64 * 1024;
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;
    static final int MAX_ARGS = 100_000;

    /**
     * A request as read: {@code command} is check or stop; cwd and args only for
     * check, as the bytes the launcher was given (the server decodes them as the
     * JVM decodes a command line: see CheckServer).
     */
    record Request(String token, String command, byte[] cwd, List<byte[]> args) {
    }

    /** A request that breaks the format: the server answers {@code refused} and says no more. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private int read;

    private Wire(InputStream in) {
        this.in = in;
    }

    /** Reads one request; the token is not judged here. */
    static Request read(InputStream in) throws IOException {
        Wire w = new Wire(in);
        if (!MAGIC.equals(w.text())) {
            throw new Malformed("not a check request");
        }
        String token = w.text();
        String command = w.text();
        if (!command.equals("check")) {
            return new Request(token, command, null, List.of());
        }
        byte[] cwd = w.field();
        int argc;
        try {
            argc = Integer.parseInt(w.text());
        } catch (NumberFormatException e) {
            throw new Malformed("the argument count is not a number");
        }
        if (argc < 0 || argc > MAX_ARGS) {
            throw new Malformed("argument count " + argc + " out of range");
        }
        List<byte[]> args = new ArrayList<>(Math.min(argc, 1024));
        for (int i = 0; i < argc; i++) {
            args.add(w.field());
        }
        return new Request(token, command, cwd, args);
    }

    private String text() throws IOException {
        return new String(field(), StandardCharsets.US_ASCII);
    }

    /** One field: the bytes up to the next NUL. */
    private byte[] field() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int n = 0; ; n++) {
            int c = in.read();
            if (c < 0) {
                throw new Malformed("the request ended early");
            }
            if (c == 0) {
                return b.toByteArray();
            }
            if (n >= MAX_FIELD_BYTES || ++read > MAX_REQUEST_BYTES) {
                throw new Malformed("a field or the request is too long");
            }
            b.write(c);
        }
    }

    static byte[] line(String... words) {
        return (MAGIC + " " + String.join(" ", words) + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
