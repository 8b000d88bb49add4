// gcstw measures the collector's two stop-the-world pauses (proc.go:
// stopTheWorldWithSema, startTheWorldWithSema; mgc.go: gcStart's sweep
// termination and gcMarkDone's mark termination), read from
// GODEBUG=gctrace=1 in a child process:
//
//   - gcstw.idle.*: runtime.GC() in a program with nothing else running.
//     The engine's STW costs and the lessons' "8µs" world stop.
//   - gcstw.spin.sweepterm: the same while another goroutine runs a loop
//     with no function calls on the other P. stopTheWorldWithSema must
//     preempt it: preemptall → preemptM sends SIGURG, the handler finds an
//     async safe point, the goroutine stops; the stopper waits on
//     sched.stopnote, retrying preemptall every 100 µs (the engine's
//     STW_REPREEMPT_NS).
//   - gcstw.spin_asyncoff.sweepterm: the same with asyncpreemptoff=1: the
//     loop is stopped only at the call between its 2 ms chunks, so the pause
//     is whatever was left of the chunk (the lesson's "1.95 ms ... 240 times
//     longer").
package main

import (
	"os"
	"runtime"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const rounds = 30

func child(tag string) {
	runtime.GOMAXPROCS(2)
	if tag != "idle" {
		n := measure.CalibrateNoCalls(2 * time.Millisecond)
		go func() {
			for x := uint64(0); ; x = measure.Step(x) { // Step's prologue: the only cooperative preemption point
				measure.Sink += measure.LoopNoCalls(n)
			}
		}()
	}
	var pauses []float64
	var stats runtime.MemStats
	for i := 0; i < rounds; i++ {
		time.Sleep(3 * time.Millisecond)
		runtime.GC()
		runtime.ReadMemStats(&stats)
		pauses = append(pauses, float64(stats.PauseNs[(stats.NumGC+255)%256]))
	}
	measure.Emit("gcstw."+measure.Label()+".pause_total", "ns", pauses, "both stop-the-world pauses of one runtime.GC() (MemStats.PauseNs)")
}

func main() {
	if tag, ok := measure.IsChild(); ok {
		child(tag)
		return
	}
	for _, run := range []struct{ tag, godebug string }{
		{"idle", "gctrace=1"},
		{"spin", "gctrace=1"},
		{"spin_asyncoff", "gctrace=1,asyncpreemptoff=1"},
	} {
		tag := run.tag
		if tag == "spin_asyncoff" {
			tag = "spin"
		}
		stdout, stderr := measure.ChildTagged(tag, run.tag, "GODEBUG="+run.godebug)
		os.Stdout.WriteString(stdout)
		var sweep, mark, markTerm []float64
		for _, g := range measure.ParseGctrace(stderr) {
			if !g.Forced {
				continue
			}
			sweep, mark, markTerm = append(sweep, g.SweepTermNs), append(mark, g.MarkNs), append(markTerm, g.MarkTermNs)
		}
		measure.Emit("gcstw."+run.tag+".sweepterm", "ns", sweep, "sweep-termination stop-the-world, wall (gctrace)")
		measure.Emit("gcstw."+run.tag+".markterm", "ns", markTerm, "mark-termination stop-the-world, wall (gctrace)")
		if run.tag == "idle" {
			measure.Emit("gcstw.idle.mark", "ns", mark, "concurrent mark of a nearly empty heap, wall (gctrace)")
		}
	}
}
