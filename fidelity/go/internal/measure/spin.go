package measure

import (
	"time"
)

// Sink keeps the compiler from removing the busy loops' work.
var Sink uint64

//go:noinline
func mix(x uint64) uint64 { return x*6364136223846793005 + 1442695040888963407 }

// Step is a call with a stack-check prologue, where a cooperative preemption
// request is seen (stack.go: morestack → newstack). The compiler leaves the
// check out of small leaf functions, so Step calls mix rather than doing
// the arithmetic itself.
//
//go:noinline
func Step(x uint64) uint64 { return mix(x) + 1 }

// SpinCalls keeps the CPU busy for d, calling Step on every iteration, so
// every iteration passes a function prologue.
func SpinCalls(d time.Duration) {
	end := time.Now().Add(d)
	x := Sink
	for time.Now().Before(end) {
		for i := 0; i < 100; i++ {
			x = Step(x)
		}
	}
	Sink = x
}

// LoopNoCalls runs n iterations of arithmetic with no call in the loop body:
// only an asynchronous preemption (SIGURG) can stop it.
func LoopNoCalls(n uint64) uint64 {
	x := uint64(1)
	for i := uint64(0); i < n; i++ {
		x = x*6364136223846793005 + i
	}
	return x
}

// CalibrateNoCalls returns how many LoopNoCalls iterations take about d. It
// runs the loop for only about a millisecond, so that sysmon, which backs
// off while a program keeps running without anything for it to do, is still
// in its short rounds afterwards.
func CalibrateNoCalls(d time.Duration) uint64 {
	n := uint64(1 << 12)
	for {
		start := time.Now()
		Sink += LoopNoCalls(n)
		took := time.Since(start)
		if took > 500*time.Microsecond {
			return uint64(float64(n) * float64(d) / float64(took))
		}
		n *= 2
	}
}
