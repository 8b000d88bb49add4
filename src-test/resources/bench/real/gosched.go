// The real runtime's side of RealVsLab (docs/performance.md): two goroutines
// on one P that each call runtime.Gosched N times, the lab's bench-gosched
// lesson. Prints "gosched N NANOS": how many Gosched calls, in how long.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	runtime.GOMAXPROCS(1)
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	for w := 0; w < 2; w++ {
		go func() {
			for i := 0; i < n; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Printf("gosched %d %d\n", 2*n, time.Since(start).Nanoseconds())
}
