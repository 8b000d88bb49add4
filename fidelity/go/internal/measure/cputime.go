package measure

import (
	"syscall"
	"unsafe"
)

const clockProcessCPUTime = 2 // CLOCK_PROCESS_CPUTIME_ID

// ProcessCPUNs is the CPU time every thread of this process has used, to the
// nanosecond (the kernel's scheduler accounting). Unlike wall time it does
// not grow while other programs hold the CPUs.
func ProcessCPUNs() int64 {
	var ts syscall.Timespec
	_, _, errno := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		Fail("clock_gettime(CLOCK_PROCESS_CPUTIME_ID): %v", errno)
	}
	return ts.Nano()
}
