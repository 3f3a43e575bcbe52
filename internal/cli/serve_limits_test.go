package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"golang.org/x/net/netutil"
)

// serveWithin serves a handler that reads the whole body and answers
// "ok" within l, and returns its address.
func serveWithin(t *testing.T, l serverLimits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httpServer(context.Background(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "too slow", http.StatusRequestTimeout)
			return
		}
		io.WriteString(w, "ok")
	}), l)
	go srv.Serve(netutil.LimitListener(ln, l.conns))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestATricklingBodyIsCutOffAtTheReadTimeout(t *testing.T) {
	addr := serveWithin(t, serverLimits{header: time.Second, read: 300 * time.Millisecond, write: time.Minute, idle: time.Minute, conns: 10})
	c := dial(t, addr)
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab")
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	start := time.Now()
	io.Copy(io.Discard, c) // until the server closes the connection
	if waited := time.Since(start); waited > 20*time.Second {
		t.Fatalf("the connection stayed open %v with a body trickling", waited)
	}
}

func TestConnectionsBeyondTheCapWait(t *testing.T) {
	addr := serveWithin(t, serverLimits{header: time.Minute, read: time.Minute, write: time.Minute, idle: time.Minute, conns: 1})
	holder := dial(t, addr) // connected, sends nothing: holds the only slot
	c := dial(t, addr)
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := bufio.NewReader(c).ReadString('\n'); err == nil {
		t.Fatal("a connection beyond the cap was answered")
	}
	holder.Close()
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || line != "HTTP/1.1 200 OK\r\n" {
		t.Fatalf("after the slot came free: %q, %v", line, err)
	}
}
