#!/usr/bin/env bash
# bench/coldstart.sh: how long from exec to the first successful /healthz?
#
# Builds supple and bench/coldstart into a temp dir, then measures RUNS (10)
# starts of `supple serve -addr 127.0.0.1:PORT -data DIR -access-log=false`
# each way, stopping the server with SIGTERM after each:
#
#   existing  the same data dir every time (made by one start beforehand):
#             what a restart costs
#   fresh     a new, empty data dir every time: migrations and the import
#             of the bundled articles included
#
# bench/coldstart polls /healthz every 500 µs from exec on and prints every
# run, then min, median and max. The goal is a median under 300 ms either
# way. With hyperfine installed (apt-get install -y hyperfine) and
# HYPERFINE=1 it also runs `hyperfine -N` over the same starts, as a cross-
# check that includes hyperfine's own process handling.
#
# Environment: RUNS (10), KEEP=1 to keep the temp dir. SQLite only.
#
# The last lines are machine-readable:
#   RESULT coldstart existing median_ms=X   RESULT coldstart fresh median_ms=Y
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-10}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number, got '$RUNS'"
sqlite_only coldstart.sh

bench_init
build_supple
build_bench_tool coldstart

log "creating the existing data dir $DATA (one start)"
"$BIN/coldstart" -bin "$BIN/supple" -data "$DATA" -runs 1 -log "$SUPPLE_LOG_FILE" >/dev/null

echo "Existing data dir ($RUNS starts)"
"$BIN/coldstart" -bin "$BIN/supple" -data "$DATA" -runs "$RUNS" -log "$SUPPLE_LOG_FILE" | tee "$WORK/existing.txt"
mkdir -p "$WORK/fresh"
echo "Fresh data dir ($RUNS starts)"
"$BIN/coldstart" -bin "$BIN/supple" -data "$WORK/fresh" -fresh -runs "$RUNS" -log "$SUPPLE_LOG_FILE" | tee "$WORK/fresh.txt"

if [[ ${HYPERFINE:-0} == 1 ]]; then
	command -v hyperfine >/dev/null 2>&1 ||
		die "HYPERFINE=1 needs hyperfine: sudo apt-get update && sudo apt-get install -y --no-install-recommends hyperfine"
	echo "hyperfine (existing data dir; each command is one bench/coldstart run)"
	hyperfine -N --warmup 1 --runs "$RUNS" "$BIN/coldstart -bin $BIN/supple -data $DATA -runs 1"
fi

median() { sed -n 's/^COLDSTART .* median_ms=\([0-9.]*\).*/\1/p' "$1"; }
status=ok
server_problems "$SUPPLE_LOG_FILE" || status=fail
echo
print_machine
echo "  load:       $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
echo
echo "RESULT coldstart existing median_ms=$(median "$WORK/existing.txt") fresh median_ms=$(median "$WORK/fresh.txt") status=$status"
[[ $status == ok ]]
