package goroutinelab.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every op a lesson can write, in one table: its YAML key, the value it takes,
 * what it means (in English and Chinese), an example, how to build the
 * {@link Op} from what the author wrote, and how each model names a running
 * instance on the board. The lesson loader parses ops through it, the schema
 * and the author's guide (docs/authoring.md) are tested against it, and
 * {@link Ops#describe} and the interpreter's phrases come from it: a new op
 * is a new row here (and its cases in the two models' interpreters).
 */
public enum OpKind {
    COMPUTE("compute", Value.of(Arg.DURATION), "duration",
            "CPU work made of ordinary calls, with preemption points (`preemptone` after 10 ms, `morestack`)",
            "由普通函数调用组成的 CPU 工作，带抢占点（10 ms 后 `preemptone`，`morestack`）",
            "compute: 100us",
            a -> new Op.Compute(a.duration(null)),
            op -> "compute " + Fmt.time(((Op.Compute) op).durationNs()),
            op -> "bytecode " + Fmt.time(((Op.Compute) op).durationNs())),
    LOOP("loop", Value.of(Arg.DURATION), "duration",
            "a tight loop without calls: only asynchronous preemption (`preemptM`, `asyncPreempt`) stops it",
            "没有函数调用的紧密循环：只有异步抢占（`preemptM`、`asyncPreempt`）能让它停下",
            "loop: 100us",
            a -> new Op.Loop(a.duration(null)),
            op -> "loop " + Fmt.time(((Op.Loop) op).durationNs()),
            op -> "C call " + Fmt.time(((Op.Loop) op).durationNs()) + " (holds the GIL)"),
    CALL("call", Value.of(Arg.FUNCTION), "function name",
            "call another function of the lesson, then go on (a cooperative preemption point)",
            "调用课程中的另一个函数，然后继续（一个协作式抢占点）",
            "call: worker",
            a -> new Op.Call(a.function(null)),
            op -> "call " + ((Op.Call) op).fn(),
            op -> ((Op.Call) op).fn() + "()"),
    GO("go", Value.nameOr(Arg.FUNCTION, Field.of("fn", Arg.FUNCTION, true), Field.of("count", Arg.COUNT, false)),
            "function name, or `{fn, count}`",
            "`go f()`: `newproc`, `runqput` into runnext, `wakep`",
            "`go f()`：`newproc`，`runqput` 放入 runnext，`wakep`",
            "go: worker, or go: {fn: worker, count: 3}",
            a -> a.isMap() ? new Op.Go(a.function("fn"), a.integer("count", 1)) : new Op.Go(a.function(null), 1),
            op -> "go " + ((Op.Go) op).fn(),
            op -> {
                Op.Go go = (Op.Go) op;
                return "Thread(target=" + go.fn() + ").start()" + (go.count() > 1 ? " ×" + go.count() : "");
            }),
    GOSCHED("gosched", Value.NOTHING, "nothing",
            "`runtime.Gosched()`: the goroutine goes to the global run queue",
            "`runtime.Gosched()`：goroutine 进入全局运行队列",
            "gosched",
            a -> new Op.Gosched(),
            op -> "runtime.Gosched",
            op -> "time.sleep(0)"),
    SYSCALL("syscall", Value.of(Arg.DURATION), "duration",
            "a blocking system call: `entersyscall`, sysmon's `retake` and `handoffp`, `exitsyscall`",
            "阻塞的系统调用：`entersyscall`，sysmon 的 `retake` 和 `handoffp`，`exitsyscall`",
            "syscall: 100us",
            a -> new Op.Syscall(a.duration(null), false),
            op -> "syscall " + Fmt.time(((Op.Syscall) op).durationNs()),
            op -> "system call " + Fmt.time(((Op.Syscall) op).durationNs())),
    CGO("cgo", Value.of(Arg.DURATION), "duration",
            "a cgo call, through `cgocall`",
            "一次 cgo 调用，经由 `cgocall`",
            "cgo: 100us",
            a -> new Op.Syscall(a.duration(null), true),
            op -> "cgo " + Fmt.time(((Op.Syscall) op).durationNs()),
            op -> "C extension call " + Fmt.time(((Op.Syscall) op).durationNs()) + " (GIL released)"),
    SLEEP("sleep", Value.of(Arg.DURATION), "duration",
            "`time.Sleep`: `gopark`, a timer, `goready`",
            "`time.Sleep`：`gopark`，一个定时器，`goready`",
            "sleep: 100us",
            a -> new Op.Sleep(a.duration(null)),
            op -> "sleep " + Fmt.time(((Op.Sleep) op).durationNs()),
            op -> "time.sleep(" + Fmt.time(((Op.Sleep) op).durationNs()) + ")"),
    NETREAD("netread", Value.of(Arg.DURATION), "duration",
            "a socket read whose data arrives after the duration: the netpoller",
            "读取一个套接字，数据在给定时长后到达：网络轮询器",
            "netread: 100us",
            a -> new Op.NetRead(a.duration(null)),
            op -> "netread " + Fmt.time(((Op.NetRead) op).durationNs()),
            op -> "sock.recv() " + Fmt.time(((Op.NetRead) op).durationNs())),
    SEND("send", Value.nameOr(Arg.CHANNEL, Field.of("chan", Arg.CHANNEL, true), Field.of("value", Arg.LOCAL, false)),
            "channel name, or `{chan, value}`",
            "`ch <- v`: direct hand-off (`sendDirect`) or the buffer, else `gopark` on the send queue; with `value`, the pointer in that local is sent, under the write barrier while the collector marks",
            "`ch <- v`：直接交给接收者（`sendDirect`）或放入缓冲区，否则在发送队列上 `gopark`；写了 `value` 时发送该局部变量里的指针，标记期间经过写屏障",
            "send: jobs, or send: {chan: jobs, value: x}",
            a -> a.isMap() ? new Op.Send(a.channel("chan"), a.has("value") ? a.text("value") : null) : new Op.Send(a.channel(null)),
            op -> {
                Op.Send s = (Op.Send) op;
                return "send " + s.chan() + (s.value() != null ? " " + s.value() : "");
            },
            op -> ((Op.Send) op).chan() + ".put(" + (((Op.Send) op).value() != null ? ((Op.Send) op).value() : "") + ")"),
    RECV("recv", Value.nameOr(Arg.CHANNEL, Field.of("chan", Arg.CHANNEL, true), Field.of("to", Arg.LOCAL, false)),
            "channel name, or `{chan, to}`",
            "`<-ch`; with `to`, `to = <-ch`: the pointer received lands in that local",
            "`<-ch`；写了 `to` 时是 `to = <-ch`：收到的指针放进该局部变量",
            "recv: jobs, or recv: {chan: jobs, to: y}",
            a -> a.isMap() ? new Op.Recv(a.channel("chan"), a.has("to") ? a.text("to") : null) : new Op.Recv(a.channel(null)),
            op -> {
                Op.Recv r = (Op.Recv) op;
                return (r.to() != null ? r.to() + " = " : "") + "recv " + r.chan();
            },
            op -> (((Op.Recv) op).to() != null ? ((Op.Recv) op).to() + " = " : "") + ((Op.Recv) op).chan() + ".get()"),
    CLOSE("close", Value.of(Arg.CHANNEL), "channel name",
            "`close(ch)`",
            "`close(ch)`",
            "close: jobs",
            a -> new Op.Close(a.channel(null)),
            op -> "close " + ((Op.Close) op).chan(),
            op -> ((Op.Close) op).chan() + ".shutdown()"),
    ALLOC("alloc", Value.map(Field.of("to", Arg.LOCAL, true), Field.of("size", Arg.SIZE, true),
            Field.of("pointers", Arg.POINTERS, false)), "`{to, size, pointers}`",
            "`x := new(...)`: `mallocgc`, assists, the GC trigger; without `pointers` the object holds none until the program stores one",
            "`x := new(...)`：`mallocgc`，辅助标记，GC 触发点；不写 `pointers` 时，对象在程序存入指针之前不含指针",
            "alloc: {to: x, size: 64KB}",
            a -> {
                long size = a.size("size");
                return new Op.Alloc(a.text("to"), size,
                        a.has("pointers") ? a.pointerWords("pointers", size) : Program.ObjectSpec.FOLLOW_FIELDS);
            },
            op -> {
                Op.Alloc al = (Op.Alloc) op;
                return "alloc " + al.to() + " " + Fmt.bytes(al.sizeBytes());
            },
            op -> {
                Op.Alloc al = (Op.Alloc) op;
                return al.to() + " = T()  " + Fmt.bytes(al.sizeBytes());
            }),
    STORE("store", Value.map(Field.described("dst", Arg.FIELD_PATH, "var.field or global.name"),
            Field.described("src", Arg.LOCAL_OR_NIL, "a local variable, or nil")), "`{dst, src}`",
            "a pointer write `x.next = y` (`src: null` clears): the write barrier",
            "指针写入 `x.next = y`（`src: null` 表示清空）：写屏障",
            "store: {dst: x.next, src: y}",
            a -> new Op.Store(a.text("dst"), a.textOrNull("src")),
            op -> {
                Op.Store s = (Op.Store) op;
                return "store " + s.dst() + " = " + (s.src() == null ? "nil" : s.src());
            },
            op -> {
                Op.Store s = (Op.Store) op;
                return s.dst().replace("global.", "") + " = " + (s.src() == null ? "None" : s.src().replace("global.", ""));
            }),
    LOAD("load", Value.map(Field.of("dst", Arg.LOCAL, true),
            Field.described("src", Arg.LOAD_SOURCE, "var.field, global.name or a local variable")), "`{dst, src}`",
            "`y := x.next`: a new stack root",
            "`y := x.next`：一个新的栈上的根",
            "load: {dst: y, src: x.next}",
            a -> new Op.Load(a.text("dst"), a.text("src")),
            op -> {
                Op.Load l = (Op.Load) op;
                return "load " + l.dst() + " = " + l.src();
            },
            op -> {
                Op.Load l = (Op.Load) op;
                return l.dst() + " = " + l.src().replace("global.", "");
            }),
    CLEAR("clear", Value.of(Arg.LOCAL), "local name",
            "`y = nil`: drops a stack root",
            "`y = nil`：去掉一个栈上的根",
            "clear: x",
            a -> new Op.Clear(a.text(null)),
            op -> "clear " + ((Op.Clear) op).var(),
            op -> ((Op.Clear) op).var() + " = None"),
    GC("gc", Value.NOTHING, "nothing",
            "`runtime.GC()`",
            "`runtime.GC()`",
            "gc",
            a -> new Op.Gc(),
            op -> "runtime.GC()",
            op -> "gc.collect()"),
    NOTIFY("notify", Value.oneOfFields(List.of("chan", "handler"), Field.of("signal", Arg.SIGNAL, true),
            Field.of("chan", Arg.CHANNEL, false), Field.of("handler", Arg.FUNCTION, false)),
            "`{signal, chan}` or `{signal, handler}`",
            "`signal.Notify(chan, sig)`; under cpython, `signal.signal(sig, handler)`",
            "`signal.Notify(chan, sig)`；在 cpython 模型下是 `signal.signal(sig, handler)`",
            "notify: {signal: SIGUSR1, chan: sigs}",
            a -> {
                String chan = a.has("chan") ? a.channel("chan") : null;
                String handler = a.has("handler") ? a.function("handler") : null;
                return new Op.Notify(a.text("signal"), chan, handler);
            },
            op -> "signal.Notify " + ((Op.Notify) op).signal(),
            op -> {
                Op.Notify n = (Op.Notify) op;
                return "signal.signal(" + n.signal() + ", " + (n.handler() != null ? n.handler() : n.chan() + ".put_nowait") + ")";
            }),
    SETTRACE("settrace", Value.of(Arg.FUNCTION), "function name",
            "under cpython, `sys.settrace(f)`: this thread runs `f` before every line (`call_trace_func`); Go has no such hook and passes it",
            "在 cpython 模型下是 `sys.settrace(f)`：本线程在每一行之前运行 `f`（`call_trace_func`）；Go 没有这种钩子，直接跳过",
            "settrace: tracer",
            a -> new Op.SetTrace(a.function(null)),
            op -> "settrace " + ((Op.SetTrace) op).fn() + " (nothing in Go)",
            op -> "sys.settrace(" + ((Op.SetTrace) op).fn() + ")"),
    REPEAT("repeat", Value.map(Field.of("times", Arg.TIMES, true), Field.of("do", Arg.BODY, true)), "`{times, do}`",
            "repeat a list of ops",
            "把一组 op 重复若干次",
            "repeat: {times: 3, do: [...]}",
            a -> new Op.Repeat(a.integer("times", 0), a.body("do")),
            op -> "repeat " + ((Op.Repeat) op).times(),
            op -> "for _ in range(" + ((Op.Repeat) op).times() + ")");

    /** What an op's value may be, as a lesson writes it. */
    public enum Arg {
        /** A duration with a unit: {@code 200us}. */
        DURATION,
        /** A size with a unit: {@code 64KB}. */
        SIZE,
        /** A function of the lesson. */
        FUNCTION,
        /** A channel of the lesson. */
        CHANNEL,
        /** A local variable's name. */
        LOCAL,
        /** {@code var.field} or {@code global.name}. */
        FIELD_PATH,
        /** A local variable's name, or null. */
        LOCAL_OR_NIL,
        /** {@code var.field}, {@code global.name} or a local variable's name. */
        LOAD_SOURCE,
        /** A signal's name: SIGUSR1, SIGINT... */
        SIGNAL,
        /** How many goroutines {@code go} starts: 1 to 10000. */
        COUNT,
        /** How many times a repeat runs its body: 0 to 100000. */
        TIMES,
        /** Whether an object holds pointers: true (every word may), false (none: noscan), or a number of pointer words. */
        POINTERS,
        /** A list of ops. */
        BODY
    }

    /** One key of an op that takes a map. */
    public record Field(String name, Arg arg, boolean required, String description) {
        static Field of(String name, Arg arg, boolean required) {
            return new Field(name, arg, required, null);
        }

        /** A required field whose form is worth saying (the schema's description, and the author's error message). */
        static Field described(String name, Arg arg, String description) {
            return new Field(name, arg, true, description);
        }
    }

    /**
     * The value an op takes: nothing (the op is written alone, {@code - gosched}),
     * one value ({@code compute: 200us}), a map of fields, or (for {@code go}) a
     * bare name or the map. {@code oneOf}: at least one of these fields must be there.
     */
    public record Value(Arg scalar, List<Field> fields, List<String> oneOf) {
        static final Value NOTHING = new Value(null, List.of(), List.of());

        static Value of(Arg scalar) {
            return new Value(scalar, List.of(), List.of());
        }

        static Value map(Field... fields) {
            return new Value(null, List.of(fields), List.of());
        }

        /** A bare name ({@code scalar}) or a map of fields. */
        static Value nameOr(Arg scalar, Field... fields) {
            return new Value(scalar, List.of(fields), List.of());
        }

        static Value oneOfFields(List<String> oneOf, Field... fields) {
            return new Value(null, List.of(fields), oneOf);
        }

        /** Written alone, with no value. */
        public boolean nothing() {
            return scalar == null && fields.isEmpty();
        }

        public Field field(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * What a lesson wrote for an op's value, read by the loader (which reports
     * a bad value where it is and goes on). {@code field} names a key of the
     * op's map, or is null for the value itself.
     */
    public interface Args {
        /** The value is a map (rather than a bare value). */
        boolean isMap();

        boolean has(String field);

        long duration(String field);

        long size(String field);

        /** A function of the lesson (an unknown one is reported). */
        String function(String field);

        /** A channel of the lesson (an unknown one is reported). */
        String channel(String field);

        String text(String field);

        /** The text, or null where the lesson wrote null. */
        String textOrNull(String field);

        int integer(String field, int otherwise);

        /**
         * An object's pointer words from {@code pointers}: true is every word
         * of its {@code sizeBytes}, false none, a number that many (a number
         * past the object's words is reported).
         */
        long pointerWords(String field, long sizeBytes);

        /** A list of ops, each parsed the same way. */
        List<Op> body(String field);
    }

    private final String key;
    private final Value value;
    private final String valueDoc;
    private final String meaningEn;
    private final String meaningZh;
    private final String example;
    private final Function<Args, Op> build;
    private final Function<Op, String> goPhrase;
    private final Function<Op, String> pythonPhrase;

    OpKind(String key, Value value, String valueDoc, String meaningEn, String meaningZh, String example,
           Function<Args, Op> build, Function<Op, String> goPhrase, Function<Op, String> pythonPhrase) {
        this.key = key;
        this.value = value;
        this.valueDoc = valueDoc;
        this.meaningEn = meaningEn;
        this.meaningZh = meaningZh;
        this.example = example;
        this.build = build;
        this.goPhrase = goPhrase;
        this.pythonPhrase = pythonPhrase;
    }

    /** The YAML key: {@code compute}, {@code go}... */
    public String key() {
        return key;
    }

    public Value value() {
        return value;
    }

    /** The value as the author's guide says it: "duration", "`{to, size}`". */
    public String valueDoc() {
        return valueDoc;
    }

    /** What the op means, and the runtime paths it shows, in English or Chinese. */
    public String meaning(String lang) {
        return "zh".equals(lang) ? meaningZh : meaningEn;
    }

    /** One way to write it, for an author's error message. */
    public String example() {
        return example;
    }

    /** The op the lesson wrote. */
    public Op build(Args args) {
        return build.apply(args);
    }

    /** A running instance as a short phrase for the board ("compute 200µs", "recv jobs"). */
    public String describe(Op op) {
        return goPhrase.apply(op);
    }

    /** The same under the interpreter model ("time.sleep(1ms)", "jobs.get()"). */
    public String describePython(Op op) {
        return pythonPhrase.apply(op);
    }

    private static final Map<String, OpKind> BY_KEY = new LinkedHashMap<>();

    static {
        for (OpKind k : values()) {
            BY_KEY.put(k.key, k);
        }
    }

    /** The kind with this YAML key, or null. */
    public static OpKind byKey(String key) {
        return BY_KEY.get(key);
    }

    /** Every key, in the table's order. */
    public static List<String> keys() {
        return new ArrayList<>(BY_KEY.keySet());
    }

    /** The kinds written alone, without a value ({@code gosched}, {@code gc}). */
    public static List<OpKind> bare() {
        return Arrays.stream(values()).filter(k -> k.value.nothing()).toList();
    }

    /** The kind of a built op. */
    public static OpKind of(Op op) {
        return op.kind();
    }
}
