// Command supple is a self-hosted back-care coach: articles, ratings and
// feedback today, a personal exercise plan next.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"supple/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
