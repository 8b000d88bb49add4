// timers measures how late timed waits end, the engine's TIMER_SLACK_NS and
// the netpoller's millisecond rounding.
//
//   - timers.nanosleep_<d>: a thread asks the kernel to sleep d (nanosleep,
//     raw, on a locked thread) and a sample is how long it took. Linux
//     lets a timed wait of an ordinary thread end up to its timer slack
//     (50 µs by default) late, so that nearby wake-ups can be merged. This is
//     what sysmon's usleep(20) and runqgrab's usleep(3) really cost
//     (os_linux.go: usleep is a nanosleep).
//   - timers.sleep_<d>: time.Sleep(d) in a program with nothing else to do.
//     The goroutine parks with a timer on its P; the idle M blocks in
//     netpoll(delay) (netpoll_epoll.go), whose epoll_wait takes a timeout in
//     whole milliseconds: under 1 ms becomes 1 ms, and 1.999 ms becomes 1 ms,
//     after which the M finds the timer not due yet and waits again. A
//     sample is how long time.Sleep(d) took.
package main

import (
	"fmt"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"goroutinelab/fidelity/internal/measure"
)

const samples = 60

// rawNanosleep sleeps on this thread without telling the runtime; false if a
// signal cut the sleep short (EINTR), which makes the sample useless.
func rawNanosleep(d time.Duration) bool {
	ts := syscall.NsecToTimespec(int64(d))
	_, _, errno := syscall.RawSyscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), 0, 0)
	return errno == 0
}

// label writes a duration for a measurement name: 3us, 1500us, 5ms.
func label(d time.Duration) string {
	if d%time.Millisecond == 0 {
		return fmt.Sprintf("%dms", d/time.Millisecond)
	}
	return fmt.Sprintf("%dus", d/time.Microsecond)
}

func main() {
	for _, d := range []time.Duration{3 * time.Microsecond, 20 * time.Microsecond, 100 * time.Microsecond, time.Millisecond} {
		done := make(chan []float64)
		go func() {
			runtime.LockOSThread()
			var took []float64
			for len(took) < samples {
				t0 := time.Now()
				if rawNanosleep(d) {
					took = append(took, float64(time.Since(t0)))
				}
			}
			done <- took
		}()
		measure.Emit("timers.nanosleep_"+label(d), "ns", <-done,
			fmt.Sprintf("nanosleep(%s) on a thread: how long it took", d))
	}
	for _, d := range []time.Duration{100 * time.Microsecond, time.Millisecond, 1500 * time.Microsecond, 1999 * time.Microsecond, 5 * time.Millisecond} {
		var took []float64
		for i := 0; i < samples; i++ {
			time.Sleep(3 * time.Millisecond) // let every thread park
			t0 := time.Now()
			time.Sleep(d)
			took = append(took, float64(time.Since(t0)))
		}
		measure.Emit("timers.sleep_"+label(d), "ns", took,
			fmt.Sprintf("time.Sleep(%s) in an idle program: how long it took", d))
	}
}
