// newproc measures the `go` statement (proc.go: newproc → newproc1: take a g
// from the P's free list or malg a new one with a 2 KB stack (stackalloc),
// set it _Grunnable, runqput it into runnext) and what running an empty
// goroutine to its end costs (execute, goexit1 → goexit0 → gfput). These are
// the engine's NEWPROC_NS and, for the run, RUNTIME_NS.
//
// On GOMAXPROCS=1 the created goroutines cannot run while main keeps the P,
// so a batch of `go` statements times newproc alone. The first batch in a
// process has to allocate fresh g's and stacks; later batches reuse the ones
// freed by gfput (the usual case in a long-running program).
package main

import (
	"runtime"
	"sync/atomic"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const (
	batches   = 30
	batchSize = 200 // below the 256-slot local queue, so no runqputslow
)

var finished atomic.Int64

func empty() { finished.Add(1) }

func main() {
	runtime.GOMAXPROCS(1)
	var fresh, reused, runExit []float64
	for b := 0; b < batches; b++ {
		finished.Store(0)
		start := time.Now()
		for i := 0; i < batchSize; i++ {
			go empty()
		}
		created := time.Since(start)
		start = time.Now()
		for finished.Load() < batchSize {
			runtime.Gosched()
		}
		ran := time.Since(start)
		perGo := float64(created.Nanoseconds()) / batchSize
		if b == 0 {
			fresh = append(fresh, perGo)
		} else {
			reused = append(reused, perGo)
		}
		runExit = append(runExit, float64(ran.Nanoseconds())/batchSize)
	}
	measure.Emit("newproc.fresh", "ns", fresh, "one `go` statement that allocates a new g and stack (first batch of a process)")
	measure.Emit("newproc.reused", "ns", reused, "one `go` statement reusing a dead g from gfget (mean over a batch of 200)")
	measure.Emit("newproc.run_exit", "ns", runExit, "running an empty goroutine: execute, its body, goexit0 (mean over 200)")
}
