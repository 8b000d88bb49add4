package measure

import (
	"bytes"
	"os"
	"os/exec"
)

// childMark is set in the environment of a program re-run by Child.
const childMark = "FIDELITY_CHILD"

// IsChild tells whether this process was started by Child, and with which tag.
func IsChild() (string, bool) {
	tag, ok := os.LookupEnv(childMark)
	return tag, ok
}

// Child runs this same program again with extra environment (for example
// GODEBUG=gctrace=1, which must be set before the runtime starts) and returns
// what it wrote. The child sees IsChild() == (tag, true). A child's JSON lines
// on stdout are passed through to this process's stdout by the caller if it
// wishes; stderr is returned for parsing (gctrace, schedtrace write there).
func Child(tag string, env ...string) (stdout, stderr string) {
	return ChildTagged(tag, tag, env...)
}

// ChildTagged is Child where the child's JSON lines name the measurement by
// label rather than tag: the child sees FIDELITY_LABEL=label and
// measure.Label() returns it.
func ChildTagged(tag, label string, env ...string) (stdout, stderr string) {
	exe, err := os.Executable()
	if err != nil {
		Fail("cannot find own executable: %v", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(append(os.Environ(), childMark+"="+tag, "FIDELITY_LABEL="+label), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		Fail("child %s (%v) failed: %v\n%s", tag, env, err, errb.String())
	}
	return out.String(), errb.String()
}

// ChildFails runs this program again like Child, for a child that is meant
// to end by a signal or a crash (a SIGQUIT dump), and returns its stderr.
func ChildFails(tag string, env ...string) string {
	exe, err := os.Executable()
	if err != nil {
		Fail("cannot find own executable: %v", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(append(os.Environ(), childMark+"="+tag), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err == nil {
		Fail("child %s was expected to die and exited normally", tag)
	}
	return errb.String()
}

// Label is the label a ChildTagged child was given, or its tag.
func Label() string {
	if l := os.Getenv("FIDELITY_LABEL"); l != "" {
		return l
	}
	tag, _ := IsChild()
	return tag
}
