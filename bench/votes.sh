#!/usr/bin/env bash
# bench/votes.sh: how many star ratings a second can supple acknowledge?
#
# Each 200 from POST /api/v1/articles/{slug}/rating means the vote is durably
# committed (SQLite WAL, synchronous=FULL, group commit), so "acknowledged
# votes/s" = 200 responses / duration.
#
# Builds supple into a temp dir, starts it on a free loopback port with a
# fresh data dir, and drives the rating endpoint with wrk and bench/vote.lua
# (random 1..5 stars; ~80% new readers, ~20% re-votes from a pool of 1000).
# Then it stops the server gracefully and checks the stored ratings with
# `supple ratings -data DIR -format json` against what wrk saw:
#   * the stored count can be no more than the distinct readers that sent a
#     vote (new readers + distinct pool readers);
#   * it can be no less than that minus the requests not acknowledged with a
#     200 (requests in flight when wrk stopped, errors);
#   * it can be no less than the highest count a 200 response reported;
#   * the distribution must add up to the count;
#   * the server's supple_votes_total (all committed votes, re-votes included)
#     must lie between the 200s and the requests sent.
# The data dir's file system is printed too: on tmpfs fsync is free.
#
# Environment: DURATION (seconds, default 10), WARMUP (not used here: the
# first votes are the measurement), THREADS (2), CONNS (128),
# SLUG (exercise-for-back-pain), NEW_READERS (0.8), POOL (1000), KEEP=1 to
# keep the temp dir.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNS=${CONNS:-128}
export NEW_READERS=${NEW_READERS:-0.8} POOL=${POOL:-1000}
LUA=$ROOT/bench/vote.lua

bench_init
build_supple
start_supple

URL=$BASE/api/v1/articles/$SLUG/rating
FSYNC_BEFORE=$(fsync_rate "$DATA")
# One vote by hand first: the endpoint must work before we measure it.
probe=$(curl -sS -o "$WORK/probe.json" -w '%{http_code}' -X POST \
	-H 'Content-Type: application/json' -d '{"stars":5}' "$URL")
[[ $probe == 200 ]] || die "probe vote got HTTP $probe: $(cat "$WORK/probe.json")"
log "probe vote ok: $(cat "$WORK/probe.json")"

log "measuring: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency -s bench/vote.lua $URL"
wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$LUA" "$URL" | tee "$WORK/wrk-votes.txt"

line=$(grep '^VOTES ' "$WORK/wrk-votes.txt" || true)
[[ -n $line ]] || die "vote.lua printed no VOTES line"
# vfield NAME: the number after NAME= in the "VOTES ok=1 non200=0 ..." line.
vfield() {
	local n
	n=$(sed -n "s/.* $1=\([0-9][0-9]*\).*/\1/p" <<<"$line")
	[[ -n $n ]] || die "vote.lua's VOTES line has no $1"
	echo "$n"
}
v_ok=$(vfield ok)
v_non200=$(vfield non200)
v_sent=$(vfield sent)
v_sent_new=$(vfield sent_new)
v_pool_distinct=$(vfield pool_distinct)
v_max_count=$(vfield max_count)
v_duration_us=$(vfield duration_us)
v_err_connect=$(vfield err_connect)
v_err_read=$(vfield err_read)
v_err_write=$(vfield err_write)
v_err_timeout=$(vfield err_timeout)

# Votes the server counted as committed (its Voted hook runs after the commit).
# A request still in flight when wrk stopped is committed anyway, so wait a
# moment before reading.
sleep 1
committed=$(curl -fsS "$BASE/metrics" | awk '$1 ~ /^supple_votes_total/ { s += $2 } END { printf "%d", s }') ||
	die "could not read $BASE/metrics"

log "stopping supple (SIGTERM) to read the stored ratings"
stop_supple
"$BIN/supple" ratings -data "$DATA" -format json >"$WORK/ratings.json" 2>>"$WORK/ratings.log" ||
	die "supple ratings failed"

if command -v jq >/dev/null 2>&1; then
	count=$(jq -r --arg s "$SLUG" '.articles[] | select(.slug == $s) | .count' "$WORK/ratings.json")
	dist_sum=$(jq -r --arg s "$SLUG" '.articles[] | select(.slug == $s) | .distribution | add' "$WORK/ratings.json")
	dist=$(jq -c --arg s "$SLUG" '.articles[] | select(.slug == $s) | .distribution' "$WORK/ratings.json")
	avg=$(jq -r --arg s "$SLUG" '.articles[] | select(.slug == $s) | .average' "$WORK/ratings.json")
else
	# No jq: the text report has the same numbers (slug, average, votes, 1★..5★).
	"$BIN/supple" ratings -data "$DATA" >"$WORK/ratings.txt"
	read -r _ avg count d1 d2 d3 d4 d5 < <(awk -v s="$SLUG" '$1 == s' "$WORK/ratings.txt")
	dist_sum=$((d1 + d2 + d3 + d4 + d5))
	dist="[$d1,$d2,$d3,$d4,$d5]"
fi
[[ $count =~ ^[0-9]+$ ]] || die "no rating count for $SLUG in supple ratings"

secs=$(awk -v us="$v_duration_us" 'BEGIN { printf "%.2f", us / 1e6 }')
ack_rps=$(awk -v ok="$v_ok" -v us="$v_duration_us" 'BEGIN { printf "%.1f", ok / (us / 1e6) }')
# The probe vote above is one more distinct reader.
upper=$((v_sent_new + v_pool_distinct + 1))
unacked=$((v_sent - v_ok))
lower=$((upper - unacked))
((v_max_count > lower)) && lower=$v_max_count

status=0
echo
echo "Results (wrk -t$THREADS -c$CONNS -d${DURATION}s, new readers $NEW_READERS, pool $POOL)"
printf '  ACKNOWLEDGED VOTES/S: %s  (%d votes answered 200 in %s s)\n' "$ack_rps" "$v_ok" "$secs"
printf '  wrk requests/s:       %s\n' "$(wrk_rps "$WORK/wrk-votes.txt")"
read -r l_avg l_stdev l_max <<<"$(wrk_latency "$WORK/wrk-votes.txt")"
printf '  latency:              avg %s  stdev %s  max %s  p50 %s  p90 %s  p99 %s\n' "$l_avg" "$l_stdev" "$l_max" \
	"$(wrk_pct "$WORK/wrk-votes.txt" 50)" "$(wrk_pct "$WORK/wrk-votes.txt" 90)" "$(wrk_pct "$WORK/wrk-votes.txt" 99)"
printf '  non-200 responses:    %d\n' "$v_non200"
printf '  socket errors:        connect %d, read %d, write %d, timeout %d\n' \
	"$v_err_connect" "$v_err_read" "$v_err_write" "$v_err_timeout"
if ((v_non200 > 0)); then
	echo "  PROBLEM: some votes were not acknowledged (see the status list above)"
	status=1
fi
if ((v_err_connect + v_err_read + v_err_write + v_err_timeout > 0)); then
	echo "  PROBLEM: wrk saw socket errors"
	status=1
fi
echo
echo "Consistency (supple ratings -data DIR -format json, after a graceful stop)"
printf '  stored count for %s: %d  (average %s, distribution %s)\n' "$SLUG" "$count" "$avg" "$dist"
printf '  distinct readers that sent a vote: %d  (%d new + %d pool + 1 probe)\n' \
	"$upper" "$v_sent_new" "$v_pool_distinct"
printf '  requests not answered 200: %d  (in flight at the end, errors, non-200)\n' "$unacked"
printf '  highest count in a 200 response: %d\n' "$v_max_count"
printf '  expected stored count: %d..%d\n' "$lower" "$upper"
if ((count < lower || count > upper)); then
	echo "  FAIL: the stored count is outside the expected range"
	status=1
else
	echo "  ok: the stored count is within the expected range"
fi
printf '  votes committed (supple_votes_total, re-votes included): %d, expected %d..%d\n' \
	"$committed" "$((v_ok + 1))" "$((v_sent + 1))"
if ((committed < v_ok + 1 || committed > v_sent + 1)); then
	echo "  FAIL: supple_votes_total is outside the expected range"
	status=1
fi
if ((dist_sum != count)); then
	echo "  FAIL: the distribution adds up to $dist_sum, not $count"
	status=1
fi
echo
print_machine
fstype=$(findmnt -n -o FSTYPE -T "$DATA" 2>/dev/null || stat -f -c %T "$DATA" 2>/dev/null || echo unknown)
echo "  data dir:   $DATA on $fstype"
echo "  disk:       dsync 4 KiB writes in the data dir: $FSYNC_BEFORE before, $(fsync_rate "$DATA") after the run"
if [[ $fstype == tmpfs || $fstype == ramfs ]]; then
	echo "  WARNING: the data dir is in memory, so fsync costs nothing; set TMPDIR to a disk for a real number"
fi
echo
server_problems "$SUPPLE_LOG_FILE" || status=1
exit "$status"
