// The real runtime's side of RealVsLab (docs/performance.md): two goroutines
// on one P that each call runtime.Gosched N times, the lab's bench-gosched
// lesson. Prints "gosched N NANOS CPUNANOS": how many Gosched calls, in how long (wall), and
// the CPU time the process used meanwhile.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// cpuNanos is the CPU time of the whole process so far (every thread, user and system).
func cpuNanos() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	runtime.GOMAXPROCS(1)
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	cpu0 := cpuNanos()
	for w := 0; w < 2; w++ {
		go func() {
			for i := 0; i < n; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Printf("gosched %d %d %d\n", 2*n, time.Since(start).Nanoseconds(), cpuNanos()-cpu0)
}
