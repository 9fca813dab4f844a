// Command staticserve is the baseline for bench/article.sh: it serves one
// file's bytes at every path, as a plain static-file server would, so the
// cost of supple's dynamic article page can be compared with the cost of
// just sending the same bytes over HTTP.
//
// Each request opens the file and answers with http.ServeContent and a fixed
// modification time (the file's, taken at start), which is what
// http.FileServer and http.ServeFile do: Last-Modified, Accept-Ranges,
// conditional and range requests, HEAD, and the body sent with sendfile(2)
// on Linux. (Serving the bytes from memory through a bytes.Reader is slower:
// ServeContent then copies them through a 32 KB buffer.)
//
// Usage: go run ./bench/staticserve -addr 127.0.0.1:8081 -file page.html
package main

import (
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
	st, err := os.Stat(*file)
	if err != nil {
		log.Fatal(err)
	}
	if !st.Mode().IsRegular() {
		log.Fatalf("%s is not a regular file", *file)
	}
	modTime := st.ModTime().UTC().Truncate(time.Second)

	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Open(*file)
		if err != nil {
			log.Print(err)
			http.Error(w, "500 internal server error", http.StatusInternalServerError)
			return
		}
		defer f.Close()
		// Set before ServeContent so it does not guess the type.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "index.html", modTime, f)
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The printed address matters when -addr asks for port 0.
	fmt.Printf("staticserve: serving %s (%d bytes) on http://%s/\n", *file, st.Size(), ln.Addr())
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.Serve(ln))
}
