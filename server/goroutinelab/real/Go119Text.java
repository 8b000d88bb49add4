package goroutinelab.real;

import goroutinelab.real.TraceEvent.Type;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go 1.19's {@code go tool trace -d}: one event a line, in time order, as
 * internal/trace's Event.String prints it: the time in ns since the first
 * event, the event's name, the P and goroutine it happened on and its offset
 * in the file, then its arguments ({@code name=value}; a string argument
 * runs to the next one, so {@code kind=sweep termination} keeps its space).
 * Fake Ps (1000000 and up: the GC, the syscall and the netpoll "P") read as
 * no P.
 */
final class Go119Text {
    private static final Pattern EVENT = Pattern.compile("^(\\d+) ([A-Za-z]+) p=(\\d+) g=(\\d+) off=(\\d+)(.*)$");
    private static final Pattern ARG_START = Pattern.compile(" (?=[A-Za-z_]+=)");
    private static final int FAKE_P = 1_000_000;

    private Go119Text() {
    }

    static boolean isEvent(String line) {
        return EVENT.matcher(line).matches();
    }

    static TraceText.Parsed parse(List<String> head, BufferedReader rest) throws IOException {
        List<TraceEvent> out = new ArrayList<>();
        boolean truncated = false;
        for (String line : head) {
            truncated |= add(line, out);
        }
        String line;
        while ((line = rest.readLine()) != null) {
            truncated |= add(line, out);
        }
        // the parser prints events ordered by time; keep that order stable for equal times
        return new TraceText.Parsed("go1.19", out, truncated);
    }

    /** Adds the line's events; true if they had to be dropped (too many). */
    private static boolean add(String line, List<TraceEvent> out) {
        Matcher m = EVENT.matcher(line);
        if (!m.matches()) {
            return false; // "Parsing trace..." and the like
        }
        if (out.size() >= TraceText.MAX_EVENTS) {
            return true;
        }
        long ts = Long.parseLong(m.group(1));
        String name = m.group(2);
        int pRaw = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(m.group(3)));
        int p = pRaw >= FAKE_P ? -1 : pRaw;
        long g = Long.parseLong(m.group(4));
        Map<String, String> args = args(m.group(6));
        TraceEvent e = event(ts, name, p, g, args);
        if (e != null) {
            out.add(e);
            if (name.equals("GoStartLabel")) {
                out.add(TraceEvent.of(ts, Type.LABEL, p, e.target()).withText(args.get("label")));
            }
        }
        return false;
    }

    /** The arguments after the offset; a repeated name (the "g" of GoStart) keeps the last value. */
    private static Map<String, String> args(String rest) {
        Map<String, String> args = new LinkedHashMap<>();
        if (rest == null || rest.isBlank()) {
            return args;
        }
        for (String part : ARG_START.split(rest.substring(1))) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                args.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return args;
    }

    private static long num(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static TraceEvent event(long ts, String name, int p, long g, Map<String, String> a) {
        TraceEvent e = TraceEvent.of(ts, Type.LOG, p, g);
        return switch (name) {
            case "GoCreate" -> TraceEvent.of(ts, Type.CREATE, p, g).withTarget(num(a, "g")).withValue(num(a, "stack"));
            case "GoStart", "GoStartLocal", "GoStartLabel" -> TraceEvent.of(ts, Type.START, p, g).withTarget(num(a, "g"));
            case "GoEnd" -> TraceEvent.of(ts, Type.END, p, g);
            case "GoSched" -> TraceEvent.of(ts, Type.STOP, p, g).withText("Gosched");
            case "GoPreempt" -> TraceEvent.of(ts, Type.STOP, p, g).withText("preempted");
            case "GoStop" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("forever");
            case "GoSleep" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("sleep");
            case "GoBlock" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("");
            case "GoBlockSend" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("chan send");
            case "GoBlockRecv" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("chan receive");
            case "GoBlockSelect" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("select");
            case "GoBlockSync" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("sync");
            case "GoBlockCond" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("sync.Cond.Wait");
            case "GoBlockNet" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("IO wait");
            case "GoBlockGC" -> TraceEvent.of(ts, Type.BLOCK, p, g).withText("GC assist wait");
            case "GoUnblock", "GoUnblockLocal" -> TraceEvent.of(ts, Type.UNBLOCK, p, g).withTarget(num(a, "g"));
            case "GoSysCall" -> TraceEvent.of(ts, Type.SYSCALL, p, g);
            case "GoSysBlock" -> TraceEvent.of(ts, Type.SYSCALL_BLOCKED, p, g);
            case "GoSysExit", "GoSysExitLocal" -> TraceEvent.of(ts, Type.SYSCALL_EXIT, p, g).withTarget(num(a, "g"));
            case "GoWaiting" -> TraceEvent.of(ts, Type.WAITING, p, g).withTarget(num(a, "g"));
            case "GoInSyscall" -> TraceEvent.of(ts, Type.IN_SYSCALL, p, g).withTarget(num(a, "g"));
            case "ProcStart" -> TraceEvent.of(ts, Type.PROC_START, p, g).withM(num(a, "thread"));
            case "ProcStop" -> TraceEvent.of(ts, Type.PROC_STOP, p, g);
            case "GCStart" -> TraceEvent.of(ts, Type.GC_START, p, g).withValue(num(a, "seq"));
            case "GCDone" -> TraceEvent.of(ts, Type.GC_DONE, p, g);
            case "GCSTWStart" -> TraceEvent.of(ts, Type.STW_START, p, g).withText(a.getOrDefault("kind", ""));
            case "GCSTWDone" -> TraceEvent.of(ts, Type.STW_DONE, p, g);
            case "GCMarkAssistStart" -> TraceEvent.of(ts, Type.ASSIST_START, p, g);
            case "GCMarkAssistDone" -> TraceEvent.of(ts, Type.ASSIST_DONE, p, g);
            case "GCSweepStart" -> TraceEvent.of(ts, Type.SWEEP_START, p, g);
            case "GCSweepDone" -> TraceEvent.of(ts, Type.SWEEP_DONE, p, g);
            case "HeapAlloc" -> TraceEvent.of(ts, Type.HEAP_ALLOC, p, g).withValue(num(a, "mem"));
            case "NextGC", "HeapGoal" -> TraceEvent.of(ts, Type.HEAP_GOAL, p, g).withValue(num(a, "mem"));
            case "UserLog" -> e.withText(a.getOrDefault("category", "")).withText2(a.getOrDefault("message", ""));
            case "Gomaxprocs" -> TraceEvent.of(ts, Type.GOMAXPROCS, p, g).withValue(num(a, "procs"));
            default -> null;
        };
    }
}
