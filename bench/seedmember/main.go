// Command seedmember prepares a data dir for bench/mixed.sh: it opens (or
// creates) a supple SQLite database in -data, with the bundled articles,
// adds a member with -days days of daily logs ending today (see
// internal/benchdata), and prints the secret of a signed-in session for the
// supple_session cookie. Run it before `supple serve -data` on the same dir.
//
// Usage: go run ./bench/seedmember -data DIR [-days 1100] [-email E]
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"time"

	"supple/internal/benchdata"
	"supple/internal/server"
)

func main() {
	data := flag.String("data", "", "supple data dir (required)")
	days := flag.Int("days", 1100, "days of logs, ending today")
	email := flag.String("email", "bench-member@example.org", "the member's email")
	flag.Parse()
	if *data == "" || flag.NArg() > 0 || *days < 1 {
		fmt.Fprintln(os.Stderr, "usage: seedmember -data DIR [-days N] [-email E]")
		os.Exit(2)
	}
	if err := run(*data, *email, *days); err != nil {
		fmt.Fprintln(os.Stderr, "seedmember:", err)
		os.Exit(1)
	}
}

func run(data, email string, days int) error {
	ctx := context.Background()
	now := time.Now().UTC()
	clk := benchdata.NewClock(now)
	base, _ := url.Parse("http://127.0.0.1/")
	srv, err := server.Open(ctx, server.Config{DataDir: data, BaseURL: base, Log: slog.New(slog.DiscardHandler), Now: clk.Now})
	if err != nil {
		return err
	}
	defer srv.Close()
	m, err := benchdata.SeedMember(ctx, srv, clk, email, days, now)
	if err != nil {
		return err
	}
	fmt.Println(m.Session)
	return nil
}
