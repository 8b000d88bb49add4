// threadwake measures the bare cost under the runtime's thread wake-ups,
// the engine's THREAD_WAKE_NS: two OS threads, one asleep in
// futex(FUTEX_WAIT), the other stores a flag and calls futex(FUTEX_WAKE).
// A sample is from just before the wake until the sleeper is back in Go
// code. The runtime parks and wakes its threads this way (lock_futex.go:
// notesleep, notewakeup). The same wake on the runtime's own paths is
// measured by spin (wake.wakep: a `go` waking a parked M) and handoff
// (handoff.wake: a retaken P handed to a parked M).
package main

import (
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"goroutinelab/fidelity/internal/measure"
)

const samples = 150

func main() {
	runtime.GOMAXPROCS(2)
	measure.Emit("wake.futex", "ns", futexWakes(), "FUTEX_WAKE until the sleeping thread runs (two locked threads, raw system calls)")
}

const (
	futexWait = 0 | 128 // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
	futexWake = 1 | 128 // FUTEX_WAKE | FUTEX_PRIVATE_FLAG
)

func futex(addr *uint32, op, val uintptr) {
	syscall.RawSyscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), op, val, 0, 0, 0)
}

// futexWakes runs a sleeper thread and wakes it `samples` times.
func futexWakes() []float64 {
	var word uint32
	var wokeAt atomic.Int64
	base := time.Now()
	go func() {
		runtime.LockOSThread()
		for n := 0; n < samples; n++ {
			for atomic.LoadUint32(&word) == 0 {
				futex(&word, futexWait, 0)
			}
			wokeAt.Store(int64(time.Since(base)))
			atomic.StoreUint32(&word, 0)
		}
	}()
	runtime.LockOSThread()
	var out []float64
	for n := 0; n < samples; n++ {
		time.Sleep(time.Millisecond) // the sleeper is surely in the kernel by now
		wokeAt.Store(0)
		t0 := int64(time.Since(base))
		atomic.StoreUint32(&word, 1)
		futex(&word, futexWake, 1)
		for wokeAt.Load() == 0 {
		}
		out = append(out, float64(wokeAt.Load()-t0))
	}
	runtime.UnlockOSThread()
	return out
}
