package main

import (
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// profileHeapAtPeak writes a heap profile to path every time the live heap
// reaches a new high by a tenth, so the file left at the end shows what
// was held at (about) the peak.
func profileHeapAtPeak(path string) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	for range time.Tick(500 * time.Millisecond) {
		metrics.Read(sample)
		if now := sample[0].Value.Uint64(); now > peak+peak/10 {
			peak = now
			runtime.GC()
			if f, err := os.Create(path); err == nil {
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
	}
}
