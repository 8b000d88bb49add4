// signal measures a signal's way from kill(2) to a goroutine that waits for
// it with signal.Notify, and its parts (the engine's SIGNAL_DELIVERY_NS and
// SIGNAL_HANDLER_NS, and the lab's "about 14 µs" kill-to-receiver figure).
//
// On the way: the kernel picks a thread and runs the runtime's handler
// (signal_unix.go: sigtrampgo → sighandler → sigsend, which sets the
// signal's bit and wakes the goroutine parked in signal_recv); that
// goroutine (os/signal's loop) runs process(), which sends on every
// Notify'd channel; the receiver parked on that channel is readied and runs.
// Two goroutine wake-ups, each possibly a thread wake.
//
//   - signal.kill_self: how long tgkill(pid, own thread, SIGUSR1) takes to
//     return, minus the same call with signal 0 (nothing sent), over 2,000
//     back-to-back pairs. A signal sent to the calling thread is delivered
//     on the way back from the system call, so this is delivery (the signal
//     frame, sigtramp, rt_sigreturn) plus the runtime's handler, which wakes
//     os/signal's loop. (kill(getpid()) would not do: Linux offers a
//     process-wide signal to the main thread first, which may be another.)
//   - signal.to_receiver: kill until the receiving goroutine runs, with the
//     sender then waiting (parked) for the receiver's answer.
//   - signal.to_receiver_busy: the same while the sender keeps its P busy
//     for 3 ms after the kill: the two hand-offs need another P and thread.
package main

import (
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const samples = 200

func main() {
	pid := syscall.Getpid()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	base := time.Now()
	got := make(chan int64)
	go func() {
		for range c {
			got <- int64(time.Since(base))
		}
	}()

	var handler, parked, busy []float64
	runtime.LockOSThread() // the thread id stays this goroutine's
	tid := syscall.Gettid()
	for i := 0; i < 2000; i++ {
		t0 := time.Now()
		syscall.Tgkill(pid, tid, 0)
		none := time.Since(t0)
		t0 = time.Now()
		syscall.Tgkill(pid, tid, syscall.SIGUSR1)
		with := time.Since(t0)
		<-got
		handler = append(handler, float64(with-none))
	}
	runtime.UnlockOSThread()
	for i := 0; i < samples; i++ {
		time.Sleep(2 * time.Millisecond)
		t0 := int64(time.Since(base))
		syscall.Kill(pid, syscall.SIGUSR1)
		at := <-got
		parked = append(parked, float64(at-t0))
	}
	for i := 0; i < samples/2; i++ {
		time.Sleep(2 * time.Millisecond)
		t0 := int64(time.Since(base))
		syscall.Kill(pid, syscall.SIGUSR1)
		measure.SpinCalls(3 * time.Millisecond)
		at := <-got
		busy = append(busy, float64(at-t0))
	}
	measure.Emit("signal.kill_self", "ns", handler, "tgkill(own thread, SIGUSR1) minus tgkill(own thread, 0): delivery + sighandler on the calling thread")
	measure.Emit("signal.to_receiver", "ns", parked, "kill → the goroutine receiving from the Notify channel runs (sender parked)")
	measure.Emit("signal.to_receiver_busy", "ns", busy, "kill → receiver runs while the sender keeps its P busy (GOMAXPROCS=2)")
}
