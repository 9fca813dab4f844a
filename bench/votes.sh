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
# After the run (and before the stop) every instance's API must report the
# same count for the article as the database holds: its in-memory totals
# are up to date (on PostgreSQL other instances' votes arrive by NOTIFY).
#
# With DB=postgres the votes go to a fresh PostgreSQL database (created
# through the admin URL PGURL, dropped at the end). With INSTANCES=2
# (postgres only) two supple processes share it and one wrk run votes
# through both (vote.lua's TARGETS: each wrk thread drives one instance with
# half the connections; the pool readers are the same on both, so one reader
# may vote through two instances at once). Acknowledged votes/s is summed
# over both, supple_votes_total is summed over both, and the stored count is
# checked in the one database.
#
# Environment: DURATION (seconds, default 10), WARMUP (not used here: the
# first votes are the measurement), THREADS (2), CONNS (128),
# SLUG (exercise-for-back-pain), NEW_READERS (0.8), POOL (1000), DB (sqlite
# or postgres), PGURL (admin URL, default
# postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable), INSTANCES
# (1; 2 or more with DB=postgres), KEEP=1 to keep the temp dir (and the
# database).
#
# The last line of output is machine-readable, for bench/compare.sh:
#   RESULT votes db=... instances=N ack_rps=X p99=Y non200=N errors=N consistent=yes|no status=ok|fail
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
# One vote by hand through each instance first (each from a new reader): the
# endpoint must work everywhere before we measure it.
for ((i = 0; i < INSTANCES; i++)); do
	probe=$(curl -sS -o "$WORK/probe.json" -w '%{http_code}' -X POST \
		-H 'Content-Type: application/json' -d '{"stars":5}' "${BASES[i]}/api/v1/articles/$SLUG/rating")
	[[ $probe == 200 ]] || die "probe vote via ${BASES[i]} got HTTP $probe: $(cat "$WORK/probe.json")"
	log "probe vote via ${BASES[i]} ok: $(cat "$WORK/probe.json")"
done
PROBES=$INSTANCES

TARGETS=$(wrk_targets)
export TARGETS
log "measuring: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency -s bench/vote.lua $URL${TARGETS:+ (TARGETS=$TARGETS)}"
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
committed=0
per_instance_committed=()
for ((i = 0; i < INSTANCES; i++)); do
	# shellcheck disable=SC2016 # an awk program
	n=$(metric_sum "${BASES[i]}" '$1 ~ /^supple_votes_total/') || die "could not read ${BASES[i]}/metrics"
	per_instance_committed+=("$n")
	committed=$((committed + n))
done

# api_count BASE: the article's rating count as this instance reports it
# (from its in-memory totals).
api_count() {
	curl -fsS "$1/api/v1/articles/$SLUG" | sed -n 's/.*"rating":{[^}]*"count":\([0-9][0-9]*\).*/\1/p'
}
# The instances must agree with each other (and, checked below, with the
# database). On PostgreSQL another instance's votes arrive by NOTIFY within
# a second; allow up to 3 s more before calling it a failure.
api_counts=()
api_agree_after=''
for ((try = 0; try <= 30; try++)); do
	api_counts=()
	for ((i = 0; i < INSTANCES; i++)); do
		api_counts+=("$(api_count "${BASES[i]}")")
	done
	if [[ -n ${api_counts[0]} ]] && [[ $(printf '%s\n' "${api_counts[@]}" | sort -u | wc -l) -eq 1 ]]; then
		api_agree_after=$(awk -v t="$try" 'BEGIN { printf "%.1f", 1 + t / 10 }')
		break
	fi
	sleep 0.1
done

log "stopping supple (SIGTERM) to read the stored ratings"
stop_supple
"$BIN/supple" ratings "${DB_ARGS[@]}" -format json >"$WORK/ratings.json" 2>>"$WORK/ratings.log" ||
	die "supple ratings failed (see $WORK/ratings.log)"

if command -v jq >/dev/null 2>&1; then
	count=$(jq -r --arg s "$SLUG" '.articles[] | select(.slug == $s) | .count' "$WORK/ratings.json")
	dist_sum=$(jq -r --arg s "$SLUG" '.articles[] | select(.slug == $s) | .distribution | add' "$WORK/ratings.json")
	dist=$(jq -c --arg s "$SLUG" '.articles[] | select(.slug == $s) | .distribution' "$WORK/ratings.json")
	avg=$(jq -r --arg s "$SLUG" '.articles[] | select(.slug == $s) | .average' "$WORK/ratings.json")
else
	# No jq: the text report has the same numbers (slug, average, votes, 1★..5★).
	"$BIN/supple" ratings "${DB_ARGS[@]}" >"$WORK/ratings.txt"
	read -r _ avg count d1 d2 d3 d4 d5 < <(awk -v s="$SLUG" '$1 == s' "$WORK/ratings.txt")
	dist_sum=$((d1 + d2 + d3 + d4 + d5))
	dist="[$d1,$d2,$d3,$d4,$d5]"
fi
[[ $count =~ ^[0-9]+$ ]] || die "no rating count for $SLUG in supple ratings"

secs=$(awk -v us="$v_duration_us" 'BEGIN { printf "%.2f", us / 1e6 }')
ack_rps=$(awk -v ok="$v_ok" -v us="$v_duration_us" 'BEGIN { printf "%.1f", ok / (us / 1e6) }')
# The probe votes above are more distinct readers, one per instance.
upper=$((v_sent_new + v_pool_distinct + PROBES))
unacked=$((v_sent - v_ok))
lower=$((upper - unacked))
((v_max_count > lower)) && lower=$v_max_count

status=0
echo
echo "Results (wrk -t$THREADS -c$CONNS -d${DURATION}s, new readers $NEW_READERS, pool $POOL, $DB, $INSTANCES supple instance(s))"
printf '  ACKNOWLEDGED VOTES/S: %s  (%d votes answered 200 in %s s%s)\n' "$ack_rps" "$v_ok" "$secs" \
	"$( ((INSTANCES == 1)) || echo ", summed over $INSTANCES instances")"
while read -r _ _ h o n; do
	printf '    via %s: %s/s  (%s 200s of %s requests)\n' "${h#host=}" \
		"$(awk -v ok="${o#ok=}" -v us="$v_duration_us" 'BEGIN { printf "%.1f", ok / (us / 1e6) }')" "${o#ok=}" "${n#sent=}"
done < <(grep '^VOTES_TARGET ' "$WORK/wrk-votes.txt" || true)
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
consistent=yes
echo "Consistency (supple ratings ${DB_ARGS[0]} $([[ $DB == postgres ]] && echo URL || echo DIR) -format json, after a graceful stop)"
printf '  stored count for %s: %d  (average %s, distribution %s)\n' "$SLUG" "$count" "$avg" "$dist"
printf '  distinct readers that sent a vote: %d  (%d new + %d pool + %d probe)\n' \
	"$upper" "$v_sent_new" "$v_pool_distinct" "$PROBES"
printf '  requests not answered 200: %d  (in flight at the end, errors, non-200)\n' "$unacked"
printf '  highest count in a 200 response: %d\n' "$v_max_count"
printf '  expected stored count: %d..%d\n' "$lower" "$upper"
if ((count < lower || count > upper)); then
	echo "  FAIL: the stored count is outside the expected range"
	status=1 consistent=no
else
	echo "  ok: the stored count is within the expected range"
fi
printf '  votes committed (supple_votes_total%s, re-votes included): %d, expected %d..%d\n' \
	"$( ((INSTANCES == 1)) || echo " summed over the instances: $(IFS=+; echo "${per_instance_committed[*]}")")" \
	"$committed" "$((v_ok + PROBES))" "$((v_sent + PROBES))"
if ((committed < v_ok + PROBES || committed > v_sent + PROBES)); then
	echo "  FAIL: supple_votes_total is outside the expected range"
	status=1 consistent=no
fi
if ((dist_sum != count)); then
	echo "  FAIL: the distribution adds up to $dist_sum, not $count"
	status=1 consistent=no
fi
printf '  count each instance reports (GET /api/v1/articles/%s, before the stop): %s\n' "$SLUG" "${api_counts[*]}"
if [[ -z $api_agree_after ]]; then
	echo "  FAIL: the instances did not report the same count within 4 s of the end of the run"
	status=1 consistent=no
elif [[ ${api_counts[0]} != "$count" ]]; then
	echo "  FAIL: the instances report ${api_counts[0]}, the database holds $count"
	status=1 consistent=no
else
	printf '  ok: %s agree with the database (%s s after the end of the run)\n' \
		"$( ((INSTANCES == 1)) && echo "the instance's totals" || echo "all $INSTANCES instances")" "$api_agree_after"
fi
echo
print_machine
fstype=$(findmnt -n -o FSTYPE -T "$DATA" 2>/dev/null || stat -f -c %T "$DATA" 2>/dev/null || echo unknown)
if [[ $DB == postgres ]]; then
	# PostgreSQL's own data directory is printed above (pg data); this dir
	# holds only logs, but its disk rate is still a rough guide.
	echo "  temp dir:   $DATA on $fstype"
	echo "  disk:       dsync 4 KiB writes in the temp dir: $FSYNC_BEFORE before, $(fsync_rate "$DATA") after the run"
else
	echo "  data dir:   $DATA on $fstype"
	echo "  disk:       dsync 4 KiB writes in the data dir: $FSYNC_BEFORE before, $(fsync_rate "$DATA") after the run"
	if [[ $fstype == tmpfs || $fstype == ramfs ]]; then
		echo "  WARNING: the data dir is in memory, so fsync costs nothing; set TMPDIR to a disk for a real number"
	fi
fi
echo
server_problems "${SUPPLE_LOGS[@]}" || status=1
echo
printf 'RESULT votes db=%s instances=%d ack_rps=%s p99=%s non200=%d errors=%d consistent=%s status=%s\n' \
	"$DB" "$INSTANCES" "$ack_rps" "$(wrk_pct "$WORK/wrk-votes.txt" 99)" "$v_non200" \
	"$((v_err_connect + v_err_read + v_err_write + v_err_timeout))" "$consistent" \
	"$([[ $status == 0 ]] && echo ok || echo fail)"
exit "$status"
