// handoff measures a system call that blocks while another goroutine waits
// for the P (GOMAXPROCS=1), read from a runtime/trace:
//
//   - handoff.retake: from GoSysCall (entersyscall) until sysmon's retake
//     takes the P away (GoSysBlock + ProcStop; proc.go: retake → handoffp).
//     The local queue is not empty, so retake acts at its first look after the
//     call started (one sysmon tick, 20 µs asked early in a program).
//   - handoff.newm: from the retake until the P runs again on a thread that
//     did not exist before (handoffp → startm → newm → clone; the new M's
//     mstart → schedule). The engine's NEW_THREAD_NS.
//   - handoff.wake: the same when an idle M was parked in stopm (startm →
//     notewakeup → futex wake). The engine's THREAD_WAKE_NS, on the
//     runtime's real path.
//
// Each round starts a goroutine that blocks for good in read(2) on an empty
// pipe, consuming one thread. Every other round main writes a byte so that
// one reader returns, exits, and leaves its M idle (stopm) for the next round.
// Whether a round created a thread is checked on /proc/self/status as well.
package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

const rounds = 40

func main() {
	runtime.GOMAXPROCS(1)
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil { // blocking, unlike os.Pipe
		measure.Fail("pipe: %v", err)
	}
	created := make([]bool, rounds)
	events := measure.Trace(func() {
		for r := 0; r < rounds; r++ {
			before := threads()
			go func() {
				var b [1]byte
				syscall.Read(fds[0], b[:])
			}()
			// The reader runs and blocks in read(2) holding the only P; main
			// waits in the global queue and runs again only on the M that
			// handoffp started once sysmon retook the P. So when Gosched
			// returns, that M exists, and the thread count says whether it
			// is new.
			runtime.Gosched()
			created[r] = threads() > before
			if r%2 == 1 {
				syscall.Write(fds[1], []byte{1})
				time.Sleep(time.Millisecond)
			}
		}
	})
	retake, newm, wake := analyse(events, created)
	measure.Emit("handoff.retake", "ns", retake, "blocking syscall with work queued (GOMAXPROCS=1): GoSysCall → sysmon retake")
	measure.Emit("handoff.newm", "ns", newm, "retake → the P runs on a newly created thread (newm, clone)")
	measure.Emit("handoff.wake", "ns", wake, "retake → the P runs on an idle M woken from stopm (futex)")
}

// analyse follows each round's reader: a goroutine main created that makes
// a system call (the trace's own reader goroutine makes none). Its
// GoSysCall starts the read; the GoSysBlock is sysmon's retake; then the
// next thread to run a goroutine on P0 is the one handoffp started. newm's
// allocm borrows the P for a moment on sysmon's own thread (a ProcStart and
// ProcStop with no GoStart between): that is skipped.
func analyse(ev []measure.Event, created []bool) (retake, newm, wake []float64) {
	byMain := map[int64]bool{}
	roundOf := map[int64]int{}        // reader goroutine → round
	ranGoroutines := map[int64]bool{} // threads seen running a goroutine
	sysStart := map[int64]int64{}
	round := -1
	var retakeAt, candidateAt, candidate int64 = -1, -1, -1
	for _, e := range ev {
		switch e.Type {
		case "GoCreate":
			if e.G == 1 {
				byMain[e.Args["g"]] = true
			}
		case "GoSysCall":
			sysStart[e.G] = e.Ts
			if _, seen := roundOf[e.G]; byMain[e.G] && !seen {
				roundOf[e.G] = len(roundOf)
			}
		case "GoSysBlock":
			if r, ok := roundOf[e.G]; ok {
				if start, ok := sysStart[e.G]; ok {
					round = r
					retake = append(retake, float64(e.Ts-start))
					retakeAt = e.Ts
				}
			}
			delete(sysStart, e.G)
		case "ProcStart":
			candidate, candidateAt = e.Args["thread"], e.Ts
		case "ProcStop":
			candidate = -1
		case "GoStart":
			if candidate < 0 {
				continue
			}
			if retakeAt >= 0 && round < len(created) {
				d := float64(candidateAt - retakeAt)
				if os.Getenv("DUMP") != "" {
					println("round", round, "thread", candidate, "created", created[round], "ran before", ranGoroutines[candidate], int64(d))
				}
				if created[round] && !ranGoroutines[candidate] {
					newm = append(newm, d)
				} else if !created[round] && ranGoroutines[candidate] {
					wake = append(wake, d)
				}
			}
			retakeAt = -1
			ranGoroutines[candidate] = true
			candidate = -1
		}
	}
	return
}

// threads reads the process's thread count from /proc/self/status.
func threads() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		measure.Fail("reading /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Threads:") {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "Threads:")))
			return n
		}
	}
	measure.Fail("no Threads: line in /proc/self/status")
	return 0
}
