// switch measures what one goroutine switch costs on a single P, the figure
// behind the engine's RUNTIME_NS (a typical scheduler step).
//
//   - switch.gosched: two goroutines take turns calling runtime.Gosched. Each
//     call is goschedImpl (proc.go): the caller goes to the global run queue,
//     schedule() → findRunnable picks the other one, execute switches to it.
//   - switch.chan: two goroutines pass a value back and forth over unbuffered
//     channels. Each hand-off is chansend finding a parked receiver (send →
//     goready into runnext), then the sender parking in chanrecv (gopark →
//     park_m → schedule → execute of the runnext goroutine).
//
// One sample is the mean cost of one switch over a batch of 20,000 round trips.
package main

import (
	"runtime"
	"sync"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const (
	batches    = 30
	roundTrips = 20_000
)

func main() {
	runtime.GOMAXPROCS(1)
	var gosched, chans []float64
	for b := 0; b < batches; b++ {
		gosched = append(gosched, goschedPair())
		chans = append(chans, channelPair())
	}
	measure.Emit("switch.gosched", "ns", gosched, "one runtime.Gosched hand-off between two goroutines, GOMAXPROCS=1")
	measure.Emit("switch.chan", "ns", chans, "one unbuffered-channel hand-off (send to a parked receiver, then park), GOMAXPROCS=1")
}

// goschedPair returns the mean ns per Gosched switch.
func goschedPair() float64 {
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			for j := 0; j < roundTrips; j++ {
				runtime.Gosched()
			}
		}()
	}
	wg.Wait()
	return float64(time.Since(start).Nanoseconds()) / float64(2*roundTrips)
}

// channelPair returns the mean ns per one-way channel hand-off.
func channelPair() float64 {
	ping, pong := make(chan int), make(chan int)
	done := make(chan struct{})
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(done)
	}()
	start := time.Now()
	v := 0
	for j := 0; j < roundTrips; j++ {
		ping <- v
		v = <-pong
	}
	took := time.Since(start)
	close(ping)
	<-done
	return float64(took.Nanoseconds()) / float64(2*roundTrips)
}
