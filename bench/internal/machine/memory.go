package machine

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Memory is the process's resident memory in MiB as Linux counts it in
// /proc/self/status: RSS (VmRSS) is Anon, the process's own pages (heap,
// stacks, SQLite's page caches), plus File, the pages of files mapped
// into it that it has touched (the program's code, and the SQLite
// database file and its -shm file where SQLite maps them), plus shared
// memory (RssShmem, not read here: files on tmpfs).
type Memory struct {
	RSS, Anon, File float64
}

// String renders the figures as "RSS r MiB (own a, mapped files f)".
func (m Memory) String() string {
	return fmt.Sprintf("RSS %.0f MiB (own %.0f, mapped files %.0f)", m.RSS, m.Anon, m.File)
}

// MemoryNow reads the process's resident memory now.
func MemoryNow() Memory {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return Memory{}
	}
	defer f.Close()
	var m Memory
	fields := map[string]*float64{"VmRSS:": &m.RSS, "RssAnon:": &m.Anon, "RssFile:": &m.File}
	s := bufio.NewScanner(f)
	for s.Scan() {
		name, rest, _ := strings.Cut(s.Text(), "\t")
		if p, ok := fields[name]; ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			*p = float64(kb) / 1024
		}
	}
	return m
}

// MemorySampler reads the process's resident memory every 50 ms and keeps
// the peak of each figure, each on its own (the peaks of own and mapped
// memory need not fall at the same moment as RSS's).
type MemorySampler struct {
	mu   sync.Mutex
	peak Memory
	done chan struct{}
	wg   sync.WaitGroup
}

// SampleMemory starts sampling.
func SampleMemory() *MemorySampler {
	s := &MemorySampler{done: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *MemorySampler) sample() {
	now := MemoryNow()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peak = Memory{RSS: max(s.peak.RSS, now.RSS), Anon: max(s.peak.Anon, now.Anon), File: max(s.peak.File, now.File)}
}

// Peak is each figure's highest sample so far, and now's.
func (s *MemorySampler) Peak() Memory {
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// Stop ends the sampling and returns the peaks.
func (s *MemorySampler) Stop() Memory {
	close(s.done)
	s.wg.Wait()
	return s.Peak()
}
