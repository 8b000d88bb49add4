// Package measure holds what every fidelity program shares: printing a
// measurement as one JSON line, re-running the program under a GODEBUG
// setting, reading a runtime/trace back as text events, and a few busy loops.
//
// Every program prints only JSON lines on stdout, one per measurement:
//
//	{"name":"switch.gosched","unit":"ns","n":30,"min":..,"p25":..,"median":..,
//	 "p75":..,"p95":..,"max":..,"samples":[..]}
//
// Text-valued measurements (an order of wake-ups) carry "texts" instead of
// numbers. The driver (../driver) merges lines with the same name from several
// processes and prints the table.
package measure

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
)

// Line is one measurement as printed.
type Line struct {
	Name    string    `json:"name"`
	Unit    string    `json:"unit"`
	N       int       `json:"n"`
	Min     float64   `json:"min"`
	P25     float64   `json:"p25"`
	Median  float64   `json:"median"`
	P75     float64   `json:"p75"`
	P95     float64   `json:"p95"`
	Max     float64   `json:"max"`
	Mean    float64   `json:"mean"`
	Samples []float64 `json:"samples,omitempty"`
	Texts   []string  `json:"texts,omitempty"`
	Note    string    `json:"note,omitempty"`
}

// Summarize fills the order statistics of a line from its samples.
func Summarize(name, unit string, samples []float64, note string) Line {
	l := Line{Name: name, Unit: unit, N: len(samples), Samples: samples, Note: note}
	if len(samples) == 0 {
		return l
	}
	s := append([]float64(nil), samples...)
	sort.Float64s(s)
	l.Min, l.Max = s[0], s[len(s)-1]
	l.P25, l.Median, l.P75, l.P95 = Quantile(s, 0.25), Quantile(s, 0.5), Quantile(s, 0.75), Quantile(s, 0.95)
	sum := 0.0
	for _, v := range s {
		sum += v
	}
	l.Mean = sum / float64(len(s))
	return l
}

// Quantile of sorted values, by linear interpolation between ranks.
func Quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	frac := pos - float64(lo)
	return sorted[lo]*(1-frac) + sorted[hi]*frac
}

// Emit prints a numeric measurement. Units are "ns" for durations, "count"
// for counts, "fraction" for 0/1 outcomes (read their mean), "ratio" for a
// dimensionless quotient; a note says what one sample is.
func Emit(name, unit string, samples []float64, note string) {
	printLine(Summarize(name, unit, samples, note))
}

// EmitTexts prints a text-valued measurement (one text per run).
func EmitTexts(name string, texts []string, note string) {
	printLine(Line{Name: name, Unit: "text", N: len(texts), Texts: texts, Note: note})
}

func printLine(l Line) {
	b, err := json.Marshal(l)
	if err != nil {
		fmt.Fprintln(os.Stderr, "measure: cannot encode", l.Name, err)
		os.Exit(2)
	}
	fmt.Println(string(b))
}

// Fail reports a measurement that could not be taken and exits non-zero.
func Fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "fidelity: "+format+"\n", args...)
	os.Exit(1)
}
