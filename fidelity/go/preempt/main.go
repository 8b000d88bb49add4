// preempt measures how long a queued goroutine waits behind one that never
// blocks, on GOMAXPROCS=1: the 10 ms time slice (proc.go: sysmon → retake →
// preemptone once a P's schedtick has not moved for forcePreemptNS), taken
// up cooperatively at the next function prologue (stack.go: newstack →
// gopreempt_m) or asynchronously by SIGURG (preempt.go: preemptM →
// signal handler → asyncPreempt).
//
// main yields once to start a time slice of its own, starts the hog, which
// goes into runnext, and yields again: main goes to the global queue, the
// hog runs on in main's time slice (a goroutine taken from runnext inherits
// it).
// A sample is how long main waited to run again. The argument picks the hog:
//
//	calls      a loop calling a function on every iteration (60 ms)
//	nocalls    a loop with no call at all (60 ms): only SIGURG can stop it
//	nocalls with GODEBUG=asyncpreemptoff=1 set by the driver: nothing can,
//	           main waits for the whole loop.
//
// Each process measures 6 times; the first (sysmon still fresh, 20 µs
// rounds) and the later ones (sysmon backed off) are reported apart.
package main

import (
	"os"
	"runtime"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const (
	hogLen = 60 * time.Millisecond
	rounds = 6
)

func main() {
	runtime.GOMAXPROCS(1)
	kind := "calls"
	if len(os.Args) > 1 {
		kind = os.Args[1]
	}
	name := "preempt." + kind
	if os.Getenv("GODEBUG") == "asyncpreemptoff=1" {
		name += ".asyncoff"
	}
	var hog func()
	switch kind {
	case "calls":
		hog = func() { measure.SpinCalls(hogLen) }
	case "nocalls":
		n := measure.CalibrateNoCalls(hogLen)
		hog = func() { measure.Sink += measure.LoopNoCalls(n) }
	default:
		measure.Fail("preempt: unknown hog %q (calls, nocalls)", kind)
	}
	var first, later, hogs []float64
	for r := 0; r < rounds; r++ {
		// Start a time slice of main's own: taken from the global queue,
		// main is executed with a new schedtick. (Woken from a sleep it would
		// come through runnext and keep whatever slice the P was in.)
		runtime.Gosched()
		done := make(chan struct{})
		var hogTook time.Duration
		go func() {
			t := time.Now()
			hog()
			hogTook = time.Since(t)
			close(done)
		}()
		start := time.Now()
		runtime.Gosched()
		waited := float64(time.Since(start).Nanoseconds())
		<-done
		hogs = append(hogs, float64(hogTook.Nanoseconds()))
		if r == 0 {
			first = append(first, waited)
		} else {
			later = append(later, waited)
		}
	}
	measure.Emit(name+".first", "ns", first, "queued main's wait behind a "+kind+" hog, first in the process")
	measure.Emit(name+".later", "ns", later, "the same, later rounds in the same process")
	measure.Emit(name+".hog", "ns", hogs, "how long the hog itself ran, start to end (wall)")
}
