package xlsx_test

import (
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"tuoyu/internal/xlsx"
)

// BenchmarkWriteMillionCells writes 100,000 rows of 10 cells (text and
// numbers) to io.Discard and reports the heap in use at its peak, sampled
// every millisecond, above what it was before, and the size of the result:
//
//	go test -run '^$' -bench WriteMillionCells -benchmem ./internal/xlsx
func BenchmarkWriteMillionCells(b *testing.B) {
	const rows, cols = 100000, 10
	row := []any{"2026-09-01", "托大一班", "王小明", "已离园", "08:15", "17:00", "", "发热、咳嗽 <&>", 1800.5, 20}
	var peakGrowth float64
	var size int64
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		base, peak := m.HeapInuse, m.HeapInuse
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			var s runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					runtime.ReadMemStats(&s)
					peak = max(peak, s.HeapInuse)
				}
			}
		})
		cw := &countWriter{}
		w, err := xlsx.NewWriter(cw, "明细")
		if err != nil {
			b.Fatal(err)
		}
		if err := w.StartSheet("明细", xlsx.Sheet{Widths: []float64{12, 14, 10}, Header: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}}); err != nil {
			b.Fatal(err)
		}
		for r := 0; r < rows; r++ {
			if err := w.WriteRow(row...); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		close(done)
		wg.Wait()
		peakGrowth = max(peakGrowth, float64(peak-base)/(1<<20))
		size = cw.n
	}
	b.ReportMetric(float64(rows*cols), "cells")
	b.ReportMetric(peakGrowth, "peak_heap_growth_MB")
	b.ReportMetric(float64(size)/(1<<20), "xlsx_MB")
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
