// fractional looks at how long the collector's background mark workers keep a
// P, read from a runtime/trace, with GOMAXPROCS set in the environment (the
// driver runs it with 1, 2 and 3). mgcpacer.go: startCycle aims at 25% of the Ps' time; a whole P
// is given to a dedicated worker only when rounding 0.25 × GOMAXPROCS to
// whole Ps lands within 30% of the goal, otherwise fractional workers run
// on any P for a share of its time: 1, 2 and 3 Ps get no dedicated worker,
// 4 Ps get one. Idle Ps run idle workers.
//
// A fractional worker drains with gcDrainFractional (mgcmark.go: gcDrain):
// every drainCheckThreshold (100,000) units of scan work it calls
// pollFractionalWorkerExit (mgc.go), which stops it once its own time
// exceeds 1.2 × its share of the time since marking began; mgcpacer.go:
// findRunnableGCWorker starts it again only while it is behind its share.
// A worker that starts when its time is exactly its share g of the time d
// since mark began stops once (g·d + x) / (d + x) > 1.2·g, that is after
// x = 0.2·g·d / (1 − 1.2·g): about 7% of d for g = 0.25. So a stint is
// short early in a mark phase and grows as the phase goes on; it is never
// the whole phase. fractional.pN.stint_share reports x / d per stint.
//
// GOMAXPROCS mutator goroutines build and rewrite a linked heap of about
// 24 MB, yielding every few microseconds so that schedule() runs often.
// Samples: each run of a worker (GoStartLabel to its GoBlock/GoSched/
// GoPreempt), per mode; and each mark assist (GCMarkAssistStart to Done).
package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

type node struct {
	next *node
	p    [7]*node
}

const ringLen = 400_000 // × 64 bytes

func mutate(ring []*node, w, procs int, until time.Time, wg *sync.WaitGroup) {
	defer wg.Done()
	i := w
	for time.Now().Before(until) {
		for k := 0; k < 200; k++ {
			n := &node{next: ring[(i+7)%ringLen]}
			n.p[0] = ring[(i*31+5)%ringLen]
			ring[i%ringLen] = n
			i += procs
		}
		runtime.Gosched()
	}
}

func main() {
	procs := runtime.GOMAXPROCS(0)
	ring := make([]*node, ringLen)
	for i := range ring {
		ring[i] = &node{}
	}
	events := measure.Trace(func() {
		var wg sync.WaitGroup
		until := time.Now().Add(400 * time.Millisecond)
		for w := 0; w < procs; w++ {
			wg.Add(1)
			go mutate(ring, w, procs, until, &wg)
		}
		wg.Wait()
	})
	stints := map[string][]float64{}
	type run struct {
		mode  string
		start int64
	}
	running := map[int64]run{}
	var markStart int64 = -1 // the current cycle's GCStart
	var shares []float64
	assistStart := map[int64]int64{}
	var assists []float64
	for _, e := range events {
		switch {
		case e.Type == "GCStart":
			markStart = e.Ts
		case e.Type == "GCDone":
			markStart = -1
		case e.Type == "GoStartLabel" && strings.HasPrefix(e.Label, "GC ("):
			mode := strings.TrimSuffix(strings.TrimPrefix(e.Label, "GC ("), ")")
			running[e.G] = run{mode, e.Ts}
		case e.Type == "GoBlock" || e.Type == "GoSched" || e.Type == "GoPreempt" || e.Type == "GoStop" || e.Type == "GoEnd":
			if r, ok := running[e.G]; ok {
				stints[r.mode] = append(stints[r.mode], float64(e.Ts-r.start))
				if r.mode == "fractional" && markStart >= 0 && r.start > markStart {
					shares = append(shares, float64(e.Ts-r.start)/float64(r.start-markStart))
				}
				delete(running, e.G)
			}
		case e.Type == "GCMarkAssistStart":
			assistStart[e.G] = e.Ts
		case e.Type == "GCMarkAssistDone":
			if s, ok := assistStart[e.G]; ok {
				assists = append(assists, float64(e.Ts-s))
				delete(assistStart, e.G)
			}
		}
	}
	for _, mode := range []string{"dedicated", "fractional", "idle"} {
		if len(stints[mode]) > 0 {
			measure.Emit(fmt.Sprintf("fractional.p%d.%s", procs, mode), "ns", stints[mode],
				fmt.Sprintf("one run of a %s mark worker on a P, GOMAXPROCS=%d, all Ps busy with allocating goroutines", mode, procs))
		}
	}
	measure.Emit(fmt.Sprintf("fractional.p%d.stint_share", procs), "ratio", shares,
		"a fractional worker's run divided by the time from the cycle's start to the run's start (about 0.07 expected)")
	measure.Emit(fmt.Sprintf("fractional.p%d.assist", procs), "ns", assists, "one mark assist (GCMarkAssistStart to GCMarkAssistDone)")
}
