// bgroutines lists the goroutines that exist when main.main starts. Before
// it, runtime.main has started forcegchelper (proc.go: init), bgsweep and
// bgscavenge (mgc.go: gcenable) and, through package os setting finalizers
// on its files, the finalizer goroutine (mfinal.go: createfing → runfinq).
// They are "system" goroutines: runtime.NumGoroutine does not count them and
// runtime.Stack leaves them out, so a child process dumps every goroutine with
// SIGQUIT under GOTRACEBACK=system (as a crash would) and this program reads
// the dump. Each of them was made by newproc and has run before main.main,
// which moves schedtick and the run queues.
package main

import (
	"runtime"
	"strings"
	"syscall"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

func main() {
	if _, ok := measure.IsChild(); ok {
		println("numgoroutine", runtime.NumGoroutine())
		syscall.Kill(syscall.Getpid(), syscall.SIGQUIT) // the runtime dumps all goroutines and exits
		time.Sleep(time.Minute)
		return
	}
	dump := measure.ChildFails("dump", "GOTRACEBACK=system")
	var found []string
	numGoroutine := -1.0
	for _, block := range strings.Split(dump, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		for _, l := range lines {
			if strings.HasPrefix(l, "numgoroutine ") {
				var n int
				for _, c := range strings.TrimPrefix(l, "numgoroutine ") {
					n = n*10 + int(c-'0')
				}
				numGoroutine = float64(n)
			}
		}
		if len(lines) < 2 || !strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		// "goroutine 2 [force gc (idle)]:" then its frames, bottom last.
		head := strings.TrimSuffix(strings.TrimPrefix(lines[0], "goroutine "), ":")
		kind := "?"
		for _, fn := range []string{"main.main", "runtime.forcegchelper", "runtime.bgsweep", "runtime.bgscavenge", "runtime.runfinq"} {
			if strings.Contains(block, fn+"(") {
				kind = fn
			}
		}
		found = append(found, head+" "+kind)
	}
	measure.Emit("bgroutines.count", "count", []float64{float64(len(found))}, "goroutines alive at main.main's start, the runtime's own included")
	measure.Emit("bgroutines.numgoroutine", "count", []float64{numGoroutine}, "runtime.NumGoroutine() at main.main's start (system goroutines not counted)")
	measure.EmitTexts("bgroutines.list", []string{strings.Join(found, "; ")}, "id [state] and what each goroutine is")
}
