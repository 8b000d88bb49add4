package measure

import (
	"strconv"
	"strings"
)

// GC is one line of GODEBUG=gctrace=1 output (Go 1.19, mgc.go:
// gcMarkTermination), for example
//
//	gc 3 @0.012s 1%: 0.011+0.21+0.004 ms clock, 0.022+0/0.10/0.16+0.008 ms cpu, 4->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)
//
// clock: sweep-termination stop-the-world, concurrent mark, mark-termination
// stop-the-world (wall time). cpu: the two pauses' CPU and, in the middle,
// mark work done by assists / background (dedicated and fractional) workers
// / idle workers. All in ns here.
type GC struct {
	SweepTermNs, MarkNs, MarkTermNs   float64
	AssistCPUNs, BgCPUNs, IdleCPUNs   float64
	HeapBeforeMB, HeapAfterMB, LiveMB float64
	Forced                            bool
}

// MarkCPUNs is all the mark work of the cycle: assists, workers of every kind.
func (g GC) MarkCPUNs() float64 { return g.AssistCPUNs + g.BgCPUNs + g.IdleCPUNs }

// ParseGctrace reads every gctrace line in a process's stderr.
func ParseGctrace(stderr string) []GC {
	var out []GC
	for _, line := range strings.Split(stderr, "\n") {
		if !strings.HasPrefix(line, "gc ") {
			continue
		}
		colon := strings.Index(line, "%: ")
		if colon < 0 {
			continue
		}
		parts := strings.Split(line[colon+3:], ", ")
		if len(parts) < 3 {
			continue
		}
		clock := ms(strings.Split(strings.TrimSuffix(parts[0], " ms clock"), "+"))
		cpuParts := strings.Split(strings.TrimSuffix(parts[1], " ms cpu"), "+")
		if len(clock) != 3 || len(cpuParts) != 3 {
			continue
		}
		mid := ms(strings.Split(cpuParts[1], "/"))
		heap := strings.Split(strings.TrimSuffix(parts[2], " MB"), "->")
		if len(mid) != 3 || len(heap) != 3 {
			continue
		}
		h := ms(heap)
		out = append(out, GC{
			SweepTermNs: clock[0] * 1e6, MarkNs: clock[1] * 1e6, MarkTermNs: clock[2] * 1e6,
			AssistCPUNs: mid[0] * 1e6, BgCPUNs: mid[1] * 1e6, IdleCPUNs: mid[2] * 1e6,
			HeapBeforeMB: h[0], HeapAfterMB: h[1], LiveMB: h[2],
			Forced: strings.HasSuffix(strings.TrimSpace(line), "(forced)"),
		})
	}
	return out
}

// ms parses numbers, or returns nil if one is not a number.
func ms(fields []string) []float64 {
	var out []float64
	for _, f := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}
