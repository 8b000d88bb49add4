// The real runtime's side of RealVsLab (docs/performance.md): main and one
// goroutine pass a value back and forth over two unbuffered channels N times,
// the lab's bench-pingpong lesson. Prints "roundtrips N NANOS CPUNANOS" (wall time, and the
// CPU time the process used meanwhile).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
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
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			pong <- <-ping
		}
	}()
	start := time.Now()
	cpu0 := cpuNanos()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	fmt.Printf("roundtrips %d %d %d\n", n, time.Since(start).Nanoseconds(), cpuNanos()-cpu0)
}
