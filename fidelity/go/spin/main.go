// spin measures what a woken thread costs when it finds nothing to do, read
// from a runtime/trace: the engine's STEAL_PASS_NS (stealWork, all four
// passes over the Ps, done in one step there).
//
// GOMAXPROCS=2. main starts a goroutine, which wakes the other M (newproc →
// wakep → startm), and parks at once: its own M runs the new goroutine from
// runnext, which ends immediately. The woken M acquires the idle P
// (ProcStart), runs findRunnable (local and global queues, netpoll,
// stealWork's four passes over the other P, timers) and, finding nothing,
// releases the P and parks (ProcStop). A sample is one such ProcStart →
// ProcStop with no goroutine run in between. Two kinds show up: quick ones,
// and ones that found a goroutine in the other, running P's runnext on the
// last pass and slept in runqgrab's usleep(3) before looking again (by then
// it had run); they are reported apart (split at 20 µs).
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
			go func() {}()
			time.Sleep(300 * time.Microsecond)
		}
	})
	open := map[int64]int64{} // P → ProcStart time, cleared when a goroutine starts
	var futile, slept []float64
	for _, e := range events {
		switch e.Type {
		case "ProcStart":
			open[e.P] = e.Ts
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
	measure.Emit("spin.futile", "ns", futile, "a woken M that finds no work: ProcStart to ProcStop, no goroutine run (findRunnable with stealWork's 4 passes)")
	measure.Emit("spin.futile_usleep", "ns", slept, "the same when the last pass slept in runqgrab's usleep(3) on the busy P's runnext")
}
