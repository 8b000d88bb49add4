package goroutinelab.real;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's own summary of each collection, printed to standard error
 * under GODEBUG=gctrace=1 (runtime/mgc.go, gcMarkTermination):
 * {@code gc 1 @0.002s 5%: 0.081+0.30+0.004 ms clock, ... , 1->1->1 MB, 4 MB goal, ..., 2 P (forced)}.
 */
final class GcTrace {
    private static final Pattern LINE = Pattern.compile(
            "^gc (\\d+) @([0-9.]+)s (\\d+)%: ([0-9.]+)\\+([0-9.]+)\\+([0-9.]+) ms clock, .*?"
                    + "(\\d+)->(\\d+)->(\\d+) MB, (\\d+) MB goal.*? (\\d+) P( \\(forced\\))?\\s*$");

    private GcTrace() {
    }

    /**
     * One cycle as gctrace reports it: its number, when (seconds since the program started), the share
     * of CPU the collector had used, the wall time of its three phases (stop-the-world sweep
     * termination, concurrent mark, stop-the-world mark termination), the heap at the start and end
     * of marking and the live heap after it (MB, as the runtime rounds them), the goal, the Ps, and
     * whether the program forced it (runtime.GC).
     */
    public record Line(int n, double atS, int cpuPercent, double sweepTermMs, double markMs, double markTermMs,
                       long heapStartMB, long heapEndMB, long liveMB, long goalMB, int procs, boolean forced) {
    }

    static List<Line> parse(List<String> stderr) {
        List<Line> out = new ArrayList<>();
        for (String s : stderr) {
            Matcher m = LINE.matcher(s.trim());
            if (m.matches()) {
                out.add(new Line(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), Integer.parseInt(m.group(3)),
                        Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                        Long.parseLong(m.group(7)), Long.parseLong(m.group(8)), Long.parseLong(m.group(9)),
                        Long.parseLong(m.group(10)), Integer.parseInt(m.group(11)), m.group(12) != null));
            }
        }
        return out;
    }
}
