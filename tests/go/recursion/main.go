// A recursion-heavy program (stdlib only) whose CPU profile exercises recursive call edges:
// direct recursion (fib → fib) and mutual recursion (even ↔ odd). Used by the PGO tests.
//
//	go run . -o cpu.pprof -d 2s
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"
)

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}

func main() {
	out := flag.String("o", "cpu.pprof", "CPU profile to write")
	duration := flag.Duration("d", 2*time.Second, "how long to run")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sum := 0
	for deadline := time.Now().Add(*duration); time.Now().Before(deadline); {
		sum += fib(24)
		if even(sum%2000 + 500) {
			sum++
		}
	}
	pprof.StopCPUProfile()
	f.Close()
	fmt.Println(sum)
}
