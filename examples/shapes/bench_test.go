package main

import "testing"

var sink float64

// BenchmarkSumAreas is the service's hot loop as a benchmark: `go test -bench SumAreas
// -cpuprofile cpu.pprof` gives a profile and the iterations it covers (pgoscope diff --bench-*).
func BenchmarkSumAreas(b *testing.B) {
	shapes := makeShapes(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink = sumAreas(shapes)
	}
}
