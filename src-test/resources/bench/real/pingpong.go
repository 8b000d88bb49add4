// The real runtime's side of RealVsLab (docs/performance.md): main and one
// goroutine pass a value back and forth over two unbuffered channels N times,
// the lab's bench-pingpong lesson. Prints "roundtrips N NANOS".
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

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
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	fmt.Printf("roundtrips %d %d\n", n, time.Since(start).Nanoseconds())
}
