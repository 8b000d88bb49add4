// sigdefault records what a signal nobody asked for (no signal.Notify) does
// to a Go program. The runtime installs its handler for every signal at
// start; what it then does is set by the signal's flags in sigtab_linux_generic.go
// and signal_unix.go (sighandler, dieFromSignal):
//
//   - SIGUSR1, SIGUSR2, SIGPIPE (not on a write to a broken pipe), SIGURG:
//     _SigNotify only. Not wanted, so dropped: the program goes on.
//   - SIGHUP, SIGINT, SIGTERM: _SigKill. dieFromSignal restores the default
//     action and raises the signal again: the process dies (status 128+n).
//   - SIGTSTP, SIGTTIN, SIGTTOU: _SigNotify + _SigDefault + _SigIgn. The
//     runtime keeps the default action (stop the process) unless Notify asks.
//
// For each signal a child process is started that waits; the parent sends
// the signal and waits for the child to stop, die or carry on. One text per
// signal: its name and the outcome.
//
// What a program inherits matters: the runtime keeps SIGHUP and SIGINT
// ignored if they were ignored when it started (signal_unix.go:
// sigInstallGoHandler), and never touches SIGTSTP, SIGTTIN and SIGTTOU
// unless asked, so under nohup or as a background job of a script (which
// start programs with some signals ignored) those signals do nothing. The
// parent therefore sets these five back to the default action before it
// starts the children, and reports which ones it found ignored
// (sigdefault.inherited_ignored).
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"goroutinelab/fidelity/internal/measure"
)

var signals = []syscall.Signal{syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGURG, syscall.SIGPIPE,
	syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU}

func main() {
	if _, ok := measure.IsChild(); ok {
		fmt.Println("ready")
		time.Sleep(300 * time.Millisecond)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		measure.Fail("cannot find own executable: %v", err)
	}
	var ignored []string
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU} {
		if resetToDefault(sig) {
			ignored = append(ignored, sigName(sig))
		}
	}
	if len(ignored) == 0 {
		ignored = []string{"none"}
	}
	measure.EmitTexts("sigdefault.inherited_ignored", []string{strings.Join(ignored, " ")},
		"signals this program was started with ignored (set back to the default action for the children)")
	for _, sig := range signals {
		measure.EmitTexts("sigdefault."+sigName(sig), []string{outcome(exe, sig)}, "what "+sigName(sig)+" does to a Go program that did not call signal.Notify")
	}
}

// outcome starts a child, sends it sig once it is running, and reports
// whether it stopped, died (and how) or went on.
func outcome(exe string, sig syscall.Signal) string {
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "FIDELITY_CHILD=wait")
	out, err := cmd.StdoutPipe()
	if err != nil {
		measure.Fail("pipe: %v", err)
	}
	if err := cmd.Start(); err != nil {
		measure.Fail("start: %v", err)
	}
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil { // "ready": the runtime's handlers are installed
		measure.Fail("child did not start: %v", err)
	}
	pid := cmd.Process.Pid
	syscall.Kill(pid, sig)
	var status syscall.WaitStatus
	for {
		// WUNTRACED: also return when the child is stopped.
		got, err := syscall.Wait4(pid, &status, syscall.WUNTRACED, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || got != pid {
			measure.Fail("wait4: %v", err)
		}
		break
	}
	switch {
	case status.Stopped():
		syscall.Kill(pid, syscall.SIGKILL)
		syscall.Kill(pid, syscall.SIGCONT)
		cmd.Wait()
		return "stopped (" + sigName(status.StopSignal()) + ")"
	case status.Signaled():
		return fmt.Sprintf("killed by %s (shell status %d)", sigName(status.Signal()), 128+int(status.Signal()))
	case status.Exited() && status.ExitStatus() == 0:
		return "ignored: the program went on and exited normally"
	default:
		return fmt.Sprintf("exit status %d", status.ExitStatus())
	}
}

// sigaction is the kernel's struct for rt_sigaction on linux/amd64.
type sigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const (
	sigDfl = 0
	sigIgn = 1
)

// resetToDefault sets sig's action to SIG_DFL if it is SIG_IGN, behind the
// runtime's back (the runtime installs no handler for these signals when
// they start ignored, or at all for the job-control ones), and reports
// whether it was ignored. Children inherit SIG_DFL across exec.
func resetToDefault(sig syscall.Signal) bool {
	var old sigaction
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), 0, uintptr(unsafe.Pointer(&old)), 8, 0, 0); errno != 0 {
		measure.Fail("rt_sigaction(%s): %v", sigName(sig), errno)
	}
	if old.handler != sigIgn {
		return false
	}
	dfl := sigaction{handler: sigDfl}
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&dfl)), 0, 8, 0, 0); errno != 0 {
		measure.Fail("rt_sigaction(%s): %v", sigName(sig), errno)
	}
	return true
}

func sigName(s syscall.Signal) string {
	names := map[syscall.Signal]string{syscall.SIGUSR1: "SIGUSR1", syscall.SIGUSR2: "SIGUSR2", syscall.SIGURG: "SIGURG",
		syscall.SIGPIPE: "SIGPIPE", syscall.SIGHUP: "SIGHUP", syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM",
		syscall.SIGTSTP: "SIGTSTP", syscall.SIGTTIN: "SIGTTIN", syscall.SIGTTOU: "SIGTTOU", syscall.SIGKILL: "SIGKILL"}
	if n, ok := names[s]; ok {
		return n
	}
	return s.String()
}
