// lostpreempt measures how long a queued goroutine waits behind a pair of
// goroutines playing channel ping-pong on GOMAXPROCS=1.
//
// Every hand-off readies the partner into runnext, and a goroutine taken
// from runnext inherits the time slice, so schedtick never moves and the
// global queue (checked every 61 schedticks) is never looked at: only
// sysmon's preemption can let main back in. But the request is often lost:
// preemptone sets gp.preempt and stackguard0 = stackPreempt; if the
// goroutine meets the prologue check inside chansend/chanrecv while holding
// the channel lock (m.locks > 0), newstack refuses and restores stackguard0,
// and when the goroutine then parks, execute clears gp.preempt for good.
// SIGURG landing in runtime code finds no async safe point either. sysmon
// tries again a round later; each failed round lets it back off further.
//
// main yields once to start a time slice of its own, starts the pair and
// yields again; a sample is how long until main runs again. The first round of a process (sysmon fresh) and the later
// ones (sysmon backed off) are reported apart. The lab preempts at the first
// try (14.1 ms).
package main

import (
	"runtime"
	"sync/atomic"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const rounds = 4

func main() {
	runtime.GOMAXPROCS(1)
	var first, later []float64
	for r := 0; r < rounds; r++ {
		// Start a time slice of main's own: taken from the global queue,
		// main is executed with a new schedtick. (Woken from a sleep it would
		// come through runnext and keep whatever slice the P was in.)
		runtime.Gosched()
		var stop atomic.Bool
		ping, pong := make(chan int), make(chan int)
		done := make(chan struct{}, 2)
		go func() {
			for v := 0; !stop.Load(); v++ {
				ping <- v
				<-pong
			}
			close(ping)
			done <- struct{}{}
		}()
		go func() {
			for v := range ping {
				pong <- v
			}
			done <- struct{}{}
		}()
		start := time.Now()
		runtime.Gosched()
		waited := float64(time.Since(start).Nanoseconds())
		stop.Store(true)
		<-done
		<-done
		if r == 0 {
			first = append(first, waited)
		} else {
			later = append(later, waited)
		}
	}
	measure.Emit("lostpreempt.first", "ns", first, "queued main's wait behind a ping-pong pair, first in the process")
	measure.Emit("lostpreempt.later", "ns", later, "the same, later rounds (sysmon backed off)")
}
