// fairness measures two run-queue counts on GOMAXPROCS=1 that the runtime's
// own goroutines shift.
//
//   - fairness.main_after: main starts 200 workers and calls
//     runtime.Gosched. It goes to the global queue, and the P looks there
//     first only when schedtick % 61 == 0 (proc.go: schedule, findRunnable).
//     Each worker taken from the local queue starts a new time slice
//     (execute: schedtick++). A sample is how many workers ran before main
//     came back. If schedtick started at 0 it would be 61; the runtime's
//     goroutines that ran before main.main (forcegchelper, bgsweep,
//     bgscavenge, the finalizer goroutine) have already advanced it.
//   - fairness.global_after_300 / local_after_300: main starts 300 workers
//     and keeps running. Each `go` puts the new goroutine in runnext and
//     pushes the previous one to the 256-slot local queue; when it is full,
//     runqputslow moves half of it (128) plus the pushed one to the global
//     queue. Read from GODEBUG=schedtrace=1 ("runqueue=G [L]"), printed by
//     sysmon every millisecond while main spins.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

var ran atomic.Int64

func worker() { ran.Add(1) }

// mainAfter starts 200 workers, yields, and returns how many ran meanwhile.
func mainAfter() int64 {
	for i := 0; i < 200; i++ {
		go worker()
	}
	runtime.Gosched()
	return ran.Load()
}

func main() {
	switch tag, _ := measure.IsChild(); tag {
	case "spawn300":
		for i := 0; i < 300; i++ {
			go worker()
		}
		measure.SpinCalls(8 * time.Millisecond) // within main's 10 ms slice: not preempted
		return
	case "main-after":
		println("ran", mainAfter())
		return
	}
	// The program as a lesson has it: one P for its whole life (the
	// runtime's goroutines ran on it too), set by GOMAXPROCS=1 in a child.
	_, out := measure.Child("main-after", "GOMAXPROCS=1")
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(out), "ran")))
	if err != nil {
		measure.Fail("fairness: cannot read the child's count from %q", out)
	}
	measure.Emit("fairness.main_after", "count", []float64{float64(n)}, "workers that ran before a Gosched'ed main came back (200 queued, GOMAXPROCS=1 from the start)")
	// The same after runtime.GOMAXPROCS(1) in main: the runtime's goroutines
	// ran on two Ps before.
	runtime.GOMAXPROCS(1)
	measure.Emit("fairness.main_after_setprocs", "count", []float64{float64(mainAfter())}, "the same with runtime.GOMAXPROCS(1) called in main on a 2-CPU machine")

	_, stderr := measure.Child("spawn300", "GODEBUG=schedtrace=1", "GOMAXPROCS=1")
	global, local := -1, -1
	for _, line := range strings.Split(stderr, "\n") {
		// SCHED 2ms: gomaxprocs=1 idleprocs=0 threads=4 ... runqueue=129 [170]
		i := strings.Index(line, "runqueue=")
		if !strings.HasPrefix(line, "SCHED") || i < 0 {
			continue
		}
		f := strings.Fields(line[i+len("runqueue="):])
		g, err1 := strconv.Atoi(f[0])
		l, err2 := strconv.Atoi(strings.Trim(f[1], "[]"))
		if err1 == nil && err2 == nil && g+l > global+local {
			global, local = g, l
		}
	}
	if global+local <= 0 {
		// sysmon printed no line while main was spinning (a busy machine can
		// keep its thread off the CPU for milliseconds): nothing to report.
		fmt.Fprintln(os.Stderr, "fairness: no schedtrace line showed the queues; the run-queue counts are left out")
		return
	}
	measure.Emit("fairness.global_after_300", "count", []float64{float64(global)}, "global run queue after 300 `go` with main still running (schedtrace)")
	measure.Emit("fairness.local_after_300", "count", []float64{float64(local)}, "P0's local run queue after 300 `go` (runnext not counted)")
}
