package goroutinelab.real;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trace printed as text, in either form the Go toolchain prints:
 * Go 1.19's {@code go tool trace -d} (one event a line, already in time order:
 * {@code 7926 GoStart p=0 g=1 off=69 g=1 seq=0}) or the text form of the
 * Go 1.22+ wire format ({@code go tool trace -d=2} or {@code -d=wire}, and the
 * {@code .test} files of the Go repository: batches per thread with time
 * deltas, then string and stack tables). The form is told by the first
 * event line.
 */
public final class TraceText {
    /** A trace may have at most this many events; the rest are dropped and the result says so. */
    public static final int MAX_EVENTS = 1_000_000;

    /** The parsed events in time order, and whether some were dropped past {@link #MAX_EVENTS}. */
    public record Parsed(String format, List<TraceEvent> events, boolean truncated) {
    }

    private TraceText() {
    }

    public static Parsed parse(Reader text) throws IOException, TraceFormatError {
        BufferedReader in = new BufferedReader(text);
        List<String> head = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            head.add(line);
            if (Go119Text.isEvent(line)) {
                return Go119Text.parse(head, in);
            }
            if (WireText.isStart(line)) {
                return WireText.parse(head, in);
            }
            if (head.size() > 1000) {
                break;
            }
        }
        throw new TraceFormatError("no trace events found: expected lines like '7926 GoStart p=0 g=1 off=69 ...' "
                + "(go tool trace -d, Go 1.19 to 1.21) or 'EventBatch gen=1 m=0 time=0 size=15' (Go 1.22 and later)");
    }

    /** Text that is not a trace in either form, with what was expected. */
    public static final class TraceFormatError extends Exception {
        public TraceFormatError(String message) {
            super(message);
        }
    }
}
