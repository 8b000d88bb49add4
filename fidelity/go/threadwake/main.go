// threadwake measures how long a parked thread takes to run again once woken,
// the engine's THREAD_WAKE_NS, three ways:
//
//   - wake.futex: the bare kernel cost. Two OS threads; one sleeps in
//     futex(FUTEX_WAIT), the other stores a flag and calls futex(FUTEX_WAKE).
//     A sample is from just before the wake until the sleeper is back in Go
//     code. This is what the runtime's notewakeup/notesleep (lock_futex.go)
//     cost underneath.
//   - wake.steal: the same through the scheduler. GOMAXPROCS=2, the other M
//     is parked in stopm. main runs `go rec()` (wakep → startm →
//     notewakeup(&mp.park)) and `go dummy()` (which pushes rec out of runnext
//     into the local queue), then keeps its P busy. The woken M runs
//     findRunnable, steals rec in its first stealWork pass and executes it.
//     A sample is from before the first `go` until rec runs.
//   - wake.runnext: as wake.steal but with a single `go`: rec stays in the
//     busy P's runnext, which stealWork takes only on its last pass, after
//     runqgrab's usleep(3) (the engine's RUNNEXT_STEAL_USLEEP_NS, 3 µs asked,
//     plus the kernel's timer slack).
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
	measure.Emit("wake.steal", "ns", schedulerWakes(true), "`go` with the other M parked: wakep → futex wake → stealWork → rec runs")
	measure.Emit("wake.runnext", "ns", schedulerWakes(false), "`go` into a busy P's runnext: woken M steals it on its last pass after usleep(3)")
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

// schedulerWakes measures wake-up through wakep; withKick selects wake.steal.
func schedulerWakes(withKick bool) []float64 {
	base := time.Now()
	var out []float64
	for n := 0; n < samples; n++ {
		time.Sleep(2 * time.Millisecond) // let the other M finish spinning and park
		var ranAt atomic.Int64
		t0 := int64(time.Since(base))
		go func() { ranAt.Store(int64(time.Since(base))) }()
		if withKick {
			go func() {}()
		}
		measure.SpinCalls(1500 * time.Microsecond)
		for ranAt.Load() == 0 {
			runtime.Gosched()
		}
		out = append(out, float64(ranAt.Load()-t0))
	}
	return out
}
