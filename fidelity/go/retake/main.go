// retake measures when sysmon takes a P away from a goroutine blocked in a
// system call (proc.go: sysmon → retake → handoffp).
//
// retake records a call's start (pd.syscallwhen) at its first look and gives
// the P up at a later one; it keeps the P while the P's queue is empty and
// another P is idle or spinning, until the call is 10 ms old. sysmon sleeps
// 20 µs between rounds at first, doubles its sleep after 50 rounds with
// nothing to do, up to 10 ms, and sleeps deeply while every P is idle. So the
// answer depends on how long the program has run: sysmon starts in
// runtime.main, before package init and main.main.
//
// One run measures one system call (a nanosleep through syscall.Syscall),
// chosen by the argument:
//
//	idle15        GOMAXPROCS=2, at main's start: 15 ms with an idle P and
//	              nothing queued, timed from a runtime/trace (GoSysCall to
//	              the retake's GoSysBlock). Starting the trace costs about
//	              1 ms of main's time first. The lab retakes it at 14.1 ms.
//	idle15-sched  the same call without a trace, its P watched with
//	              GODEBUG=schedtrace=1 (sysmon prints idleprocs every
//	              millisecond): the retake's time since the runtime started,
//	              to the millisecond.
//	p1-first      a goroutine on P1 makes the P's first system call ever
//	              (15 ms, P0 idle). retake compares the P's syscalltick
//	              with the copy it keeps; both start at 0, and the P's
//	              advances only when a call ends or the P is taken from one,
//	              so sysmon never records this call's start and sees it as
//	              10 ms old at its first look.
//	p1-warm       the same after one short call on P1: kept until 10 ms.
//	queued1       GOMAXPROCS=1, a runnable goroutine waiting, at main's start:
//	              1 ms call, retaken after one or two sysmon rounds.
//	queued1-late  the same after main has kept the P busy for 200 ms (sysmon
//	              has backed off to long sleeps): often not retaken at all.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"goroutinelab/fidelity/internal/measure"
)

func nanosleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	syscall.Syscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), 0, 0)
}

func getpid() { syscall.Syscall(syscall.SYS_GETPID, 0, 0, 0) }

func main() {
	if tag, ok := measure.IsChild(); ok && tag == "idle15-sched" {
		fmt.Println("started", time.Now().UnixNano())
		runtime.GOMAXPROCS(2)
		nanosleep(15 * time.Millisecond)
		return
	}
	mode := "idle15"
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "idle15":
		runtime.GOMAXPROCS(2)
		report(mode, 15*time.Millisecond, measure.Trace(func() { nanosleep(15 * time.Millisecond) }), 1)
	case "idle15-sched":
		idleFromSchedtrace()
	case "p1-first", "p1-warm":
		runtime.GOMAXPROCS(2)
		report(mode, 15*time.Millisecond, measure.Trace(func() { callOnOtherP(mode == "p1-warm") }), -1)
	case "queued1", "queued1-late":
		runtime.GOMAXPROCS(1)
		if mode == "queued1-late" {
			measure.SpinCalls(200 * time.Millisecond)
		}
		report(mode, time.Millisecond, measure.Trace(func() {
			done := make(chan struct{})
			go func() { measure.SpinCalls(100 * time.Microsecond); close(done) }()
			nanosleep(time.Millisecond)
			<-done
		}), 1)
	default:
		measure.Fail("retake: unknown mode %q (idle15, idle15-sched, p1-first, p1-warm, queued1, queued1-late)", mode)
	}
}

// callOnOtherP has a goroutine make the 15 ms call on the P that main is not
// on: main keeps its P busy until the goroutine has been stolen and entered
// the call, then parks, leaving its P idle.
func callOnOtherP(warm bool) {
	entered := make(chan struct{})
	done := make(chan struct{})
	go func() {
		if warm {
			getpid()
		}
		close(entered)
		nanosleep(15 * time.Millisecond)
		close(done)
	}()
	go func() {}() // pushes the caller out of runnext, so the idle P steals it at once
	for {
		select {
		case <-entered:
			<-done
			return
		default:
			measure.SpinCalls(10 * time.Microsecond)
		}
	}
}

// report finds the measured call in the trace (the last GoSysCall of the
// goroutine before a GoSysBlock or its GoSysExit) and emits the retake delay.
// g is the goroutine making the call, or -1 for "the one that blocks longest".
func report(mode string, callLen time.Duration, ev []measure.Event, g int64) {
	start := map[int64]int64{}
	var delay int64 = -1
	for _, e := range ev {
		switch e.Type {
		case "GoSysCall":
			start[e.G] = e.Ts
		case "GoSysBlock":
			if s, ok := start[e.G]; ok && (g < 0 || e.G == g) && e.Ts-s > delay {
				delay = e.Ts - s
			}
			delete(start, e.G)
		case "GoSysExit":
			delete(start, e.Args["g"])
		}
	}
	if delay >= 0 {
		measure.Emit("retake."+mode, "ns", []float64{float64(delay)}, "system call start → sysmon retakes its P ("+callLen.String()+" call)")
	}
	kept := 0.0
	if delay < 0 {
		kept = 1
	}
	measure.Emit("retake."+mode+".kept", "fraction", []float64{kept}, "1 when the "+callLen.String()+" call kept its P to the end")
}

// idleFromSchedtrace runs the idle15 call in a child under schedtrace=1 and
// reads when idleprocs went from 1 to 2 (both Ps idle: P0 was retaken).
func idleFromSchedtrace() {
	execAt := time.Now().UnixNano()
	stdout, stderr := measure.Child("idle15-sched", "GODEBUG=schedtrace=1")
	var startedAt int64
	if _, err := fmt.Sscanf(strings.TrimSpace(stdout), "started %d", &startedAt); err == nil {
		measure.Emit("retake.main_after_exec", "ns", []float64{float64(startedAt - execAt)},
			"from starting the child process until its main.main runs (runtime start, sysmon, package init)")
	}
	sawHeld := false
	for _, line := range strings.Split(stderr, "\n") {
		// SCHED 11ms: gomaxprocs=2 idleprocs=2 threads=5 ...
		f := strings.Fields(line)
		if len(f) < 4 || f[0] != "SCHED" {
			continue
		}
		ms, err := strconv.Atoi(strings.TrimSuffix(f[1], "ms:"))
		if err != nil {
			continue
		}
		switch f[3] {
		case "idleprocs=1":
			sawHeld = true
		case "idleprocs=2":
			if sawHeld {
				measure.Emit("retake.idle15-sched", "ns", []float64{float64(ms) * 1e6},
					"15 ms call at main's start: first sysmon round that shows its P idle, ms since runtime.main (1 ms resolution)")
				return
			}
		}
	}
	measure.Emit("retake.idle15-sched.kept", "fraction", []float64{1}, "the 15 ms call was never seen retaken")
}
