#!/usr/bin/env bash
# bench/signups.sh: how much memory does a sign-up flood take?
#
# Every sign-up hashes a password with argon2id, which holds 19 MiB while it
# runs. supple runs those hashes in a bounded pool (GOMAXPROCS at once, a
# bounded queue; beyond it 503 with Retry-After), so memory should stay flat
# however many sign-ups arrive at once. This script builds supple, starts it
# with a fresh data dir and -signup-limit 0 (so the per-network limit does not
# hide the hashing), reads its resident memory (VmRSS) at rest, then sends
# CONNS concurrent sign-ups, each with a new address, for DURATION seconds
# with wrk and bench/signup.lua, and reads the peak resident memory (VmHWM)
# from /proc/PID/status.
#
#     bench/signups.sh                   # 48 concurrent sign-ups for 15 s
#     CONNS=64 DURATION=30 bench/signups.sh
#     REV=045f5bb~1 bench/signups.sh     # the same flood against an older commit
#
# The last line is machine-readable:
#   RESULT signups conns=N created=N busy=N rss_start_mib=X peak_rss_mib=Y limit_mib=200 status=ok|fail
# status is fail when the peak passes LIMIT_MIB (default 200).
set -euo pipefail

DURATION=${DURATION:-15}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNS=${CONNS:-48}
LIMIT_MIB=${LIMIT_MIB:-200}
REV=${REV:-}

[[ -r /proc/self/status ]] || die "this script reads /proc/PID/status (Linux only)"
bench_init
if [[ -n $REV ]]; then
	log "building supple at $REV into $BIN"
	mkdir -p "$WORK/src"
	(cd "$ROOT" && git archive "$REV" | tar -x -C "$WORK/src")
	(cd "$WORK/src" && go build -o "$BIN/supple" ./cmd/supple)
else
	build_supple
fi
extra=()
if "$BIN/supple" serve -h 2>&1 | grep -q -- '-signup-limit'; then
	extra=(-signup-limit 0)
fi

port=$(free_port)
BASE=http://127.0.0.1:$port
log "starting supple on $BASE (data $DATA)"
"$BIN/supple" serve -addr "127.0.0.1:$port" -data "$DATA" "${extra[@]}" -access-log=false >>"$SUPPLE_LOG_FILE" 2>&1 &
PID=$!
BENCH_PIDS+=("$PID")
wait_ready "$BASE/healthz" "$PID" supple || die "supple exited during start"

mib() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$PID/status"; }
sleep 1
rss_start=$(mib VmRSS)
log "at rest: VmRSS ${rss_start} MiB; flooding with $CONNS concurrent sign-ups for ${DURATION}s"
wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 30s --latency -s "$ROOT/bench/signup.lua" "$BASE/signup" >"$WORK/wrk.txt"
peak=$(mib VmHWM)
rss_end=$(mib VmRSS)
line=$(grep '^SIGNUPS ' "$WORK/wrk.txt")
created=$(sed -E 's/.*created=([0-9]+).*/\1/' <<<"$line")
busy=$(sed -E 's/.*busy=([0-9]+).*/\1/' <<<"$line")
other=$(sed -E 's/.*other=([0-9]+).*/\1/' <<<"$line")

print_machine
echo
grep -E '^(latency|  [0-9]+ requests|Requests/sec)' "$WORK/wrk.txt" || true
echo "sign-ups: $created created, $busy refused as busy (503), $other other answers"
echo "memory: ${rss_start} MiB at rest, peak ${peak} MiB (VmHWM), ${rss_end} MiB after"
status=ok
awk -v p="$peak" -v l="$LIMIT_MIB" 'BEGIN { exit !(p < l) }' || status=fail
[[ $other == 0 ]] || status=fail
echo "RESULT signups conns=$CONNS created=$created busy=$busy rss_start_mib=$rss_start peak_rss_mib=$peak limit_mib=$LIMIT_MIB status=$status"
[[ $status == ok ]]
