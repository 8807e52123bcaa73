// orders is an HTTP JSON service (standard library only) that prices shopping carts: the service
// "Try the demo" compares built without and with PGO. Its hot path is the kind PGO speeds up: rules
// applied through an interface, one implementation dominating each call site (devirtualization),
// and small helpers just over the inliner's budget called from loops (inlining with PGO's budget).
//
//	go run . -serve :8091                          # serve POST /quote, with /debug/pprof/
//	go run . -requests 12000 -rate 300 -o cpu.pprof # fixed load, CPU profile
//	go build -pgo=cpu.pprof -o orders-pgo .         # build with PGO from that profile
package main

import (
	"bytes"
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
	"runtime/pprof"
	"sync"
	"time"
)

// Item is a cart line.
type Item struct {
	SKU      string  `json:"sku"`
	Qty      int     `json:"qty"`
	Price    float64 `json:"price"`
	Category string  `json:"category"`
	WeightG  int     `json:"weight_g"`
}

// Cart is the request body.
type Cart struct {
	Customer string `json:"customer"`
	Region   string `json:"region"`
	Items    []Item `json:"items"`
}

// Quote is the response body.
type Quote struct {
	Customer string             `json:"customer"`
	Total    float64            `json:"total"`
	ByRegion map[string]float64 `json:"by_region"`
	Checksum uint64             `json:"checksum"`
}

// Rule adjusts a line's price; the pricing pipeline applies each rule to each line.
type Rule interface {
	Apply(price float64, it *Item, region int) float64
}

type volumeDiscount struct {
	minQty int
	pct    float64
}
type categoryTax struct{ rates [8]float64 }
type shipping struct{ perKg [8]float64 }
type loyalty struct{ pct float64 }
type roundCents struct{}

func (d volumeDiscount) Apply(p float64, it *Item, _ int) float64 {
	if it.Qty >= d.minQty {
		return p * (1 - d.pct)
	}
	return p
}

func (t categoryTax) Apply(p float64, it *Item, region int) float64 {
	return p * (1 + t.rates[(categoryCode(it.Category)+region)&7])
}

func (s shipping) Apply(p float64, it *Item, region int) float64 {
	return p + s.perKg[region&7]*float64(it.WeightG*it.Qty)/1000
}

func (l loyalty) Apply(p float64, _ *Item, _ int) float64 { return p * (1 - l.pct) }

func (roundCents) Apply(p float64, _ *Item, _ int) float64 { return math.Round(p*100) / 100 }

// categoryCode hashes a category name: a small helper called for every line and rule.
func categoryCode(c string) int {
	h := 2166136261
	for i := 0; i < len(c); i++ {
		h = (h ^ int(c[i])) * 16777619
	}
	if h < 0 {
		h = -h
	}
	return h % 97
}

// QuoteLine is a cart line priced in one region.
type QuoteLine struct {
	SKU             string
	Region, Qty     int
	Net, Tax, Gross float64
}

var taxRates = [8]float64{0.2, 0.07, 0.2, 0.1, 0.17, 0.18, 0.1, 0.05}

// newQuoteLine builds a priced line. It is over the default inlining budget, so without PGO it is a
// call and the line it returns is allocated on the heap (the garbage collector then has work); PGO
// inlines it at the hot call site, and the line stays on the caller's stack.
func newQuoteLine(it *Item, region int, net float64) *QuoteLine {
	l := &QuoteLine{SKU: it.SKU, Region: region, Qty: it.Qty, Net: net}
	l.Tax = math.Round(net*taxRates[region&7]*100) / 100
	l.Gross = l.Net + l.Tax
	if l.Qty > 3 && l.Gross > 100 {
		l.Gross -= 0.5 * float64(l.Qty-3)
	}
	if l.Gross < 0 {
		l.Gross = 0
	}
	return l
}

// mix folds a value into a checksum: called per line and per region, over the default inlining
// budget (80), inlined with PGO's (2000 for hot call sites).
func mix(h uint64, v float64, qty int, code int) uint64 {
	bits := math.Float64bits(v)
	h ^= bits + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
	h ^= uint64(qty)*0xff51afd7ed558ccd + uint64(code)
	h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	if h%7 == 0 {
		h += uint64(qty) << 3
	}
	if h%11 == 0 {
		h ^= uint64(code) << 7
	}
	if h%13 == 0 {
		h = h*31 + uint64(qty)
	}
	h = (h ^ (h >> 27)) * 0x94d049bb133111eb
	return h ^ (h >> 31)
}

// Converter turns a price into a region's currency. Most regions use a fixed rate; one uses tiers:
// the call site sees one type almost always, which PGO devirtualizes (and then inlines).
type Converter interface {
	Convert(p float64) float64
}

type fixedRate struct{ rate, fee float64 }
type tieredRate struct{ below, above, limit float64 }

func (f fixedRate) Convert(p float64) float64 { return p*f.rate + f.fee }

func (t tieredRate) Convert(p float64) float64 {
	if p < t.limit {
		return p * t.below
	}
	return t.limit*t.below + (p-t.limit)*t.above
}

// Adjustment is a small price change of a promotion; nearly all are percentages off, so the call
// site sees one type almost always (PGO devirtualizes it and inlines the method).
type Adjustment interface {
	Adjust(p float64) float64
}

type percentOff struct{ pct float64 }
type amountOff struct{ amount float64 }

func (a percentOff) Adjust(p float64) float64 { return math.Round(p*(1-a.pct)*1e4) / 1e4 }

func (a amountOff) Adjust(p float64) float64 {
	if p > a.amount {
		return math.Round((p-a.amount)*1e4) / 1e4
	}
	return p
}

// promotions: twelve running promotions, one of them a fixed amount.
var promotions = []Adjustment{
	percentOff{0.01}, percentOff{0.005}, percentOff{0.02}, percentOff{0.001},
	percentOff{0.003}, percentOff{0.004}, percentOff{0.002}, percentOff{0.006},
	percentOff{0.001}, percentOff{0.002}, percentOff{0.003}, amountOff{0.05},
}

var converters = []Converter{
	fixedRate{1, 0}, fixedRate{1.08, 0.3}, fixedRate{0.86, 0.2}, fixedRate{157, 10},
	fixedRate{5.4, 1}, fixedRate{90, 5}, fixedRate{1.5, 0.4}, tieredRate{1.35, 1.3, 100},
}

var regions = []string{"eu", "us", "uk", "jp", "br", "in", "au", "ca"}

// pipeline is the same for every request; loyalty only applies to some customers.
var pipeline = []Rule{
	volumeDiscount{minQty: 3, pct: 0.05},
	categoryTax{rates: [8]float64{0.2, 0.07, 0.2, 0.1, 0.17, 0.18, 0.1, 0.05}},
	shipping{perKg: [8]float64{1.2, 2.5, 1.9, 3.1, 4.0, 2.2, 3.5, 2.8}},
	roundCents{},
}

// price quotes the cart in every region (the service shows customers their price abroad). It stays
// out of line: inlined into its caller, the calls inside it would no longer be inlined.
//
//go:noinline
func price(c *Cart, rules []Rule) Quote {
	q := Quote{Customer: c.Customer, ByRegion: make(map[string]float64, len(regions))}
	var h uint64 = 14695981039346656037
	for r, name := range regions {
		total := 0.0
		for i := range c.Items {
			it := &c.Items[i]
			p := it.Price * float64(it.Qty)
			for _, rule := range rules {
				p = rule.Apply(p, it, r)
			}
			for _, a := range promotions {
				p = a.Adjust(p)
			}
			p = converters[r].Convert(p)
			l := newQuoteLine(it, r, p)
			total += l.Gross
			h = mix(h, l.Gross, l.Qty, r)
		}
		q.ByRegion[name] = total
		if name == c.Region {
			q.Total = total
		}
	}
	q.Checksum = h
	return q
}

func handleQuote(w http.ResponseWriter, r *http.Request) {
	var c Cart
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rules := pipeline
	if len(c.Customer)%4 == 0 {
		rules = append(append([]Rule{}, pipeline[:3]...), loyalty{pct: 0.03}, roundCents{})
	}
	var q Quote
	// Quotes are recomputed for each of the customer's saved scenarios (a fixed 160 here): the
	// service's CPU is spent pricing, as in a real quoting service.
	for s := 0; s < 160; s++ {
		q = price(&c, rules)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(q)
}

// cartBody is the JSON of the n-th synthetic cart: 30 lines over 6 categories.
func cartBody(n int) []byte {
	categories := []string{"books", "games", "garden", "kitchen", "toys", "tools"}
	c := Cart{Customer: fmt.Sprintf("customer-%d", n%1000), Region: regions[n%len(regions)]}
	for i := 0; i < 30; i++ {
		c.Items = append(c.Items, Item{
			SKU:      fmt.Sprintf("SKU-%05d", (n*31+i)%20000),
			Qty:      1 + (n+i)%5,
			Price:    float64(199+(n*7+i*13)%5000) / 100,
			Category: categories[(n+i)%len(categories)],
			WeightG:  100 + (i*37)%2000,
		})
	}
	b, _ := json.Marshal(c)
	return b
}

func main() {
	serve := flag.String("serve", "", "address to serve on, e.g. :8091")
	requests := flag.Int("requests", 0, "send exactly this many requests (at -rate per second) and write a CPU profile")
	rate := flag.Int("rate", 300, "requests per second with -requests")
	out := flag.String("o", "cpu.pprof", "CPU profile written by -requests")
	flag.Parse()
	http.HandleFunc("/quote", handleQuote)
	switch {
	case *serve != "":
		log.Fatal(http.ListenAndServe(*serve, nil))
	case *requests > 0:
		if err := runFixed(*requests, *rate, *out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// runFixed serves on a loopback port and sends exactly n requests at rate per second (from 8
// clients) while profiling the process: two builds given the same n and rate do the same work in
// the same wall time, so their CPU per second compares them.
func runFixed(n, rate int, out string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, nil)
	bodies := make([][]byte, 64)
	for i := range bodies {
		bodies[i] = cartBody(i)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	url := "http://" + ln.Addr().String() + "/quote"
	work := make(chan int)
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				resp, err := http.Post(url, "application/json", bytes.NewReader(bodies[i%len(bodies)]))
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for i := 0; i < n; i++ {
		<-tick.C
		work <- i
	}
	close(work)
	wg.Wait()
	return nil
}
