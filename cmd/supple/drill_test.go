package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"supple/internal/rating"
	"supple/internal/store"
	"supple/internal/storetest"
)

// Durability drills: the real binary under vote load, killed with
// SIGKILL or backed up while it writes. They take about ten seconds each
// and run when CI=true or SUPPLE_DRILLS=1 (go test ./cmd/supple), on
// SQLite or, with SUPPLE_TEST_POSTGRES, on PostgreSQL.

const drillSlug = "exercise-for-back-pain"

func needDrills(t *testing.T) {
	t.Helper()
	if os.Getenv("CI") != "true" && os.Getenv("SUPPLE_DRILLS") != "1" {
		t.Skip("durability drills run with CI=true or SUPPLE_DRILLS=1")
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds supple once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "supple-drill-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "supple")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// instance is a running supple process.
type instance struct {
	cmd  *exec.Cmd
	base string
	exit chan error
}

// dbArgs are the database flags of a drill: a data folder for SQLite,
// or a fresh PostgreSQL database.
func dbArgs(t *testing.T) []string {
	t.Helper()
	if u := storetest.URL(t); u != "" {
		return []string{"-db", u}
	}
	return []string{"-data", t.TempDir()}
}

// start runs supple serve on a free loopback port and waits until it
// answers /healthz.
func start(t *testing.T, db []string) *instance {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append([]string{"serve", "-addr", addr, "-access-log=false", "-vote-limit", "0", "-drain", "0s", "-log-level", "warn"}, db...)
	cmd := exec.Command(binary(t), args...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{cmd: cmd, base: "http://" + addr, exit: make(chan error, 1)}
	var logMu sync.Mutex
	var logs strings.Builder
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			logMu.Lock()
			logs.WriteString(s.Text() + "\n")
			logMu.Unlock()
		}
		in.exit <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		logMu.Lock()
		defer logMu.Unlock()
		if t.Failed() && logs.Len() > 0 {
			t.Logf("supple's log:\n%s", logs.String())
		}
	})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(in.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return in
			}
		}
		select {
		case err := <-in.exit:
			t.Fatalf("supple exited at start: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("supple did not answer /healthz within 30 s")
		}
	}
}

// voteLoad votes through base with new readers until stopped, keeping
// every acknowledged vote (a 200) by reader id, in the order of the
// answers, and every reader that was sent.
type voteLoad struct {
	mu    sync.Mutex
	acked map[string]int // reader id -> stars, for each 200
	order []string       // acknowledged reader ids, in the order acknowledged
	sent  map[string]bool
	stop  atomic.Bool
	wg    sync.WaitGroup
}

func newReader() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (l *voteLoad) run(base string, workers int) {
	l.acked, l.sent = map[string]int{}, map[string]bool{}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	for n := range workers {
		l.wg.Go(func() {
			for i := 0; !l.stop.Load(); i++ {
				id, stars := newReader(), 1+(n+i)%5
				req, _ := http.NewRequest("POST", base+"/api/v1/articles/"+drillSlug+"/rating", strings.NewReader(fmt.Sprintf(`{"stars":%d}`, stars)))
				req.Header.Set("Content-Type", "application/json")
				req.AddCookie(&http.Cookie{Name: "supple_reader", Value: id})
				l.mu.Lock()
				l.sent[id] = true
				l.mu.Unlock()
				res, err := client.Do(req)
				if err != nil {
					time.Sleep(20 * time.Millisecond) // the server is gone: try again until stopped
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					l.mu.Lock()
					l.acked[id] = stars
					l.order = append(l.order, id)
					l.mu.Unlock()
				}
			}
		})
	}
}

func (l *voteLoad) ackedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.order)
}

// ackedSoFar copies the votes acknowledged until now.
func (l *voteLoad) ackedSoFar() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.acked))
	for k, v := range l.acked {
		out[k] = v
	}
	return out
}

func (l *voteLoad) halt() {
	l.stop.Store(true)
	l.wg.Wait()
}

// waitAcked waits until n votes are acknowledged.
func (l *voteLoad) waitAcked(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); l.ackedCount() < n; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d votes acknowledged in 30 s", l.ackedCount())
		}
	}
}

// checkVotes opens the database and checks that every vote in want is
// stored with its stars, that nothing was stored for a reader never sent,
// and that the article's totals row agrees with a recount of its votes
// (no vote counted twice or lost from the totals).
func checkVotes(t *testing.T, db *store.DB, want map[string]int, sent map[string]bool) (stored int) {
	t.Helper()
	ctx := context.Background()
	a, err := db.ArticleSource(ctx, drillSlug)
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for id, stars := range want {
		got, err := db.VoteOf(ctx, a.ID, rating.VoterKey(id))
		if err != nil {
			t.Fatal(err)
		}
		if got != stars {
			if missing++; missing <= 5 {
				t.Errorf("acknowledged vote of reader %s (%d stars) is stored as %d", id, stars, got)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged votes are not stored", missing, len(want))
	}
	totals, err := db.TotalsOf(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	recount, err := db.CountVotes(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if totals != recount {
		t.Errorf("totals row %+v, recount of the votes %+v", totals, recount)
	}
	if sent != nil && recount.Votes > len(sent) {
		t.Errorf("%d votes stored for %d readers sent: some stored twice", recount.Votes, len(sent))
	}
	return recount.Votes
}

// openStore opens the drill's database as supple does.
func openStore(t *testing.T, db []string) *store.DB {
	t.Helper()
	url, dir := "", ""
	if db[0] == "-db" {
		url = db[1]
	} else {
		dir = db[1]
	}
	s, err := store.Open(context.Background(), url, dir, store.Options{Readers: 2, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// underLoad starts supple on a fresh database and votes through it with
// workers until acked votes are acknowledged; the load goes on.
func underLoad(t *testing.T, workers, acked int) ([]string, *instance, *voteLoad) {
	t.Helper()
	needDrills(t)
	db := dbArgs(t)
	in := start(t, db)
	load := &voteLoad{}
	load.run(in.base, workers)
	load.waitAcked(t, acked)
	return db, in, load
}

// SIGKILL in the middle of vote load loses no acknowledged vote: after a
// restart every reader that got a 200 has its vote stored, once.
func TestDrillKillDuringVotes(t *testing.T) {
	db, in, load := underLoad(t, 32, 2000)
	if err := in.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-in.exit
	killedAt := load.ackedCount()
	time.Sleep(200 * time.Millisecond) // requests still trying find the port closed
	load.halt()

	again := start(t, db)
	res, err := http.Get(again.base + "/api/v1/articles/" + drillSlug)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("after the restart: %v %v", res, err)
	}
	res.Body.Close()
	_ = again.cmd.Process.Signal(syscall.SIGTERM)
	<-again.exit
	stored := checkVotes(t, openStore(t, db), load.acked, load.sent)
	t.Logf("killed after %d acknowledged votes; %d stored, %d readers sent", killedAt, stored, len(load.sent))
}

// A backup taken during vote load holds every vote acknowledged before
// it began. SQLite: supple backup (VACUUM INTO), restored by copying the
// file into a data folder; PostgreSQL: pg_dump -Fc and pg_restore into a
// new database (supple backup is SQLite's).
func TestDrillBackupDuringVotes(t *testing.T) {
	db, _, load := underLoad(t, 16, 500)
	before := load.ackedSoFar()
	restored := backupAndRestore(t, db)
	load.waitAcked(t, len(before)+200) // writes went on during the backup
	load.halt()
	n := checkVotes(t, restored, before, load.sent)
	t.Logf("backup began after %d acknowledged votes and holds %d; %d acknowledged in all", len(before), n, load.ackedCount())
}

// backupAndRestore backs the running database up and opens the restored
// copy.
func backupAndRestore(t *testing.T, db []string) *store.DB {
	t.Helper()
	if db[0] == "-data" {
		file := filepath.Join(t.TempDir(), "backup.db")
		if out, err := exec.Command(binary(t), "backup", "-data", db[1], file).CombinedOutput(); err != nil {
			t.Fatalf("supple backup: %v\n%s", err, out)
		}
		dir := t.TempDir()
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "supple.db"), b, 0o600); err != nil {
			t.Fatal(err)
		}
		return openStore(t, []string{"-data", dir})
	}
	pgBin := postgresBin(t)
	dump := filepath.Join(t.TempDir(), "supple.dump")
	if out, err := exec.Command(filepath.Join(pgBin, "pg_dump"), "-Fc", "-f", dump, db[1]).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	target := storetest.URL(t)
	if out, err := exec.Command(filepath.Join(pgBin, "pg_restore"), "--no-owner", "-d", target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	return openStore(t, []string{"-db", target})
}

// postgresBin is the folder of the PostgreSQL client tools.
func postgresBin(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("pg_dump"); err == nil {
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "pg_dump")); err == nil {
			return dirs[i]
		}
	}
	t.Fatal("pg_dump is missing: apt-get install postgresql-client")
	return ""
}
