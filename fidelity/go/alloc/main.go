// alloc measures mallocgc (malloc.go) for small and large objects, with and
// without pointers: the engine's allocation cost (RUNTIME_NS + size/64 ns).
// Small objects come from the P's mcache span of their size class; objects
// with no pointers use a noscan span and need no heap bits; objects over
// 32 KB are allocated directly from the heap (largeAlloc) and zeroed.
//
// The collector is switched off (debug.SetGCPercent(-1)) while a batch runs,
// so a sample is allocation alone, and a runtime.GC() between batches
// returns the memory. One sample is the mean over a batch.
package main

import (
	"runtime"
	"runtime/debug"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

type ptr16 struct{ a, b *int }
type ptr64 struct{ p [8]*int }
type noscan16 [2]uint64
type noscan64 [8]uint64

var keep []any

const batches = 20

// bench allocates count objects with fresh() per batch and returns ns per object.
func bench(count int, fresh func() any) []float64 {
	var out []float64
	keep = make([]any, 0, count)
	for b := 0; b < batches; b++ {
		keep = keep[:0]
		runtime.GC()
		start := time.Now()
		for i := 0; i < count; i++ {
			keep = append(keep, fresh())
		}
		out = append(out, float64(time.Since(start).Nanoseconds())/float64(count))
	}
	keep = nil
	return out
}

func main() {
	debug.SetGCPercent(-1)
	measure.Emit("alloc.ptr16", "ns", bench(200_000, func() any { return new(ptr16) }), "new 16-byte object with two pointers")
	measure.Emit("alloc.noscan16", "ns", bench(200_000, func() any { return new(noscan16) }), "new 16-byte object without pointers")
	measure.Emit("alloc.ptr64", "ns", bench(200_000, func() any { return new(ptr64) }), "new 64-byte object of pointers")
	measure.Emit("alloc.noscan64", "ns", bench(200_000, func() any { return new(noscan64) }), "new 64-byte object without pointers")
	measure.Emit("alloc.bytes1k", "ns", bench(20_000, func() any { return make([]byte, 1024) }), "make([]byte, 1 KB)")
	measure.Emit("alloc.bytes32k", "ns", bench(2_000, func() any { return make([]byte, 32<<10) }), "make([]byte, 32 KB), the largest small size class")
	measure.Emit("alloc.bytes128k", "ns", bench(500, func() any { return make([]byte, 128<<10) }), "make([]byte, 128 KB), a large object")
}
