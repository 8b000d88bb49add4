// call measures an ordinary Go function call: the engine's CALL_NS, the gap
// between two points where a running goroutine can notice a cooperative
// preemption request (stackguard0 == stackPreempt, checked in the
// function's prologue; stack.go: morestack → newstack).
//
// The compiler leaves the prologue check out of small leaf functions, so two
// figures: call.leaf is a call to a function that calls nothing (no check),
// call.with_check a call to one that calls a leaf (checked prologue, two
// calls in all).
package main

import (
	"time"

	"goroutinelab/fidelity/internal/measure"
)

//go:noinline
func leaf(x uint64) uint64 { return x ^ (x >> 7) }

//go:noinline
func withCheck(x uint64) uint64 { return leaf(x) + 1 }

const (
	batches = 30
	calls   = 2_000_000
)

func main() {
	var leafs, checked []float64
	x := uint64(1)
	for b := 0; b < batches; b++ {
		start := time.Now()
		for i := 0; i < calls; i++ {
			x = leaf(x + uint64(i))
		}
		leafs = append(leafs, float64(time.Since(start).Nanoseconds())/calls)
		start = time.Now()
		for i := 0; i < calls; i++ {
			x = withCheck(x + uint64(i))
		}
		checked = append(checked, float64(time.Since(start).Nanoseconds())/calls)
	}
	measure.Sink = x
	measure.Emit("call.leaf", "ns", leafs, "one non-inlined call to a leaf function (no prologue check), loop included")
	measure.Emit("call.with_check", "ns", checked, "one call with a prologue stack check (it calls a leaf in turn), loop included")
}
