package goroutinelab.real;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The functions goroutines start at, read from a Go 1.19 trace file's string and stack tables. */
class TraceStacksTest {

    /** A trace file written the way Go 1.19 writes one, with only the events these tests need. */
    private static final class Trace {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Trace(String header) {
            byte[] h = Arrays.copyOf(header.getBytes(StandardCharsets.ISO_8859_1), 16);
            out.writeBytes(h);
        }

        Trace string(long id, String s) {
            out.write(37 | (1 << 6));
            varint(out, id);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(out, b.length);
            out.writeBytes(b);
            return this;
        }

        /** An event with up to three arguments inline. */
        Trace event(int type, long... args) {
            out.write(type | ((args.length - 1) << 6));
            for (long a : args) {
                varint(out, a);
            }
            return this;
        }

        /** An event with its arguments' length first (a stack, or one with four arguments or more). */
        Trace counted(int type, long... args) {
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            for (long v : args) {
                varint(a, v);
            }
            out.write(type | (3 << 6));
            varint(out, a.size());
            out.writeBytes(a.toByteArray());
            return this;
        }

        /** A stack of one frame: id, its function's string id. */
        Trace stack(long id, long fn) {
            return counted(3, id, 1, 0x401000, fn, 99, 12);
        }

        Map<Long, String> read() throws Exception {
            return TraceStacks.startFunctions(new ByteArrayInputStream(out.toByteArray()));
        }

        static void varint(ByteArrayOutputStream o, long v) {
            while (v >= 0x80) {
                o.write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            o.write((int) v);
        }
    }

    @Test
    void eachStackIsNamedByItsInnermostFunctionWhereverItsStringsCome() throws Exception {
        Trace t = new Trace("go 1.19 trace")
                .event(1, 0, 500)                      // a batch: P0 at tick 500
                .event(13, 10, 2, 3)                   // GoCreate g=2 stack=3 (no creator stack: three arguments)
                .counted(13, 12, 7, 4, 9)              // GoCreate with four arguments, counted
                .counted(48, 20, 1, 5, 0, 6)           // a trace.Log, whose message follows its arguments
                ;
        t.out.write(5);
        t.out.writeBytes("start".getBytes(StandardCharsets.UTF_8));
        t.string(40, "runtime.bgsweep").string(41, "os/signal.loop").string(42, "proc.go").string(43, "runtime.gcBgMarkWorker")
                .stack(3, 40).stack(4, 41)
                .counted(3, 9, 2, 0x1, 43, 42, 1, 0x2, 40, 42, 2); // two frames: the innermost (first) names it
        assertThat(t.read()).isEqualTo(Map.of(3L, "runtime.bgsweep", 4L, "os/signal.loop", 9L, "runtime.gcBgMarkWorker"));
    }

    @Test
    void aTraceOfAnotherFormatGivesNoNames() throws Exception {
        assertThat(new Trace("go 1.22 trace").string(1, "runtime.bgsweep").stack(3, 1).read()).isEmpty();
        assertThat(new Trace("not a trace").read()).isEmpty();
    }

    @Test
    void aCutOrDamagedFileKeepsTheNamesReadBeforeTheDamage() throws Exception {
        Trace t = new Trace("go 1.19 trace").string(1, "runtime.forcegchelper").stack(2, 1);
        t.out.write(63); // no such event
        t.string(3, "runtime.bgsweep").stack(4, 3);
        assertThat(t.read()).isEqualTo(Map.of(2L, "runtime.forcegchelper"));
        Trace cut = new Trace("go 1.19 trace").string(1, "runtime.forcegchelper").stack(2, 1);
        cut.out.write(3 | (3 << 6));
        cut.out.write(40); // a stack of 40 bytes, of which none follow
        assertThat(cut.read()).isEqualTo(Map.of(2L, "runtime.forcegchelper"));
    }
}
