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
//   - signal.path_loop, signal.path_receiver: the parked case again under
//     runtime/trace, split in two: from the kill (a trace.Log just before
//     it) until os/signal's loop goroutine runs again after signal_recv, and
//     from there until the receiver runs.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"runtime/trace"
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
	loop, recv := tracedPath(pid, got)
	measure.Emit("signal.path_loop", "ns", loop, "kill → os/signal's loop goroutine runs (it was parked in signal_recv)")
	measure.Emit("signal.path_receiver", "ns", recv, "os/signal's loop runs → the goroutine receiving from the Notify channel runs")
	measure.Emit("signal.kill_self", "ns", handler, "tgkill(own thread, SIGUSR1) minus tgkill(own thread, 0): delivery + sighandler on the calling thread")
	measure.Emit("signal.to_receiver", "ns", parked, "kill → the goroutine receiving from the Notify channel runs (sender parked)")
	measure.Emit("signal.to_receiver_busy", "ns", busy, "kill → receiver runs while the sender keeps its P busy (GOMAXPROCS=2)")
}

// tracedPath repeats the parked case under a trace. The receiver is the
// goroutine that records into got; os/signal's loop is the one that readies
// it (GoUnblock) after the kill.
func tracedPath(pid int, got chan int64) (loop, recv []float64) {
	events := measure.Trace(func() {
		ctx := context.Background()
		for i := 0; i < 100; i++ {
			time.Sleep(2 * time.Millisecond)
			trace.Log(ctx, "fidelity", "kill")
			syscall.Kill(pid, syscall.SIGUSR1)
			<-got
		}
	})
	var killAt, loopAt int64 = -1, -1
	var loopG, recvG int64 = -1, -1
	for _, e := range events {
		switch {
		case e.Type == "UserLog" && e.G == 1:
			killAt, loopAt, recvG = e.Ts, -1, -1
		case killAt < 0:
		case e.Type == "GoUnblock" && e.G != 1 && recvG < 0:
			// the first goroutine readied by someone other than main after
			// the kill: os/signal's loop readying the receiver
			loopG, recvG = e.G, e.Args["g"]
			if loopAt < 0 {
				loopAt = e.Ts // the loop ran before this; its GoStart came first
			}
		case e.Type == "GoStart" && e.Args["g"] == loopG && loopAt < 0:
			loopAt = e.Ts
		case e.Type == "GoStart" && recvG >= 0 && e.Args["g"] == recvG && loopAt >= 0:
			loop = append(loop, float64(loopAt-killAt))
			recv = append(recv, float64(e.Ts-loopAt))
			killAt = -1
		}
	}
	return loop, recv
}
