// Command staticserve is the baseline for bench/article.sh: it serves one
// file's bytes at every path, as a plain static-file server would, so the
// cost of supple's dynamic article page can be compared with the cost of
// just sending the same bytes over HTTP.
//
// The file is read once at start. Every request gets it through
// http.ServeContent with a fixed modification time (the file's, taken at
// start), so the usual static-file behaviour applies: Last-Modified,
// Accept-Ranges, conditional and range requests, HEAD.
//
// Usage: go run ./bench/staticserve -addr 127.0.0.1:8081 -file page.html
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "address to listen on (port 0: any free port)")
	file := flag.String("file", "", "file whose bytes are served at every path (required)")
	flag.Parse()
	if *file == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	st, err := os.Stat(*file)
	if err != nil {
		log.Fatal(err)
	}
	modTime := st.ModTime().UTC().Truncate(time.Second)

	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Set before ServeContent so it does not sniff the type.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "index.html", modTime, bytes.NewReader(body))
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The printed address matters when -addr asks for port 0.
	fmt.Printf("staticserve: serving %s (%d bytes) on http://%s/\n", *file, len(body), ln.Addr())
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.Serve(ln))
}
