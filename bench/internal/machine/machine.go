// Package machine says what the benchmark's machine is doing: the CPU time
// the benchmark's process has used and the load average. On a machine
// shared with other work, CPU time compares between runs where wall time
// does not, and the load says how far wall times can be trusted. It owns
// nothing else and imports only the standard library.
package machine

import (
	"os"
	"strings"
	"syscall"
	"time"
)

// CPUUsed is the CPU time (user and system) this process has used so far.
func CPUUsed() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// LoadAverage is the machine's load over the last minute, as the kernel
// reports it.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}
