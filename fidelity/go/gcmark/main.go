// gcmark measures what marking costs per kind of heap. Each heap is built in
// its own child process (GOMAXPROCS=1) and collected 12 times with
// runtime.GC(). Two samples per cycle:
//
//   - gcmark.<heap>.cpu: the CPU time the whole process used during the
//     runtime.GC() call (CLOCK_PROCESS_CPUTIME_ID): both pauses, the mark
//     and the sweep that runtime.GC finishes before it returns. It does not
//     count time the process spent waiting for a CPU, so it holds on a busy
//     machine.
//   - gcmark.<heap>.mark: the concurrent mark phase's wall time from
//     GODEBUG=gctrace=1 (grows when other programs take the CPU).
//
// The facts behind the differences (Go 1.19):
//
//   - mgcmark.go: greyobject marks an object in a noscan span (no pointers)
//     and does not queue it: it is never scanned.
//   - mgcmark.go: scanobject reads the object's heap bits and stops at the
//     last word that can hold a pointer, so a 2 MB object with one pointer
//     at the front costs one word.
//   - mgcmark.go: objects larger than maxObletBytes (128 KB) are scanned in
//     128 KB oblets, each queued as separate work.
//
// Heaps (each about 10 MB unless said):
//
//	base         nothing but the program itself (subtracted from the others)
//	ptrgraph     160k objects of 64 bytes, 8 pointer words each, all pointing
//	             at other objects (1.3M pointer words)
//	frontptr     160k objects of 64 bytes, one pointer at the front (a list)
//	             and 56 bytes of data: scanning stops after the first word
//	ptrslice     one []*int of 1.3M nil pointers (scanned in oblets)
//	noscan       one 10 MB []byte
//	noscan_2mb   one 2 MB []byte
//	front_2mb    one 2 MB object with a single pointer at the front
package main

import (
	"os"
	"runtime"

	"goroutinelab/fidelity/internal/measure"
)

const (
	cycles  = 12
	objects = 160_000
)

type node struct{ p [8]*node }

type listNode struct {
	next *listNode
	data [56]byte
}

type frontPtr struct {
	p    *int
	data [2<<20 - 8]byte
}

var root any // keeps the heap alive through every cycle

func build(kind string) {
	switch kind {
	case "base":
	case "ptrgraph":
		nodes := make([]*node, objects)
		for i := range nodes {
			nodes[i] = new(node)
		}
		for i, n := range nodes {
			for j := range n.p {
				n.p[j] = nodes[(i*7+j*40_009+1)%objects]
			}
		}
		root = nodes[0] // the slice itself goes; every node is reachable from node 0
	case "frontptr":
		var head *listNode
		for i := 0; i < objects; i++ {
			head = &listNode{next: head}
		}
		root = head
	case "ptrslice":
		root = make([]*int, 10<<20/8)
	case "noscan":
		root = make([]byte, 10<<20)
	case "noscan_2mb":
		root = make([]byte, 2<<20)
	case "front_2mb":
		root = new(frontPtr)
	default:
		measure.Fail("gcmark: unknown heap %q", kind)
	}
}

var kinds = []string{"base", "ptrgraph", "frontptr", "ptrslice", "noscan", "noscan_2mb", "front_2mb"}

func main() {
	if kind, ok := measure.IsChild(); ok {
		build(kind)
		runtime.GC() // the heap is built: drop garbage from building it
		var cpu []float64
		for i := 0; i < cycles; i++ {
			before := measure.ProcessCPUNs()
			runtime.GC()
			cpu = append(cpu, float64(measure.ProcessCPUNs()-before))
		}
		runtime.KeepAlive(root)
		measure.Emit("gcmark."+kind+".cpu", "ns", cpu, "process CPU time used by one runtime.GC() (mark, pauses, sweep), GOMAXPROCS=1")
		return
	}
	for _, kind := range kinds {
		stdout, stderr := measure.Child(kind, "GODEBUG=gctrace=1", "GOMAXPROCS=1")
		os.Stdout.WriteString(stdout)
		cycles := measure.ParseGctrace(stderr)
		if len(cycles) < 2 {
			measure.Fail("gcmark: no gctrace lines from the %s child", kind)
		}
		var wall []float64
		for _, g := range cycles[len(cycles)-12:] {
			wall = append(wall, g.MarkNs)
		}
		measure.Emit("gcmark."+kind+".mark", "ns", wall, "concurrent mark phase, wall (gctrace)")
	}
}
