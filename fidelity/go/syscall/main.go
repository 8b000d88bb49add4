// syscall measures the runtime's side of a fast system call: entersyscall
// (proc.go: reentersyscall saves the g's state, sets _Gsyscall and the P to
// _Psyscall) and exitsyscall's fast path (exitsyscallfast: the P is still in
// _Psyscall, take it back). getpid is the cheapest system call; going through
// syscall.Syscall pays entersyscall/exitsyscall, syscall.RawSyscall does not.
// The difference is what the runtime adds to every system call.
package main

import (
	"syscall"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const (
	batches = 30
	calls   = 200_000
)

func main() {
	var withRuntime, raw, diff []float64
	for b := 0; b < batches; b++ {
		start := time.Now()
		for i := 0; i < calls; i++ {
			syscall.Syscall(syscall.SYS_GETPID, 0, 0, 0)
		}
		s := float64(time.Since(start).Nanoseconds()) / calls
		start = time.Now()
		for i := 0; i < calls; i++ {
			syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
		}
		r := float64(time.Since(start).Nanoseconds()) / calls
		withRuntime, raw, diff = append(withRuntime, s), append(raw, r), append(diff, s-r)
	}
	measure.Emit("syscall.getpid", "ns", withRuntime, "getpid through syscall.Syscall (entersyscall + kernel + exitsyscall fast path)")
	measure.Emit("syscall.getpid_raw", "ns", raw, "getpid through syscall.RawSyscall (kernel only)")
	measure.Emit("syscall.enter_exit", "ns", diff, "entersyscall + exitsyscall fast path: the difference of the two")
}
