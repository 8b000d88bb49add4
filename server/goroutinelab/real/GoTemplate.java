package goroutinelab.real;

/**
 * The fixed text of every exported program: the imports and the lab's helpers
 * (settings, calibration, the trace, and the real work behind each op). No
 * part of it depends on a lesson; {@link GoExport} writes the lesson's part
 * around it from validated names and numbers it formats itself.
 */
final class GoTemplate {
    private GoTemplate() {
    }

    static final String IMPORTS = """
            import (
            	"context"
            	"flag"
            	"fmt"
            	"os"
            	"os/signal"
            	"runtime"
            	"runtime/debug"
            	"runtime/trace"
            	"strconv"
            	"strings"
            	"sync"
            	"syscall"
            	"time"
            	"unsafe"
            )
            """;

    /** The C side of a cgo op, before {@code import "C"}: a C function that computes for a while. */
    static final String CGO_PREAMBLE = """
            /*
            #include <time.h>

            // lab_work computes in C for ns nanoseconds of wall time, as a C library call
            // (compression, say) would: the thread stays busy in C the whole time.
            static void lab_work(long long ns) {
            	struct timespec t;
            	clock_gettime(CLOCK_MONOTONIC, &t);
            	long long end = (long long)t.tv_sec * 1000000000LL + t.tv_nsec + ns;
            	volatile unsigned long long x = 1;
            	for (;;) {
            		for (int i = 0; i < 1000; i++) {
            			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            		}
            		clock_gettime(CLOCK_MONOTONIC, &t);
            		if ((long long)t.tv_sec * 1000000000LL + t.tv_nsec >= end) {
            			return;
            		}
            	}
            }
            */
            import "C"
            """;

    static final String CGO_HELPER = """

            // cgoCall calls into C for d: runtime.cgocall, which enters the scheduler as a system call.
            func cgoCall(d time.Duration) {
            	C.lab_work(C.longlong(d))
            }
            """;

    static final String HELPERS = """

            // ---------------------------------------------------------------------------
            // The lab's helpers, the same in every exported lesson: they set the runtime up as the
            // lesson's runtime: block says, measure how fast this machine computes, write the
            // execution trace, and do the real work behind each op.

            var (
            	traceFile   = flag.String("trace", "trace.out", "write the execution trace to this file")
            	calibration = flag.String("calibration", "", "compute and loop rates from an earlier run (steps/ms,iterations/ms); measured when empty")

            	computeRate float64 // compute steps a millisecond on this machine
            	loopRate    float64 // loop iterations a millisecond on this machine
            	sink        uint64  // keeps the compiler from dropping the work
            	traceOut    *os.File
            	stopOnce    sync.Once
            	labCtx      = context.Background()
            	asked       sync.Map // the signals the lesson has asked for with signal.Notify
            )

            // settings is the lesson's runtime: block.
            type settings struct {
            	procs           int   // GOMAXPROCS
            	gcPercent       int   // GOGC; -1 is off
            	heapMinimum     int64 // the first collection starts near this heap size; 0 leaves the runtime's own
            	asyncPreemptOff bool  // GODEBUG=asyncpreemptoff=1, which only the environment can set
            }

            // injection is something that happens to the program from outside, at a time after the start.
            type injection struct {
            	at     time.Duration
            	signal syscall.Signal // sent to this process by a kernel timer
            	fatal  bool           // the signal ends a Go program that has not asked for it
            	gc     bool           // runtime.GC(), as a debugger would ask for it
            	start  func()         // a goroutine started from outside the lesson's code
            	name   string         // the name of its function
            }

            // begin applies the settings, measures this machine, starts the trace and arms the injections.
            func begin(s settings, injections []injection) {
            	flag.Parse()
            	runtime.GOMAXPROCS(s.procs)
            	if s.asyncPreemptOff && !strings.Contains(os.Getenv("GODEBUG"), "asyncpreemptoff=1") {
            		fmt.Fprintln(os.Stderr, "lab: the lesson turns async preemption off: run with GODEBUG=asyncpreemptoff=1")
            	}
            	calibrate()
            	for _, in := range injections {
            		if in.fatal {
            			catchFatal(in.signal)
            		}
            	}
            	setGC(s)
            	f, err := os.Create(*traceFile)
            	check(err)
            	traceOut = f
            	check(trace.Start(f))
            	trace.Log(labCtx, "lab", "start")
            	base := monotonicNow()
            	for _, in := range injections {
            		in := in
            		switch {
            		case in.signal != 0:
            			signalAt(in.signal, base+int64(in.at))
            		case in.gc:
            			time.AfterFunc(in.at, func() {
            				trace.Log(labCtx, "helper", "inject gc")
            				runtime.GC()
            			})
            		case in.start != nil:
            			time.AfterFunc(in.at, func() {
            				trace.Log(labCtx, "helper", "inject go")
            				spawn(in.name)
            				go in.start()
            			})
            		}
            	}
            }

            // end marks the end of the lesson's main in the trace and writes the trace out.
            func end() {
            	trace.Log(labCtx, "lab", "end")
            	stopTrace()
            }

            func stopTrace() {
            	stopOnce.Do(func() {
            		trace.Stop()
            		check(traceOut.Close())
            	})
            }

            func check(err error) {
            	if err != nil {
            		fmt.Fprintln(os.Stderr, "lab:", err)
            		os.Exit(70)
            	}
            }

            // spawn writes the name of the goroutine about to be started into the trace, so that
            // the lab can number the lesson's goroutines as the model does (G2, G3, ... in the
            // order they are created) and tell them from the runtime's own.
            func spawn(fn string) {
            	trace.Log(labCtx, "go", fn)
            }

            // notify is signal.Notify, remembered, so that the lab knows the lesson now asks for s.
            func notify(c chan os.Signal, s syscall.Signal) {
            	asked.Store(s, true)
            	signal.Notify(c, s)
            }

            // catchFatal: a signal that ends a Go program which has not asked for it (SIGHUP, SIGINT,
            // SIGTERM) would end it before the trace is written. The lab asks for it itself: if the
            // lesson has asked for it too by the time it comes, the lesson's own channel has it and the
            // lab lets it be; if not, the lab writes the trace out and lets the signal end the process,
            // as it would have.
            func catchFatal(s syscall.Signal) {
            	c := make(chan os.Signal, 1)
            	signal.Notify(c, s)
            	go func() {
            		for range c {
            			if _, ok := asked.Load(s); ok {
            				continue
            			}
            			trace.Log(labCtx, "lab", "fatal "+strconv.Itoa(int(s)))
            			stopTrace()
            			signal.Reset(s)
            			check(syscall.Kill(syscall.Getpid(), s))
            			select {}
            		}
            	}()
            }

            // signalAt asks the kernel to send signal s to this process at CLOCK_MONOTONIC time atNs
            // (a POSIX timer), so the signal comes from outside, on time, whatever the scheduler does.
            func signalAt(s syscall.Signal, atNs int64) {
            	var event struct {
            		value  uint64
            		signo  int32
            		notify int32 // SIGEV_SIGNAL
            		pad    [12]int32
            	}
            	event.signo = int32(s)
            	var id int32
            	if _, _, e := syscall.RawSyscall(syscall.SYS_TIMER_CREATE, 1, uintptr(unsafe.Pointer(&event)), uintptr(unsafe.Pointer(&id))); e != 0 {
            		check(e)
            	}
            	at := [2]syscall.Timespec{{}, syscall.NsecToTimespec(atNs)} // no interval, then the time
            	if _, _, e := syscall.RawSyscall6(syscall.SYS_TIMER_SETTIME, uintptr(id), 1, uintptr(unsafe.Pointer(&at)), 0, 0, 0); e != 0 {
            		check(e)
            	}
            }

            // monotonicNow is CLOCK_MONOTONIC in nanoseconds, the clock signalAt's timers use.
            func monotonicNow() int64 {
            	var t syscall.Timespec
            	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, 1, uintptr(unsafe.Pointer(&t)), 0); e != 0 {
            		check(e)
            	}
            	return syscall.TimespecToNsec(t)
            }

            // setGC sets GOGC. The runtime starts its first cycle near 4 MB × GOGC/100; a lesson with
            // its own heap minimum gets it by running with a lower GOGC until the first cycle ends.
            func setGC(s settings) {
            	if s.heapMinimum <= 0 || s.gcPercent < 0 {
            		debug.SetGCPercent(s.gcPercent)
            		return
            	}
            	first := int(100 * s.heapMinimum / (4 << 20))
            	if first < 1 {
            		first = 1
            	}
            	debug.SetGCPercent(first)
            	afterFirstGC(func() { debug.SetGCPercent(s.gcPercent) })
            }

            // afterFirstGC runs f once a collection has found an object unreachable (a finalizer).
            func afterFirstGC(f func()) {
            	sentinel := new([64]byte)
            	runtime.SetFinalizer(sentinel, func(*[64]byte) {
            		trace.Log(labCtx, "helper", "gc percent")
            		f()
            	})
            }

            // calibrate measures how many compute steps and loop iterations this machine does in a
            // millisecond of CPU time, before the trace starts: the thread's own CPU clock counts
            // only the time it really ran, so a busy shared machine makes a compute op last longer,
            // not do less work. The best of three short tries.
            func calibrate() {
            	if parts := strings.Split(*calibration, ","); len(parts) == 2 {
            		c, err1 := strconv.ParseFloat(parts[0], 64)
            		l, err2 := strconv.ParseFloat(parts[1], 64)
            		if err1 == nil && err2 == nil && c > 0 && l > 0 {
            			computeRate, loopRate = c, l
            			return
            		}
            	}
            	runtime.LockOSThread()
            	defer runtime.UnlockOSThread()
            	for try := 0; try < 3; try++ {
            		n, x, start := 0, uint64(1), threadCPU()
            		for threadCPU()-start < 4e6 {
            			for j := 0; j < 1000; j++ {
            				x = computeStep(x)
            			}
            			n += 1000
            		}
            		if r := float64(n) / (float64(threadCPU()-start) / 1e6); r > computeRate {
            			computeRate = r
            		}
            		sink += x
            		start = threadCPU()
            		loopN(2000000)
            		if r := 2000000 / (float64(threadCPU()-start) / 1e6); r > loopRate {
            			loopRate = r
            		}
            	}
            	fmt.Fprintf(os.Stderr, "lab: calibration %.0f,%.0f\\n", computeRate, loopRate)
            }

            // threadCPU is the CPU time this thread has used, in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
            func threadCPU() int64 {
            	var t syscall.Timespec
            	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&t)), 0); e != 0 {
            		check(e)
            	}
            	return syscall.TimespecToNsec(t)
            }

            //go:noinline
            func mix(x uint64) uint64 { return x*6364136223846793005 + 1442695040888963407 }

            // computeStep calls mix, so it is not a leaf: its prologue checks the stack, and that
            // check is where a cooperative preemption request is taken.
            //
            //go:noinline
            func computeStep(x uint64) uint64 { return mix(x) ^ (x >> 29) }

            // compute is CPU work made of function calls: about d of it on this machine.
            func compute(d time.Duration) {
            	n := int64(float64(d) / 1e6 * computeRate)
            	x := uint64(n)
            	for i := int64(0); i < n; i++ {
            		x = computeStep(x)
            	}
            	sink += x
            }

            // loop is about d of CPU work in a loop without calls: only an asynchronous
            // preemption (a signal) can stop it.
            func loop(d time.Duration) {
            	loopN(int64(float64(d) / 1e6 * loopRate))
            }

            //go:noinline
            func loopN(n int64) {
            	x := uint64(n)
            	for i := int64(0); i < n; i++ {
            		x = x*6364136223846793005 + 1442695040888963407
            		x ^= x >> 29
            	}
            	sink += x
            }

            // nanosleep is a blocking system call that lasts d (the kernel may add tens of µs):
            // the goroutine's thread waits in the kernel, and the runtime sees entersyscall.
            func nanosleep(d time.Duration) {
            	ts := syscall.NsecToTimespec(int64(d))
            	for {
            		var left syscall.Timespec
            		if err := syscall.Nanosleep(&ts, &left); err != syscall.EINTR {
            			return
            		}
            		ts = left // a signal interrupted the call: sleep the rest
            	}
            }

            // netread reads a file descriptor whose data arrives d later, through the netpoller: the
            // descriptor is a kernel timer (timerfd), so the data comes from outside the program on
            // time, with no writer goroutine that would itself need a P.
            func netread(d time.Duration) {
            	fd, _, e := syscall.RawSyscall(syscall.SYS_TIMERFD_CREATE, 1, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
            	if e != 0 {
            		check(e)
            	}
            	after := [2]syscall.Timespec{{}, syscall.NsecToTimespec(int64(d))} // no interval, then the delay
            	if _, _, e := syscall.RawSyscall6(syscall.SYS_TIMERFD_SETTIME, fd, 0, uintptr(unsafe.Pointer(&after)), 0, 0, 0); e != 0 {
            		check(e)
            	}
            	f := os.NewFile(fd, "netread")
            	var b [8]byte
            	_, err := f.Read(b[:])
            	check(err)
            	check(f.Close())
            }
            """;
}
