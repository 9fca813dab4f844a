#!/usr/bin/env bash
# bench/mixed.sh: how much memory does supple use under a mixed load?
#
# Builds supple and bench/seedmember into a temp dir, seeds a fresh data dir
# with a member who has DAYS (1100) days of daily logs, starts supple on it
# (loopback only), checks that the member pages answer 200 with the
# member's session, and runs `wrk -t2 -c64 -d${DURATION}s -s bench/mixed.lua`:
# article pages 40%, votes 15% (a new reader each), search 15%, member
# pages 30% (/me/plan, /me/today, /me/progress).
#
# Every second it reads VmRSS and VmHWM (the peak) from /proc/PID/status of
# the server and prints the peak at the end against LIMIT_MIB (64). Any
# answer that is not 200 makes the script exit 1; going over the limit is
# reported, not a failure.
#
# Environment: DURATION (60), THREADS (2), CONNS (64), DAYS (1100),
# LIMIT_MIB (64), KEEP=1 to keep the temp dir. SQLite only.
#
# The last line is machine-readable:
#   RESULT mixed rps=X peak_hwm_mib=Y max_rss_mib=Z not200=N status=ok|fail
set -euo pipefail

DURATION=${DURATION:-60} # before lib.sh, whose default is 10

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
DAYS=${DAYS:-1100}
LIMIT_MIB=${LIMIT_MIB:-64}
sqlite_only mixed.sh

bench_init
build_supple
build_bench_tool seedmember
log "seeding $DATA with a member with $DAYS days of logs"
SESSION=$("$BIN/seedmember" -data "$DATA" -days "$DAYS")
export SESSION
start_supple

for p in /me/plan /me/today /me/progress; do
	code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: supple_session=$SESSION" "$BASE$p")
	[[ $code == 200 ]] || die "GET $p with the member's session: HTTP $code"
done
log "member pages answer 200"

# rss_mib FIELD: the server's FIELD (VmRSS, VmHWM) in MiB, one decimal.
rss_mib() { awk -v f="$1:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$SUPPLE_PID/status"; }
echo "time_s VmRSS_MiB VmHWM_MiB" >"$WORK/rss.txt"
echo "0 $(rss_mib VmRSS) $(rss_mib VmHWM)" >>"$WORK/rss.txt"
START_RSS=$(rss_mib VmRSS)
(
	t=0
	while kill -0 "$SUPPLE_PID" 2>/dev/null; do
		sleep 1
		t=$((t + 1))
		echo "$t $(rss_mib VmRSS) $(rss_mib VmHWM)" >>"$WORK/rss.txt" 2>/dev/null || break
	done
) &
SAMPLER=$!
BENCH_PIDS+=("$SAMPLER")

log "measuring: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency -s bench/mixed.lua $BASE"
wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$ROOT/bench/mixed.lua" "$BASE" | tee "$WORK/wrk-mixed.txt"
sleep 1
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true

line=$(grep '^MIXED ' "$WORK/wrk-mixed.txt" || true)
[[ -n $line ]] || die "mixed.lua printed no MIXED line"
not200=$(sed -n 's/.* not200=\([0-9][0-9]*\).*/\1/p' <<<"$line")
peak=$(awk 'NR > 1 && $3 > m { m = $3 } END { printf "%.1f", m }' "$WORK/rss.txt")
maxrss=$(awk 'NR > 1 && $2 > m { m = $2 } END { printf "%.1f", m }' "$WORK/rss.txt")
endrss=$(tail -n 1 "$WORK/rss.txt" | awk '{ print $2 }')
rps=$(wrk_rps "$WORK/wrk-mixed.txt")
stop_supple

status=ok
echo
echo "Results"
echo "  requests/s:       $rps ($(wrk_requests "$WORK/wrk-mixed.txt") requests in ${DURATION}s), p50 $(wrk_pct "$WORK/wrk-mixed.txt" 50) p99 $(wrk_pct "$WORK/wrk-mixed.txt" 99)"
echo "  mix:              ${line#MIXED }"
echo "  RSS at start:     $START_RSS MiB (after start-up and the member-page probes)"
echo "  RSS at the end:   $endrss MiB"
echo "  highest VmRSS:    $maxrss MiB (sampled every second; $(($(wc -l <"$WORK/rss.txt") - 1)) samples)"
echo "  peak (VmHWM):     $peak MiB"
if awk -v p="$peak" -v l="$LIMIT_MIB" 'BEGIN { exit !(p <= l) }'; then
	echo "  goal:             peak <= $LIMIT_MIB MiB: met"
else
	echo "  goal:             peak <= $LIMIT_MIB MiB: NOT met"
fi
if [[ $not200 != 0 ]]; then
	echo "  FAIL: $not200 answers were not 200"
	status=fail
fi
if ! server_problems "${SUPPLE_LOGS[@]}"; then
	status=fail
fi
echo
print_machine
echo "  load:       $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
echo
echo "RESULT mixed rps=$rps peak_hwm_mib=$peak max_rss_mib=$maxrss not200=$not200 status=$status"
[[ $status == ok ]]
