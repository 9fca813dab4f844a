#!/usr/bin/env bash
# Lighthouse on a fresh supple: builds it, serves it from a new data dir on
# a free loopback port, runs .ci/lighthouse.mjs against it and stops it.
# Reports go to ${SUPPLE_ARTIFACTS:-artifacts}/lighthouse. Exits non-zero
# when a page scores below 100 or fails the compression or unused-CSS audit.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${SUPPLE_ARTIFACTS:-$PWD/artifacts}/lighthouse"
work=$(mktemp -d /tmp/supple-lighthouse.XXXXXX)
go build -o "$work/supple" ./cmd/supple
# A loopback port nobody listens on (bash's /dev/tcp, no other tool needed).
for _ in $(seq 100); do
  port=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
env -u SUPPLE_DATABASE_URL "$work/supple" serve -addr "127.0.0.1:$port" -data "$work/data" -access-log=false >"$work/supple.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
# The script waits for /healthz itself (no curl needed on a fresh machine).
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} node .ci/lighthouse.mjs "http://127.0.0.1:$port" "$out" || {
  rc=$?
  echo "supple's log:"; tail -n 30 "$work/supple.log"
  exit "$rc"
}
