#!/usr/bin/env bash
# bench/article.sh: how fast does supple serve an article page, compared
# with a plain static-file server sending the very same bytes?
#
# Builds supple and bench/staticserve into a temp dir, starts supple on a
# free loopback port with a fresh data dir (it imports the bundled articles),
# saves the article page with curl, serves those bytes with staticserve, warms
# both up and runs wrk against each. Prints requests/s, latencies, the ratio
# dynamic/static and the machine.
#
# With DB=postgres it uses a fresh PostgreSQL database (created through the
# admin URL PGURL, dropped at the end) instead of the SQLite data dir. With
# INSTANCES=2 (postgres only) two supple processes share that database and one
# wrk run drives both (bench/targets.lua gives each wrk thread one instance,
# so each gets half the connections); its requests/s is the sum over both.
# The static server is measured with the same wrk settings (same total
# connections) against its single process.
#
# Environment: DURATION (seconds per measured run, default 10), WARMUP
# (seconds of warm-up per server, default 2), THREADS (2), CONNS (64),
# ROUNDS (1; more alternate the two servers and print the median ratio),
# SLUG (exercise-for-back-pain), DB (sqlite or postgres), PGURL (admin URL,
# default postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable),
# INSTANCES (1; 2 or more with DB=postgres), KEEP=1 to keep the temp dir
# (and the database).
#
# The last line of output is machine-readable, for bench/compare.sh:
#   RESULT article db=... instances=N supple_rps=X static_rps=Y ratio=Z status=ok|fail
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-1}
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -gt 0 ]] || { echo "error: ROUNDS must be 1 or more" >&2; exit 1; }

bench_init
build_supple
build_staticserve
start_supple

ARTICLE_URL=$BASE/articles/$SLUG
PAGE=$WORK/article.html
log "fetching $ARTICLE_URL"
curl -fsS -o "$PAGE" "$ARTICLE_URL" || die "could not fetch $ARTICLE_URL"
PAGE_BYTES=$(wc -c <"$PAGE")
[[ $PAGE_BYTES -gt 0 ]] || die "the article page is empty"
grep -qi '<html' "$PAGE" || die "$ARTICLE_URL did not return an HTML page"
# Every instance must send the same page (they share the database and, via
# -base-url, the public URL), or the sum would mix different pages.
for ((i = 1; i < INSTANCES; i++)); do
	curl -fsS "${BASES[i]}/articles/$SLUG" | cmp -s - "$PAGE" ||
		die "supple #$((i + 1)) (${BASES[i]}) does not send the same article page as supple #1"
done
TARGETS=$(wrk_targets)
export TARGETS
# For several instances the dynamic runs go through bench/targets.lua; the
# static runs never use a script.
DYN_SCRIPT=()
((INSTANCES == 1)) || DYN_SCRIPT=(-s "$ROOT/bench/targets.lua")

start_static "$PAGE"
STATIC_URL=$STATIC_BASE/articles/$SLUG
# The baseline must send the same bytes, or the comparison is meaningless.
curl -fsS "$STATIC_URL" | cmp -s - "$PAGE" || die "staticserve does not return the saved page"

if [[ $WARMUP -gt 0 ]]; then
	log "warming up (${WARMUP}s each)"
	wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "${DYN_SCRIPT[@]}" "$ARTICLE_URL" >/dev/null
	wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "$STATIC_URL" >/dev/null
fi

# requests_total BASE: the requests this instance has answered, all routes
# (supple_http_requests_total; the split below subtracts the one /metrics
# request in between, and nothing else reaches the instance during a run).
requests_total() {
	# shellcheck disable=SC2016 # an awk program
	metric_sum "$1" '/^supple_http_requests_total\{/'
}
run_wrk() { # KIND URL ROUND
	local script=() i before=()
	if [[ $1 == dynamic ]]; then
		script=("${DYN_SCRIPT[@]}")
		for ((i = 0; i < INSTANCES; i++)); do before+=("$(requests_total "${BASES[i]}")"); done
	fi
	local note=''
	[[ $1 == dynamic && -n $TARGETS ]] && note=" (TARGETS=$TARGETS)"
	log "round $3, $1: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency${script[*]:+ ${script[*]}} $2$note"
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "${script[@]}" "$2" | tee "$WORK/wrk-$1-$3.txt"
	if [[ $1 == dynamic ]]; then
		# How the requests split over the instances (from their /metrics).
		: >"$WORK/split-$3.txt"
		for ((i = 0; i < INSTANCES; i++)); do
			echo "${BASES[i]} $(($(requests_total "${BASES[i]}") - before[i] - 1))" >>"$WORK/split-$3.txt"
		done
	fi
}
# With ROUNDS > 1 the order alternates, so neither server always runs second
# (on a shared or throttled machine that matters).
for ((round = 1; round <= ROUNDS; round++)); do
	if ((round % 2 == 1)); then
		run_wrk dynamic "$ARTICLE_URL" "$round"
		run_wrk static "$STATIC_URL" "$round"
	else
		run_wrk static "$STATIC_URL" "$round"
		run_wrk dynamic "$ARTICLE_URL" "$round"
	fi
done

status=0
ratios=()
echo
echo "Results ($PAGE_BYTES-byte page, wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS round(s), $DB, $INSTANCES supple instance(s))"
for ((round = 1; round <= ROUNDS; round++)); do
	((ROUNDS == 1)) || echo "  round $round"
	for kind in dynamic static; do
		f=$WORK/wrk-$kind-$round.txt
		rps=$(wrk_rps "$f")
		[[ -n $rps ]] || die "could not read Requests/sec from $f"
		read -r avg stdev max <<<"$(wrk_latency "$f")"
		if [[ $kind == dynamic ]]; then
			dyn=$rps
			name="supple  $ARTICLE_URL"
			((INSTANCES == 1)) || name="supple  $INSTANCES instances, summed (one wrk thread per instance, $((CONNS / INSTANCES)) connections each)"
		else
			sta=$rps
			name="static  $STATIC_URL"
		fi
		printf '  %s\n' "$name"
		printf '    requests/s: %s  (%s requests)\n' "$rps" "$(wrk_requests "$f")"
		printf '    latency:    avg %s  stdev %s  max %s  p50 %s  p90 %s  p99 %s\n' \
			"$avg" "$stdev" "$max" "$(wrk_pct "$f" 50)" "$(wrk_pct "$f" 90)" "$(wrk_pct "$f" 99)"
		non2xx=$(wrk_non2xx "$f")
		sockerr=$(wrk_sockerr "$f")
		if [[ -n $non2xx ]]; then
			printf '    PROBLEM: %s non-2xx/3xx responses\n' "$non2xx"
			status=1
		fi
		if [[ -n $sockerr ]]; then
			printf '    PROBLEM: %s\n' "$sockerr"
			status=1
		fi
		if [[ $kind == dynamic ]] && ((INSTANCES > 1)); then
			while read -r b n; do
				printf '    %s answered %d article requests (%s/s)\n' "$b" "$n" \
					"$(awk -v n="$n" -v d="$DURATION" 'BEGIN { printf "%.0f", n / d }')"
			done <"$WORK/split-$round.txt"
		fi
	done
	ratio=$(awk -v d="$dyn" -v s="$sta" 'BEGIN { printf "%.1f", 100 * d / s }')
	ratios+=("$ratio")
	printf '  dynamic/static: %s%% (supple requests/s as a share of the static server'"'"'s)\n' "$ratio"
done
if ((ROUNDS > 1)); then
	median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	printf '  dynamic/static over %d rounds: median %s%%  (each: %s)\n' "$ROUNDS" "$median" "${ratios[*]}"
else
	median=${ratios[0]}
fi
echo
print_machine
echo
server_problems "${SUPPLE_LOGS[@]}" || status=1
# Medians of the requests/s over the rounds, for the summary line.
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
dyn_med=$(for ((r = 1; r <= ROUNDS; r++)); do wrk_rps "$WORK/wrk-dynamic-$r.txt"; done | med)
sta_med=$(for ((r = 1; r <= ROUNDS; r++)); do wrk_rps "$WORK/wrk-static-$r.txt"; done | med)
echo
printf 'RESULT article db=%s instances=%d supple_rps=%s static_rps=%s ratio=%s p99=%s status=%s\n' \
	"$DB" "$INSTANCES" "$dyn_med" "$sta_med" "$median" "$(wrk_pct "$WORK/wrk-dynamic-1.txt" 99)" \
	"$([[ $status == 0 ]] && echo ok || echo fail)"
exit "$status"
