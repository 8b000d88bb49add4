// startup measures how long sysmon has been running when main.main starts.
//
// proc.go: runtime.main starts sysmon on its own thread (newm(sysmon)), then
// records runtimeInitTime, runs the runtime's init (forcegchelper), gcenable
// (bgsweep, bgscavenge) and every package's init, and only then calls
// main.main. So by main's first line sysmon has made a few rounds, and its
// view of P0 (the schedtick it last saw and when) dates from before main.
// A sample is nanotime() at main's first line minus runtimeInitTime, read
// through go:linkname, in a fresh process each time (the driver runs this
// program several times). The program imports what a typical small program
// does (fmt, os), whose init runs in that time.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	_ "unsafe" // for go:linkname

	"goroutinelab/fidelity/internal/measure"
)

//go:linkname runtimeInitTime runtime.runtimeInitTime
var runtimeInitTime int64

//go:linkname nanotime runtime.nanotime
func nanotime() int64

func main() {
	sinceInit := nanotime() - runtimeInitTime
	if _, ok := measure.IsChild(); ok {
		fmt.Fprintln(os.Stdout, sinceInit)
		return
	}
	var samples []float64
	for i := 0; i < 20; i++ {
		out, _ := measure.Child("startup")
		n, err := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
		if err != nil {
			measure.Fail("startup: cannot read the child's figure from %q", out)
		}
		samples = append(samples, float64(n))
	}
	measure.Emit("startup.main_after_runtime_main", "ns", samples,
		"runtime.main recorded runtimeInitTime (sysmon already started) until main.main's first line: the runtime's and the packages' init")
}
