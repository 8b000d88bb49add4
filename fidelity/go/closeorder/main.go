// closeorder records in which order close(c) wakes three goroutines parked
// on c, on GOMAXPROCS=1.
//
// chan.go: closechan takes every waiter off the receive queue (oldest
// first), then the send queue, pushing each onto a gList, and after
// unlocking pops that list and calls goready on each: the last-parked is
// readied first. Each goready puts its goroutine in runnext and pushes the
// previous runnext to the tail of the local queue. With r0, r1, r2 parked
// in that order: goready(r2), goready(r1) (r2 to the queue), goready(r0)
// (r1 to the queue): r0 runs first, then r2, then r1.
package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"

	"goroutinelab/fidelity/internal/measure"
)

const rounds = 20

func main() {
	runtime.GOMAXPROCS(1)
	var orders []string
	for r := 0; r < rounds; r++ {
		c := make(chan struct{})
		var ran []string
		done := make(chan struct{})
		var started atomic.Int32
		for i := 0; i < 3; i++ {
			name := fmt.Sprintf("r%d", i)
			go func() {
				started.Add(1)
				<-c
				ran = append(ran, name) // one P: the receivers never run at once
				if len(ran) == 3 {
					close(done)
				}
			}()
			// Let it run and park on c before the next one is made. One
			// Gosched is not always enough: when schedtick is a multiple of
			// 61, findRunnable takes main back from the global queue first.
			for started.Load() < int32(i+1) {
				runtime.Gosched()
			}
		}
		close(c)
		<-done
		orders = append(orders, strings.Join(ran, " "))
	}
	measure.EmitTexts("closeorder.wake_order", orders, "order in which three receivers parked r0, r1, r2 run after close(c), GOMAXPROCS=1")
}
