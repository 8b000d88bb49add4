package goroutinelab.engine.compare;

import goroutinelab.engine.Engine;
import goroutinelab.engine.Event;
import goroutinelab.engine.EventLoop;
import goroutinelab.engine.Injection;
import goroutinelab.engine.Program;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.engine.SnapshotMap;
import goroutinelab.engine.Text;
import goroutinelab.engine.cpython.Interpreter;
import goroutinelab.engine.runtime.GoRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compare mode: the same lesson program under the Go runtime and under the
 * interpreter model at once, on one simulated clock.
 *
 * <p>Each step asks both sides when their next action is due
 * ({@link Engine#nextTime()}) and advances the earlier one, ties going to Go;
 * the side is stepped with the other side's next time as its deadline, so
 * bookkeeping it does silently can never carry it past something the other
 * side does first. Events keep their own side's ids (G for goroutines, T for
 * threads) and gain a {@code side} detail, {@code go} or {@code cpython}; after
 * each event the other side's clock is brought up to its time, so both
 * snapshots show the same moment. Injections go to both sides. The run ends
 * when both processes have exited; one side may end long before the other.
 *
 * <p>The snapshot is {@code {step, time, go: <Go snapshot>, cpython: <the
 * interpreter's cpython object>}}; lesson paths address it with the prefixes
 * {@code go.} and {@code cpython.}. Each side also counts its own steps
 * ({@code go.step}).
 */
public final class CompareEngine extends EventLoop<Void> {
    private final GoRuntime go;
    private final Interpreter py;
    /** The lab stopped the run (its limit of rounds without an event): both sides are done. */
    private boolean halted;

    public CompareEngine(Program prog, RuntimeConfig cfg) {
        super(cfg.seed());
        this.go = new GoRuntime(prog, cfg);
        this.py = new Interpreter(prog, cfg);
    }

    private CompareEngine(CompareEngine o) {
        super(o);
        this.go = o.go.copy();
        this.py = o.py.copy();
        this.halted = o.halted;
    }

    @Override
    public CompareEngine copy() {
        return new CompareEngine(this);
    }

    /**
     * One round: the side whose next action is due first is stepped, up to the
     * other side's next time; its event, if it made one, becomes this step's.
     */
    @Override
    protected boolean act(long deadline) {
        long tg = go.nextTime();
        long tp = py.nextTime();
        long first = Math.min(tg, tp);
        if (first == Long.MAX_VALUE || first > deadline) {
            if (deadline != Long.MAX_VALUE) {
                go.advanceTo(deadline);
                py.advanceTo(deadline);
            }
            return false;
        }
        boolean goFirst = tg <= tp;
        Engine side = goFirst ? go : py;
        Event e = side.step(Math.min(deadline, goFirst ? tp : tg));
        if (e != null) {
            moveClockTo(e.time());
            Engine other = goFirst ? py : go;
            if (other.nextTime() > e.time()) {
                other.advanceTo(e.time());
            }
            tag(e, goFirst);
        }
        return true;
    }

    /** Records a side's event as this step's, with a {@code side} detail and the side named in its text. */
    private void tag(Event e, boolean fromGo) {
        Map<String, Object> given = e.detail();
        Object[] d = new Object[2 + 2 * given.size()];
        d[0] = "side";
        d[1] = fromGo ? "go" : "cpython";
        int i = 2;
        for (Map.Entry<String, Object> en : given.entrySet()) {
            d[i++] = en.getKey();
            d[i++] = en.getValue();
        }
        Text text = fromGo ? new Text("Go: {0}", "Go：{0}", e.text()) : new Text("CPython: {0}", "CPython：{0}", e.text());
        record(e.kind(), e.g(), e.m(), e.p(), text, d);
    }

    @Override
    public long nextTime() {
        return Math.min(go.nextTime(), py.nextTime());
    }

    /**
     * The sum over both sides (a kind belongs to one side; a thread id may also
     * be a goroutine id): asked of the sides, whose counts forget a goroutine
     * that has left the world.
     */
    @Override
    public long eventCount(String kind, Integer g) {
        return go.eventCount(kind, g) + py.eventCount(kind, g);
    }

    @Override
    public boolean ended() {
        return halted || (go.ended() && py.ended());
    }

    @Override
    protected void halt(String reason, int exitCode) {
        halted = true;
    }

    /** Outside events happen to both processes: the same signal is sent to each. */
    @Override
    public void inject(Injection injection) {
        go.inject(injection);
        py.inject(injection);
    }

    @Override
    public Map<String, Object> snapshot() {
        SnapshotMap.Builder s = SnapshotMap.builder(4);
        s.put("step", steps());
        s.put("time", now());
        s.put("go", go.snapshot());
        s.put("cpython", py.cpythonSnapshot());
        return s.build();
    }

    @Override
    public List<String> checkInvariants() {
        List<String> out = new ArrayList<>();
        go.checkInvariants().forEach(b -> out.add("go: " + b));
        py.checkInvariants().forEach(b -> out.add("cpython: " + b));
        return out;
    }
}
