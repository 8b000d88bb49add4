// driver runs every fidelity program (built by ../../run into one folder),
// merges the JSON lines they print, and prints one table: each measurement's
// median and range on this machine next to the engine's modelled value from
// modelled.tsv, with their ratio.
//
// Some programs are run several times because what they measure depends on a
// fresh process (sysmon's phase since the program started); their samples are
// pooled. While each program runs the driver samples /proc/stat, so the table
// can say how busy the machine was: a figure measured while other programs
// held the CPUs is marked and should be rerun.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"goroutinelab/fidelity/internal/measure"
)

// step is one program run: its arguments, its environment, how many fresh
// processes to pool. A program named "python3" is the CPython script
// fidelity/python/pycosts.py, run with the system's python3.
type step struct {
	program string
	args    []string
	env     []string
	reps    int
}

const python = "python3"

// plan lists every run, in table order.
var plan = []step{
	{program: "switch", reps: 1},
	{program: "newproc", reps: 3},
	{program: "call", reps: 1},
	{program: "syscall", reps: 1},
	{program: "threadwake", reps: 1},
	{program: "spin", reps: 1},
	{program: "handoff", reps: 3},
	{program: "startup", reps: 1},
	{program: "retake", args: []string{"queued1"}, reps: 10},
	{program: "retake", args: []string{"queued1-late"}, reps: 6},
	{program: "retake", args: []string{"idle15"}, reps: 10},
	{program: "retake", args: []string{"idle15-sched"}, reps: 12},
	{program: "retake", args: []string{"p1-first"}, reps: 10},
	{program: "retake", args: []string{"p1-warm"}, reps: 6},
	{program: "preempt", args: []string{"calls"}, reps: 6},
	{program: "preempt", args: []string{"nocalls"}, reps: 6},
	{program: "preempt", args: []string{"nocalls"}, env: []string{"GODEBUG=asyncpreemptoff=1"}, reps: 3},
	{program: "lostpreempt", reps: 12},
	{program: "signal", reps: 1},
	{program: "sigdefault", reps: 1},
	{program: "timers", reps: 1},
	{program: "closeorder", reps: 3},
	{program: "fairness", reps: 10},
	{program: "bgroutines", reps: 3},
	{program: "alloc", reps: 1},
	{program: "gcstw", reps: 1},
	{program: "gcmark", reps: 1},
	{program: "fractional", env: []string{"GOMAXPROCS=1"}, reps: 2},
	{program: "fractional", env: []string{"GOMAXPROCS=2"}, reps: 2},
	{program: "fractional", env: []string{"GOMAXPROCS=3"}, reps: 2},
	{program: python, reps: 1},
}

// modelled is one row of modelled.tsv.
type modelled struct {
	constant string
	value    string // a number (ns, count, fraction) or a text
	note     string
}

// merged pools one measurement's samples from every run.
type merged struct {
	line measure.Line
	busy float64 // the highest share of CPU time other programs used while it was measured
}

func main() {
	binDir := flag.String("bin", "", "folder holding the built programs")
	pythonDir := flag.String("python", "", "folder holding pycosts.py (skipped when empty or python3 is missing)")
	modelledPath := flag.String("modelled", "", "modelled.tsv")
	only := flag.String("only", "", "run only programs whose name matches this regular expression")
	quick := flag.Bool("quick", false, "one process per program (a smoke test, not for the record)")
	rawPath := flag.String("raw", "", "also write every JSON line to this file")
	flag.Parse()
	if *binDir == "" || *modelledPath == "" {
		fmt.Fprintln(os.Stderr, "usage: driver -bin DIR -modelled modelled.tsv [-only REGEXP] [-quick] [-raw FILE]")
		os.Exit(2)
	}
	model := readModelled(*modelledPath)
	var filter *regexp.Regexp
	if *only != "" {
		filter = regexp.MustCompile(*only)
	}
	var raw io.Writer = io.Discard
	if *rawPath != "" {
		f, err := os.Create(*rawPath)
		if err != nil {
			measure.Fail("cannot create %s: %v", *rawPath, err)
		}
		defer f.Close()
		raw = f
	}

	printMachine()
	results := map[string]*merged{}
	var order []string
	var failures []string
	start := time.Now()
	for _, s := range plan {
		if filter != nil && !filter.MatchString(s.program) {
			continue
		}
		if s.program == python {
			if _, err := exec.LookPath(python); err != nil || *pythonDir == "" {
				fmt.Fprintln(os.Stderr, "skipping the CPython measurements: no python3 or no -python folder")
				continue
			}
			s.args = []string{filepath.Join(*pythonDir, "pycosts.py")}
		}
		reps := s.reps
		if *quick {
			reps = 1
		}
		label := strings.TrimSpace(s.program + " " + strings.Join(s.args, " ") + " " + strings.Join(s.env, " "))
		fmt.Fprintf(os.Stderr, "running %s ×%d\n", label, reps)
		for r := 0; r < reps; r++ {
			lines, busy, err := runOnce(*binDir, s)
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s: %v", label, err))
				break
			}
			for _, l := range lines {
				fmt.Fprintln(raw, l.raw)
				m, ok := results[l.Name]
				if !ok {
					m = &merged{line: measure.Line{Name: l.Name, Unit: l.Unit, Note: l.Note}}
					results[l.Name] = m
					order = append(order, l.Name)
				}
				m.line.Samples = append(m.line.Samples, l.Samples...)
				m.line.Texts = append(m.line.Texts, l.Texts...)
				m.busy = math.Max(m.busy, busy)
			}
		}
	}
	printTable(order, results, model)
	fmt.Printf("\n%d measurements in %s.\n", len(order), time.Since(start).Round(time.Second))
	if len(failures) > 0 {
		fmt.Println("\nFAILED:")
		for _, f := range failures {
			fmt.Println("  " + f)
		}
		os.Exit(1)
	}
}

type parsed struct {
	measure.Line
	raw string
}

// runOnce runs one process and returns its lines and how busy the machine
// was with other work meanwhile (0 = both CPUs ours or idle).
func runOnce(binDir string, s step) ([]parsed, float64, error) {
	path := filepath.Join(binDir, s.program)
	if s.program == python {
		path = python
	}
	cmd := exec.Command(path, s.args...)
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stderr = os.Stderr
	before := readCPU()
	out, err := cmd.Output()
	after := readCPU()
	if err != nil {
		return nil, 0, err
	}
	var lines []parsed
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<22), 1<<22)
	for sc.Scan() {
		text := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(text, "{") {
			continue
		}
		var l measure.Line
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			return nil, 0, fmt.Errorf("bad line %q: %v", text, err)
		}
		lines = append(lines, parsed{l, text})
	}
	return lines, otherLoad(before, after, cmd.ProcessState), nil
}

type cpuSample struct {
	busyTicks, totalTicks float64
	at                    time.Time
}

// readCPU reads the machine's busy and total time from /proc/stat (in ticks).
func readCPU() cpuSample {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuSample{at: time.Now()}
	}
	f := strings.Fields(strings.SplitN(string(b), "\n", 2)[0]) // cpu user nice system idle iowait irq softirq steal
	var v []float64
	for _, x := range f[1:] {
		n, _ := strconv.ParseFloat(x, 64)
		v = append(v, n)
	}
	total, idle := 0.0, v[3]+v[4]
	for _, n := range v[:8] {
		total += n
	}
	return cpuSample{busyTicks: total - idle, totalTicks: total, at: time.Now()}
}

// otherLoad is the share of the machine's CPU time used by other processes
// while one run went on: busy time minus the run's own CPU time.
func otherLoad(before, after cpuSample, ps *os.ProcessState) float64 {
	total := after.totalTicks - before.totalTicks
	if total <= 0 || ps == nil {
		return 0
	}
	const ticksPerSecond = 100 // USER_HZ on Linux
	own := (ps.UserTime() + ps.SystemTime()).Seconds() * ticksPerSecond
	other := (after.busyTicks - before.busyTicks - own) / total
	return math.Max(0, math.Min(1, other))
}

func readModelled(path string) map[string]modelled {
	f, err := os.Open(path)
	if err != nil {
		measure.Fail("cannot read %s: %v", path, err)
	}
	defer f.Close()
	out := map[string]modelled{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			measure.Fail("%s:%d: expected measurement<TAB>constant<TAB>value[<TAB>note], got %q", path, n, line)
		}
		m := modelled{constant: cols[1], value: cols[2]}
		if len(cols) > 3 {
			m.note = cols[3]
		}
		out[cols[0]] = m
	}
	return out
}

func printMachine() {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				model = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("machine: %d CPUs, %s, Linux %s, %s, %s\n", runtime.NumCPU(), model,
		strings.TrimSpace(string(kernel)), runtime.Version(), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Printf("load average at start: %s\n\n", strings.TrimSpace(string(load)))
}

func printTable(order []string, results map[string]*merged, model map[string]modelled) {
	fmt.Printf("%-36s %5s %10s %-23s %-23s %-34s %7s %s\n", "measurement", "n", "median", "p25..p75", "min..max", "modelled (engine)", "mod/med", "busy")
	for _, name := range order {
		m := results[name]
		l := measure.Summarize(m.line.Name, m.line.Unit, m.line.Samples, m.line.Note)
		mod, hasModel := model[name]
		modText, ratio := "-", "-"
		if hasModel {
			modText = mod.constant + "=" + formatModelled(mod.value, l.Unit)
		}
		busy := ""
		if m.busy > 0.25 {
			busy = fmt.Sprintf("%.0f%% other", m.busy*100)
		}
		if m.line.Unit == "text" {
			fmt.Printf("%-36s %5d %s\n", name, len(m.line.Texts), textCounts(m.line.Texts))
			if hasModel {
				fmt.Printf("%-36s %5s modelled (%s): %s\n", "", "", mod.constant, mod.value)
			}
			continue
		}
		if hasModel {
			if v, err := strconv.ParseFloat(mod.value, 64); err == nil && l.Median != 0 && v != 0 {
				ratio = fmt.Sprintf("%.2g", v/l.Median)
			}
		}
		center := format(l.Median, l.Unit)
		if l.Unit == "fraction" {
			center = fmt.Sprintf("%.2f", l.Mean)
		}
		fmt.Printf("%-36s %5d %10s %-23s %-23s %-34s %7s %s\n", name, l.N, center,
			format(l.P25, l.Unit)+".."+format(l.P75, l.Unit), format(l.Min, l.Unit)+".."+format(l.Max, l.Unit),
			modText, ratio, busy)
	}
}

// textCounts shows each distinct text with how many runs gave it.
func textCounts(texts []string) string {
	counts := map[string]int{}
	for _, t := range texts {
		counts[t]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return counts[keys[i]] > counts[keys[j]] || counts[keys[i]] == counts[keys[j]] && keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%q ×%d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}

func formatModelled(value, unit string) string {
	v, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return value
	}
	return format(v, unit)
}

// format writes a value in its unit: durations scaled to ns, µs or ms.
func format(v float64, unit string) string {
	switch unit {
	case "ns":
		switch a := math.Abs(v); {
		case a >= 1e6:
			return fmt.Sprintf("%.3gms", v/1e6)
		case a >= 1e3:
			return fmt.Sprintf("%.3gµs", v/1e3)
		default:
			return fmt.Sprintf("%.3gns", v)
		}
	case "fraction", "ratio":
		return fmt.Sprintf("%.2f", v)
	default:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
}
