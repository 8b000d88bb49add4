package goroutinelab.real;

import goroutinelab.real.TraceEvent.Type;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of Go 1.22+'s trace wire format ({@code go tool trace -d=2}
 * in Go 1.22 and 1.23, {@code -d=wire} later, and the {@code .test} files in
 * the Go repository's src/internal/trace/testdata/tests). Events come in
 * batches, one batch per thread ({@code m}) at a time, each event with a time
 * delta ({@code dt}, in ticks) from the one before; strings and stacks come
 * in tables of their own, and the tick frequency in a {@code Frequency}
 * event.
 *
 * <p>An event does not say which P or goroutine it happened on: that is the
 * thread's state, so each thread's events are read in order, keeping its
 * current P (ProcStart, ProcStatus) and goroutine (GoStart, GoStatus), and
 * the threads' events are then merged by time. This is a reading for the
 * lab's pictures, not a validator: it trusts the trace's order and does not
 * check sequence numbers.
 */
final class WireText {
    private static final Pattern BATCH = Pattern.compile("^EventBatch gen=(\\d+) m=(\\d+) time=(\\d+) size=(\\d+)\\s*$");
    private static final Pattern NAME = Pattern.compile("^([A-Za-z][A-Za-z0-9]*)(.*)$");
    private static final Pattern ARG = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");
    /** The m of batches that belong to no thread (strings, stacks, the frequency, goroutines not running). */
    private static final long NO_THREAD = -1L;

    private WireText() {
    }

    static boolean isStart(String line) {
        return line.startsWith("Trace Go1.") || BATCH.matcher(line).matches();
    }

    private record Raw(String name, Map<String, String> args) {
    }

    private record Batch(long gen, long m, long time, int order, List<Raw> events) {
    }

    static TraceText.Parsed parse(List<String> head, BufferedReader rest) throws IOException, TraceText.TraceFormatError {
        List<Batch> batches = new ArrayList<>();
        Map<Long, String> strings = new HashMap<>();
        Map<Long, Long> freq = new TreeMap<>();
        Reader r = new Reader(batches, strings, freq);
        for (String line : head) {
            r.line(line);
        }
        String line;
        while ((line = rest.readLine()) != null) {
            r.line(line);
        }
        r.flush();
        if (freq.isEmpty()) {
            throw new TraceText.TraceFormatError("the trace has no Frequency event: its ticks cannot be turned into time");
        }
        return events(batches, strings, freq, r.total > TraceText.MAX_EVENTS);
    }

    /** Line by line: batch headers, events, and the tab-indented lines that continue a string or a stack. */
    private static final class Reader {
        final List<Batch> batches;
        final Map<Long, String> strings;
        final Map<Long, Long> freq;
        Batch current;
        Raw last;
        long total;

        Reader(List<Batch> batches, Map<Long, String> strings, Map<Long, Long> freq) {
            this.batches = batches;
            this.strings = strings;
            this.freq = freq;
        }

        void line(String line) {
            if (line.isBlank() || line.startsWith("Trace Go1.") || line.startsWith("-- ")) {
                return;
            }
            if (line.startsWith("\t")) {
                continuation(line.substring(1));
                return;
            }
            Matcher b = BATCH.matcher(line);
            if (b.matches()) {
                flush();
                current = new Batch(Long.parseLong(b.group(1)), Long.parseUnsignedLong(b.group(2)),
                        Long.parseLong(b.group(3)), batches.size(), new ArrayList<>());
                return;
            }
            Matcher n = NAME.matcher(line);
            if (!n.matches() || current == null) {
                return;
            }
            Raw raw = new Raw(n.group(1), args(n.group(2)));
            last = raw;
            if (raw.name.equals("Frequency")) {
                long f = num(raw.args, "freq");
                if (f > 0) {
                    freq.put(current.gen, f);
                }
            } else if (!raw.name.equals("String") && !raw.name.equals("Stack") && !raw.name.equals("Stacks")
                    && !raw.name.equals("Strings") && ++total <= TraceText.MAX_EVENTS) {
                current.events.add(raw);
            }
        }

        /** {@code data="..."} after {@code String id=N}; a stack's frames are not needed. */
        void continuation(String text) {
            if (last != null && last.name.equals("String")) {
                Map<String, String> a = args(" " + text);
                if (a.containsKey("data") && current != null) {
                    strings.put(stringKey(current.gen, num(last.args, "id")), unquote(a.get("data")));
                }
            }
        }

        void flush() {
            if (current != null) {
                batches.add(current);
                current = null;
            }
        }
    }

    private static Map<String, String> args(String rest) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ARG.matcher(rest);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** String ids are numbered afresh in each generation. */
    private static long stringKey(long gen, long id) {
        return gen * 1_000_000_007L + id;
    }

    static long num(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A Go-quoted string ({@code strconv.Quote}): the escapes Go writes. */
    static String unquote(String q) {
        if (q.length() < 2 || q.charAt(0) != '"' || q.charAt(q.length() - 1) != '"') {
            return q;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c != '\\' || i + 1 >= q.length() - 1) {
                sb.append(c);
                continue;
            }
            char e = q.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len < q.length()) {
                        try {
                            sb.appendCodePoint(Integer.parseInt(q.substring(i + 1, i + 1 + len), 16));
                            i += len;
                        } catch (IllegalArgumentException bad) {
                            sb.append('\\').append(e);
                        }
                    } else {
                        sb.append('\\').append(e);
                    }
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    /**
     * The batches of each thread in time order, read with the thread's state, then merged by time.
     * Threads' clocks may disagree (Go's own test traces give every batch time 0), so where a P's
     * or a goroutine's sequence numbers (p_seq, g_seq) say one event came after another, its time is
     * moved up to the other's before the merge.
     */
    private static TraceText.Parsed events(List<Batch> batches, Map<Long, String> strings, Map<Long, Long> freqs, boolean truncated) {
        Map<Long, List<Batch>> byThread = new TreeMap<>();
        long minTicks = Long.MAX_VALUE;
        for (Batch b : batches) {
            byThread.computeIfAbsent(b.m, k -> new ArrayList<>()).add(b);
            minTicks = Math.min(minTicks, b.time);
        }
        long lastFreq = freqs.values().stream().reduce((a, b) -> b).orElse(1L);
        List<Sequenced> all = new ArrayList<>();
        for (Map.Entry<Long, List<Batch>> t : byThread.entrySet()) {
            List<Batch> list = t.getValue();
            list.sort(Comparator.comparingLong(Batch::gen).thenComparingLong(Batch::time).thenComparingInt(Batch::order));
            Thread th = new Thread(t.getKey(), strings);
            for (Batch b : list) {
                long ticks = b.time;
                long freq = freqs.getOrDefault(b.gen, lastFreq);
                for (Raw raw : b.events) {
                    ticks += num(raw.args, "dt");
                    long ns = Math.round((double) (ticks - minTicks) * 1e9 / freq);
                    th.gen = b.gen;
                    int before = th.out.size();
                    th.event(ns, raw);
                    for (int i = before; i < th.out.size(); i++) {
                        all.add(new Sequenced(th.out.get(i), seqKey(raw, th, "p"), seqKey(raw, th, "g"),
                                num(raw.args, "p_seq"), num(raw.args, "g_seq"), all.size()));
                    }
                }
            }
        }
        List<TraceEvent> out = ordered(all);
        return new TraceText.Parsed("go1.22+", out, truncated);
    }

    /** An event with the sequence numbers that order it on its P and its goroutine (key -1: none). */
    private record Sequenced(TraceEvent event, long pKey, long gKey, long pSeq, long gSeq, int order) {
    }

    /** Which P a p_seq counts on (the event's p, or the thread's), which goroutine a g_seq on (the event's g). */
    private static long seqKey(Raw raw, Thread th, String what) {
        if (what.equals("p")) {
            return raw.args.containsKey("p_seq") ? (raw.args.containsKey("p") ? num(raw.args, "p") : th.p) : -1;
        }
        return raw.args.containsKey("g_seq") && raw.args.containsKey("g") ? num(raw.args, "g") : -1;
    }

    private static List<TraceEvent> ordered(List<Sequenced> all) {
        long[] ts = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            ts[i] = all.get(i).event.ts();
        }
        for (int round = 0; round < 2; round++) {
            enforce(all, ts, true);
            enforce(all, ts, false);
        }
        Integer[] idx = new Integer[all.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, Comparator.comparingLong((Integer i) -> ts[i]).thenComparingInt(i -> all.get(i).order));
        List<TraceEvent> out = new ArrayList<>(all.size());
        for (Integer i : idx) {
            TraceEvent e = all.get(i).event;
            out.add(ts[i] == e.ts() ? e : new TraceEvent(ts[i], e.type(), e.p(), e.g(), e.m(), e.target(), e.text(), e.text2(), e.value()));
        }
        return out;
    }

    /** Moves each sequenced event's time up to that of the one before it in its sequence. */
    private static void enforce(List<Sequenced> all, long[] ts, boolean onP) {
        Map<Long, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Sequenced s = all.get(i);
            long key = onP ? s.pKey : s.gKey;
            if (key >= 0) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> g : groups.values()) {
            g.sort(Comparator.comparingLong((Integer i) -> onP ? all.get(i).pSeq : all.get(i).gSeq).thenComparingInt(i -> i));
            for (int k = 1; k < g.size(); k++) {
                ts[g.get(k)] = Math.max(ts[g.get(k)], ts[g.get(k - 1)]);
            }
        }
    }

    /** One thread's state while its events are read: the P it holds and the goroutine it runs. */
    private static final class Thread {
        final long m;
        final Map<Long, String> strings;
        int p = -1;
        long g;
        long gen;
        final List<TraceEvent> out = new ArrayList<>();

        Thread(long m, Map<Long, String> strings) {
            this.m = m;
            this.strings = strings;
        }

        String str(Map<String, String> args, String name) {
            return strings.getOrDefault(stringKey(gen, num(args, name)), "");
        }

        TraceEvent ev(long ts, Type type) {
            return new TraceEvent(ts, type, p, g, m == NO_THREAD ? -1 : m, 0, "", "", 0);
        }

        void event(long ts, Raw raw) {
            Map<String, String> a = raw.args;
            switch (raw.name) {
                case "ProcStart" -> {
                    p = (int) num(a, "p");
                    out.add(ev(ts, Type.PROC_START));
                }
                case "ProcStop" -> {
                    out.add(ev(ts, Type.PROC_STOP));
                    p = -1;
                }
                case "ProcSteal" -> out.add(new TraceEvent(ts, Type.SYSCALL_BLOCKED, (int) num(a, "p"), 0, m, num(a, "m"), "", "", 0));
                case "ProcStatus" -> procStatus(ts, a);
                case "GoStatus", "GoStatusStack" -> goStatus(ts, a);
                case "GoCreate", "GoCreateBlocked" -> {
                    out.add(ev(ts, Type.CREATE).withTarget(num(a, "new_g")));
                    if (raw.name.equals("GoCreateBlocked")) {
                        out.add(ev(ts, Type.WAITING).withTarget(num(a, "new_g")));
                    }
                }
                case "GoCreateSyscall" -> {
                    out.add(ev(ts, Type.CREATE).withTarget(num(a, "new_g")));
                    g = num(a, "new_g");
                }
                case "GoStart" -> {
                    g = num(a, "g");
                    out.add(ev(ts, Type.START).withTarget(g));
                }
                case "GoDestroy", "GoDestroySyscall" -> {
                    out.add(ev(ts, Type.END));
                    g = 0;
                }
                case "GoStop" -> {
                    String why = str(a, "reason_string");
                    out.add(ev(ts, Type.STOP).withText(why.equals("runtime.Gosched") ? "Gosched" : why));
                    g = 0;
                }
                case "GoBlock" -> {
                    out.add(ev(ts, Type.BLOCK).withText(WaitReasons.normal(str(a, "reason_string"))));
                    g = 0;
                }
                case "GoUnblock" -> out.add(ev(ts, Type.UNBLOCK).withTarget(num(a, "g")));
                case "GoSwitch", "GoSwitchDestroy" -> {
                    out.add(raw.name.equals("GoSwitch") ? ev(ts, Type.BLOCK).withText("coroutine") : ev(ts, Type.END));
                    g = num(a, "g");
                    out.add(ev(ts, Type.START).withTarget(g));
                }
                case "GoSyscallBegin" -> out.add(ev(ts, Type.SYSCALL));
                case "GoSyscallEnd" -> out.add(ev(ts, Type.SYSCALL_END));
                case "GoSyscallEndBlocked" -> {
                    out.add(ev(ts, Type.SYSCALL_EXIT).withTarget(g));
                    g = 0;
                    p = -1;
                }
                case "GoLabel" -> out.add(ev(ts, Type.LABEL).withTarget(g).withText(str(a, "label_string")));
                case "GCBegin", "GCActive" -> out.add(ev(ts, Type.GC_START).withValue(num(a, "seq")));
                case "GCEnd" -> out.add(ev(ts, Type.GC_DONE).withValue(num(a, "seq")));
                case "STWBegin" -> out.add(ev(ts, Type.STW_START).withText(str(a, "kind_string")));
                case "STWEnd" -> out.add(ev(ts, Type.STW_DONE));
                case "GCMarkAssistBegin" -> out.add(ev(ts, Type.ASSIST_START));
                case "GCMarkAssistActive" -> out.add(new TraceEvent(ts, Type.ASSIST_START, p, num(a, "g"), m, 0, "", "", 0));
                case "GCMarkAssistEnd" -> out.add(ev(ts, Type.ASSIST_DONE));
                case "GCSweepBegin", "GCSweepActive" -> out.add(ev(ts, Type.SWEEP_START));
                case "GCSweepEnd" -> out.add(ev(ts, Type.SWEEP_DONE));
                case "HeapAlloc" -> out.add(ev(ts, Type.HEAP_ALLOC).withValue(num(a, "heapalloc_value")));
                case "HeapGoal" -> out.add(ev(ts, Type.HEAP_GOAL).withValue(num(a, "heapgoal_value")));
                case "UserLog" -> out.add(ev(ts, Type.LOG).withText(str(a, "key_string")).withText2(str(a, "value_string")));
                case "ProcsChange" -> out.add(ev(ts, Type.GOMAXPROCS).withValue(num(a, "procs_value")));
                default -> {
                    // tasks, regions, CPU samples, sync: not part of the lab's picture
                }
            }
        }

        /** pstatus 1 is running (on this thread), 3 in a system call (held by this thread). */
        private void procStatus(long ts, Map<String, String> a) {
            long status = num(a, "pstatus");
            if (status == 1 || status == 3) {
                p = (int) num(a, "p");
                if (status == 1) {
                    out.add(ev(ts, Type.PROC_START));
                }
            }
        }

        /** gstatus 2 is running, 3 in a system call, 4 waiting (internal/trace's GoStatus). */
        private void goStatus(long ts, Map<String, String> a) {
            long target = num(a, "g");
            long status = num(a, "gstatus");
            if (status == 2) {
                g = target;
                out.add(ev(ts, Type.START).withTarget(target));
            } else if (status == 3) {
                long on = num(a, "m");
                if (on == m) {
                    g = target;
                }
                out.add(ev(ts, Type.IN_SYSCALL).withTarget(target).withM(on == NO_THREAD ? -1 : on));
            } else if (status == 4) {
                out.add(ev(ts, Type.WAITING).withTarget(target));
            }
        }
    }
}
