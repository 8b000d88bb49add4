package measure

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/trace"
	"strconv"
	"strings"
	"time"
)

// Event is one line of `go tool trace -d` (Go 1.19's text form of a trace):
// a timestamp in ns from the trace's start, the event type, the P and G it was
// emitted on, and the event's own arguments (for example "g" for the
// goroutine a GoCreate or GoUnblock names, "thread" for ProcStart).
type Event struct {
	Ts   int64
	Type string
	P    int64
	G    int64
	Args map[string]int64
	// Label is the text after "label=", on GoStartLabel events: a mark
	// worker's mode, "GC (dedicated)", "GC (fractional)" or "GC (idle)".
	Label string
}

// Trace runs fn under runtime/trace and returns the events recorded.
//
// The trace is collected in memory and written to a file only afterwards: the
// goroutine that copies it out then makes no system calls while fn runs (a
// write in progress keeps a P busy and changes what sysmon decides).
func Trace(fn func()) []Event {
	var buf bytes.Buffer
	if err := trace.Start(&buf); err != nil {
		Fail("trace.Start: %v", err)
	}
	// trace.Start has just created that goroutine in this P's runnext; let
	// it run and park before fn, so that it is not queued work during fn
	// (sysmon's retake looks at the queue). With one P, yield to it; with
	// more, keep this P busy while an idle P steals it.
	if runtime.GOMAXPROCS(0) == 1 {
		runtime.Gosched()
	} else {
		SpinCalls(time.Millisecond)
	}
	fn()
	trace.Stop()
	f, err := os.CreateTemp("", "fidelity-*.trace")
	if err != nil {
		Fail("cannot create trace file: %v", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(buf.Bytes()); err != nil {
		Fail("writing trace: %v", err)
	}
	if err := f.Close(); err != nil {
		Fail("closing trace: %v", err)
	}
	return ReadTrace(f.Name())
}

// ReadTrace parses a trace file with `go tool trace -d`.
func ReadTrace(path string) []Event {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	out, err := exec.Command(goBin, "tool", "trace", "-d", path).Output()
	if err != nil {
		Fail("go tool trace -d %s: %v", path, err)
	}
	if keep := os.Getenv("FIDELITY_KEEP_TRACE"); keep != "" { // for looking at a run by hand
		if err := os.WriteFile(keep, out, 0o644); err != nil {
			Fail("writing %s: %v", keep, err)
		}
	}
	var events []Event
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if e, ok := parseEvent(sc.Text()); ok {
			events = append(events, e)
		}
	}
	return events
}

// parseEvent reads "1234 GoCreate p=1 g=0 off=77 g=1 stack=2": the first p=
// and g= are where the event happened; what follows off= are its arguments.
func parseEvent(line string) (Event, bool) {
	fields := strings.Fields(line)
	if len(fields) < 3 {
		return Event{}, false
	}
	ts, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil {
		return Event{}, false
	}
	e := Event{Ts: ts, Type: fields[1], P: -1, G: -1, Args: map[string]int64{}}
	if i := strings.Index(line, " label="); i >= 0 {
		e.Label = line[i+len(" label="):]
	}
	afterOff := false
	for _, kv := range fields[2:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		switch {
		case k == "off":
			afterOff = true
		case !afterOff && k == "p":
			e.P = n
		case !afterOff && k == "g":
			e.G = n
		case afterOff:
			e.Args[k] = n
		}
	}
	return e, true
}
