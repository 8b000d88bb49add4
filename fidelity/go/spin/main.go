// spin measures, from a runtime/trace, what happens when a new goroutine
// wakes a parked thread (GOMAXPROCS=2):
//
//   - wake.wakep: from the `go` statement (GoCreate: newproc → wakep →
//     startm → notewakeup, a futex wake) until the woken M has acquired the
//     idle P (ProcStart, in acquirep). The engine's THREAD_WAKE_NS on the
//     runtime's own path.
//   - spin.futile: the woken M then runs findRunnable (local and global
//     queues, netpoll, stealWork's four passes over the other P, timers).
//     Here main parks right after the `go`, so its own M runs the new
//     goroutine from runnext and the woken M finds nothing: it releases the
//     P and parks (ProcStop). A sample is ProcStart → ProcStop with no
//     goroutine run in between: the engine's STEAL_PASS_NS.
//   - spin.futile_usleep: the same when the last pass found a goroutine in
//     the other, running P's runnext and slept in runqgrab's usleep(3)
//     before looking again (split from spin.futile at 20 µs).
//
// Before each `go`, main keeps its P busy for 200 µs after waking from its
// sleep: the timer that woke it also called wakep, and that M must have
// given up and parked again, or the `go` finds it still spinning and wakes
// nobody.
package main

import (
	"runtime"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const rounds = 300

func main() {
	runtime.GOMAXPROCS(2)
	events := measure.Trace(func() {
		for i := 0; i < rounds; i++ {
			time.Sleep(300 * time.Microsecond)
			measure.SpinCalls(200 * time.Microsecond)
			go func() {}()
			time.Sleep(time.Microsecond) // park: this M runs the new goroutine itself
		}
	})
	var created int64 = -1 // the last GoCreate by main, waiting for a ProcStart
	var createdOn int64
	open := map[int64]int64{} // P → ProcStart time, cleared when a goroutine starts on it
	var wake, futile, slept []float64
	for _, e := range events {
		switch e.Type {
		case "GoCreate":
			if e.G == 1 {
				created, createdOn = e.Ts, e.P
			}
		case "ProcStart":
			open[e.P] = e.Ts
			if created >= 0 && e.P != createdOn {
				wake = append(wake, float64(e.Ts-created))
			}
			created = -1
		case "GoStart", "GoStartLabel":
			delete(open, e.P)
		case "ProcStop":
			if start, ok := open[e.P]; ok {
				if d := float64(e.Ts - start); d < 20_000 {
					futile = append(futile, d)
				} else {
					slept = append(slept, d)
				}
				delete(open, e.P)
			}
		}
	}
	measure.Emit("wake.wakep", "ns", wake, "`go` with an idle P and a parked M: GoCreate (wakep) → the woken M acquires the P (futex wake)")
	measure.Emit("spin.futile", "ns", futile, "a woken M that finds no work: ProcStart to ProcStop, no goroutine run (findRunnable with stealWork's 4 passes)")
	measure.Emit("spin.futile_usleep", "ns", slept, "the same when the last pass slept in runqgrab's usleep(3) on the busy P's runnext")
}
