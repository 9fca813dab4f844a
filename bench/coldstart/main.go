// Command coldstart measures how long supple takes from exec to its first
// successful /healthz, for bench/coldstart.sh.
//
// Each run starts `SUPPLE serve -addr 127.0.0.1:PORT -data DIR
// -access-log=false`, polls http://127.0.0.1:PORT/healthz every
// -poll (500 µs) until it answers 200, then stops the server with SIGTERM
// and waits for it to exit. With -fresh every run gets a new, empty data
// dir (migrations and the article import included); without it every run
// uses -data as it is (run once beforehand to create it). It prints each
// run and then min, median and max in milliseconds, and a last line
// "COLDSTART fresh=true|false runs=N min_ms=… median_ms=… max_ms=…".
//
// Usage: coldstart -bin supple -data DIR [-fresh] [-runs 10] [-log FILE]
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "", "the supple binary (required)")
	data := flag.String("data", "", "data dir (required; with -fresh, runs use new dirs inside it)")
	fresh := flag.Bool("fresh", false, "start every run on a new, empty data dir")
	runs := flag.Int("runs", 10, "runs")
	poll := flag.Duration("poll", 500*time.Microsecond, "time between /healthz polls")
	logPath := flag.String("log", "", "append the server's log to this file (default: discard it)")
	flag.Parse()
	if *bin == "" || *data == "" || *runs < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: coldstart -bin SUPPLE -data DIR [-fresh] [-runs N]")
		os.Exit(2)
	}
	var logf *os.File
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "coldstart:", err)
			os.Exit(1)
		}
		defer f.Close()
		logf = f
	}
	var took []time.Duration
	for i := range *runs {
		dir := *data
		if *fresh {
			dir = filepath.Join(*data, fmt.Sprintf("fresh-%d", i))
		}
		d, err := once(*bin, dir, *poll, logf)
		if err != nil {
			fmt.Fprintln(os.Stderr, "coldstart:", err)
			os.Exit(1)
		}
		fmt.Printf("  run %2d: %6.1f ms\n", i+1, ms(d))
		took = append(took, d)
		if *fresh {
			_ = os.RemoveAll(dir)
		}
	}
	slices.Sort(took)
	med := took[len(took)/2]
	if len(took)%2 == 0 {
		med = (took[len(took)/2-1] + took[len(took)/2]) / 2
	}
	fmt.Printf("  min %.1f ms, median %.1f ms, max %.1f ms over %d runs\n", ms(took[0]), ms(med), ms(took[len(took)-1]), len(took))
	fmt.Printf("COLDSTART fresh=%t runs=%d min_ms=%.1f median_ms=%.1f max_ms=%.1f\n", *fresh, len(took), ms(took[0]), ms(med), ms(took[len(took)-1]))
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// once starts supple on a free port and returns the time to its first 200
// from /healthz.
func once(bin, dir string, poll time.Duration, logf *os.File) (time.Duration, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	addr := l.Addr().String()
	l.Close()
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	cmd := exec.Command(bin, "serve", "-addr", addr, "-data", dir, "-access-log=false")
	cmd.Env = cleanEnv()
	if logf != nil {
		cmd.Stdout, cmd.Stderr = logf, logf
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	for time.Since(start) < 30*time.Second {
		select {
		case err := <-exited:
			exited <- err
			return 0, fmt.Errorf("supple exited during start: %v", err)
		default:
		}
		if resp, err := client.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		time.Sleep(poll)
	}
	return 0, errors.New("no 200 from /healthz within 30 s")
}

// cleanEnv is the environment without SUPPLE_* variables, which would
// change the server under test.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if len(kv) < 7 || kv[:7] != "SUPPLE_" {
			env = append(env, kv)
		}
	}
	return env
}
