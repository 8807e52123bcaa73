// shapes is a small HTTP service (standard library only) used as pgoscope's example and demo:
// its hot path dispatches through an interface (a PGO devirtualization candidate) and calls small
// functions from a loop (PGO inlining candidates).
//
//	go run . -serve :8090                  # serve, with /debug/pprof/ for profiling
//	go run . -load 4s -o cpu.pprof         # run a synthetic load and write a CPU profile
//	go build -pgo=cpu.pprof -o shapes-pgo . # build with PGO from that profile
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"regexp"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"
)

type Shape interface{ Area() float64 }

type Circle struct{ R float64 }
type Rect struct{ W, H float64 }
type Triangle struct{ A, B, C float64 }

func (c Circle) Area() float64 { return math.Pi * c.R * c.R }
func (r Rect) Area() float64   { return r.W * r.H }
func (t Triangle) Area() float64 {
	s := (t.A + t.B + t.C) / 2
	return math.Sqrt(s * (s - t.A) * (s - t.B) * (s - t.C))
}

// sumAreas is the hot loop: an interface call per element. It stays out of line so a PGO build
// shows its interface call devirtualized (and the hottest Area inlined) in profiles.
//
//go:noinline
func sumAreas(shapes []Shape) float64 {
	total := 0.0
	for _, s := range shapes {
		total += s.Area()
	}
	return total
}

func makeShapes(n int) []Shape {
	shapes := make([]Shape, 0, n)
	for i := 0; i < n; i++ {
		switch i % 10 {
		case 0:
			shapes = append(shapes, Triangle{3, 4, 5})
		case 1, 2:
			shapes = append(shapes, Rect{float64(i), 2})
		default:
			shapes = append(shapes, Circle{float64(i % 7)})
		}
	}
	return shapes
}

var wordRx = regexp.MustCompile(`[a-z]+[0-9]*`)

type report struct {
	Total  float64  `json:"total"`
	Digest string   `json:"digest"`
	Words  []string `json:"words"`
}

func handleShapes(w http.ResponseWriter, r *http.Request) {
	shapes := makeShapes(20000)
	total := 0.0
	for i := 0; i < 20; i++ {
		total += sumAreas(shapes)
	}
	words := wordRx.FindAllString(strings.Repeat("alpha1 beta22 gamma delta4 ", 50), -1)
	sort.Strings(words)
	digest := sha256.Sum256([]byte(fmt.Sprint(total, words)))
	json.NewEncoder(w).Encode(report{total, hex.EncodeToString(digest[:]), words[:5]})
}

func main() {
	serve := flag.String("serve", "", "address to serve on, e.g. :8090")
	load := flag.Duration("load", 0, "run a synthetic load for this long and write a CPU profile")
	requests := flag.Int("requests", 0, "send exactly this many requests (at -rate per second) and write a CPU profile")
	rate := flag.Int("rate", 100, "requests per second with -requests")
	out := flag.String("o", "cpu.pprof", "CPU profile written by -load or -requests")
	flag.Parse()
	http.HandleFunc("/shapes", handleShapes)
	switch {
	case *serve != "":
		log.Fatal(http.ListenAndServe(*serve, nil))
	case *requests > 0:
		if err := runFixed(*requests, *rate, *out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case *load > 0:
		if err := runLoad(*load, *out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// runLoad serves on a loopback port, sends requests from 4 clients while profiling the process.
func runLoad(d time.Duration, out string) error {
	deadline := time.Now().Add(d)
	return profiled(out, func(work chan<- struct{}) {
		for time.Now().Before(deadline) {
			work <- struct{}{}
		}
	})
}

// runFixed serves on a loopback port and sends exactly n requests at rate per second (from 4
// clients) while profiling the process: two builds given the same n and rate do the same work in
// the same wall time, so their CPU per second compares them.
func runFixed(n, rate int, out string) error {
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	return profiled(out, func(work chan<- struct{}) {
		for i := 0; i < n; i++ {
			<-tick.C
			work <- struct{}{}
		}
	})
}

// profiled serves on a loopback port and writes a CPU profile to out while 4 clients send one
// request for each value feed puts on work.
func profiled(out string, feed func(work chan<- struct{})) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, nil)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	url := "http://" + ln.Addr().String() + "/shapes"
	work := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 4; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				resp, err := http.Get(url)
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	feed(work)
	close(work)
	wg.Wait()
	return nil
}
