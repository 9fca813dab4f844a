#!/usr/bin/env bash
# bench/article.sh: how fast does supple serve an article page, compared
# with a plain static-file server sending the very same bytes?
#
# Builds supple and bench/staticserve into a temp dir, starts supple on a
# free loopback port with a fresh data dir (it imports the bundled articles),
# saves the article page with curl (as it is and gzip-compressed), serves
# those bytes with staticserve and with nginx (raw, and the gzip bytes
# through gzip_static), warms them up and runs wrk against each: raw
# requests, and requests that send Accept-Encoding: gzip. Prints requests/s,
# latencies, the ratios supple/static (raw) and supple/nginx (raw and gzip)
# and the machine. NGINX=0 leaves nginx out; without nginx on the machine the
# script installs it with apt-get (as root) or stops with the command to run.
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
#   RESULT article db=... instances=N supple_rps=X static_rps=Y ratio=Z
#     [nginx_rps=… gzip_rps=… nginx_gzip_rps=… gzip_ratio=… raw_nginx_ratio=…] status=ok|fail
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
NGINX=${NGINX:-1}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-1}
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -gt 0 ]] || { echo "error: ROUNDS must be 1 or more" >&2; exit 1; }

bench_init
[[ $NGINX == 0 ]] || need_nginx
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

GZ_PAGE=$PAGE.gz
curl -fsS -H 'Accept-Encoding: gzip' -o "$GZ_PAGE" "$ARTICLE_URL" || die "could not fetch $ARTICLE_URL with gzip"
gzip -dc "$GZ_PAGE" | cmp -s - "$PAGE" || die "supple's gzip page does not decompress to the page"
GZ_BYTES=$(wc -c <"$GZ_PAGE")

start_static "$PAGE"
STATIC_URL=$STATIC_BASE/articles/$SLUG
# The baseline must send the same bytes, or the comparison is meaningless.
curl -fsS "$STATIC_URL" | cmp -s - "$PAGE" || die "staticserve does not return the saved page"

# KINDS: what is measured each round. dynamic = supple raw, static =
# staticserve raw; with nginx: nginx raw, and supple and nginx asked for gzip.
KINDS=(dynamic static)
if [[ $NGINX != 0 ]]; then
	start_nginx "$PAGE" "$GZ_PAGE"
	NGINX_URL=$NGINX_BASE/articles/$SLUG
	curl -fsS "$NGINX_URL" | cmp -s - "$PAGE" || die "nginx does not return the saved page"
	curl -fsS -H 'Accept-Encoding: gzip' "$NGINX_URL" | cmp -s - "$GZ_PAGE" || die "nginx does not return supple's gzip bytes for Accept-Encoding: gzip"
	KINDS+=(nginx dynamic-gzip nginx-gzip)
fi

# url_of KIND, args_of KIND: where each kind is measured and its extra wrk arguments.
url_of() {
	case $1 in
	dynamic*) echo "$ARTICLE_URL" ;;
	static) echo "$STATIC_URL" ;;
	nginx*) echo "$NGINX_URL" ;;
	esac
}
args_of() {
	[[ $1 == dynamic* && ${#DYN_SCRIPT[@]} -gt 0 ]] && printf '%s\n' "${DYN_SCRIPT[@]}"
	[[ $1 == *-gzip ]] && printf '%s\n' -H 'Accept-Encoding: gzip'
	return 0
}

if [[ $WARMUP -gt 0 ]]; then
	log "warming up (${WARMUP}s each)"
	for kind in "${KINDS[@]}"; do
		mapfile -t extra < <(args_of "$kind")
		wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "${extra[@]}" "$(url_of "$kind")" >/dev/null
	done
fi

# requests_total BASE: the requests this instance has answered, all routes
# (supple_http_requests_total; the split below subtracts the one /metrics
# request in between, and nothing else reaches the instance during a run).
requests_total() {
	# shellcheck disable=SC2016 # an awk program
	metric_sum "$1" '/^supple_http_requests_total\{/'
}
run_wrk() { # KIND ROUND
	local kind=$1 url extra i before=()
	url=$(url_of "$kind")
	mapfile -t extra < <(args_of "$kind")
	if [[ $kind == dynamic* ]]; then
		for ((i = 0; i < INSTANCES; i++)); do before+=("$(requests_total "${BASES[i]}")"); done
	fi
	local note=''
	[[ $kind == dynamic* && -n $TARGETS ]] && note=" (TARGETS=$TARGETS)"
	log "round $2, $kind: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency${extra[*]:+ ${extra[*]}} $url$note"
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "${extra[@]}" "$url" | tee "$WORK/wrk-$kind-$2.txt"
	if [[ $kind == dynamic* ]]; then
		# How the requests split over the instances (from their /metrics).
		: >"$WORK/split-$kind-$2.txt"
		for ((i = 0; i < INSTANCES; i++)); do
			echo "${BASES[i]} $(($(requests_total "${BASES[i]}") - before[i] - 1))" >>"$WORK/split-$kind-$2.txt"
		done
	fi
}
# With ROUNDS > 1 the order rotates, so no server always runs first or last
# (on a shared or throttled machine that matters).
for ((round = 1; round <= ROUNDS; round++)); do
	n=${#KINDS[@]}
	for ((k = 0; k < n; k++)); do
		run_wrk "${KINDS[(k + round - 1) % n]}" "$round"
	done
done

status=0
ratios=()
gz_ratios=()
nraw_ratios=()
# ratio A B: 100 * A / B with one decimal.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
echo
echo "Results ($PAGE_BYTES-byte page, $GZ_BYTES bytes gzip-compressed; wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS round(s), $DB, $INSTANCES supple instance(s))"
for ((round = 1; round <= ROUNDS; round++)); do
	((ROUNDS == 1)) || echo "  round $round"
	declare -A RPS=()
	for kind in "${KINDS[@]}"; do
		f=$WORK/wrk-$kind-$round.txt
		rps=$(wrk_rps "$f")
		[[ -n $rps ]] || die "could not read Requests/sec from $f"
		RPS[$kind]=$rps
		read -r avg stdev max <<<"$(wrk_latency "$f")"
		case $kind in
		dynamic) name="supple  $ARTICLE_URL" ;;
		dynamic-gzip) name="supple  $ARTICLE_URL, Accept-Encoding: gzip" ;;
		static) name="static  $STATIC_URL" ;;
		nginx) name="nginx   $NGINX_URL" ;;
		nginx-gzip) name="nginx   $NGINX_URL, Accept-Encoding: gzip (gzip_static)" ;;
		esac
		[[ $kind == dynamic* ]] && ((INSTANCES > 1)) && name+=" ($INSTANCES instances, summed; one wrk thread per instance, $((CONNS / INSTANCES)) connections each)"
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
		if [[ $kind == dynamic* ]] && ((INSTANCES > 1)); then
			while read -r b n; do
				printf '    %s answered %d article requests (%s/s)\n' "$b" "$n" \
					"$(awk -v n="$n" -v d="$DURATION" 'BEGIN { printf "%.0f", n / d }')"
			done <"$WORK/split-$kind-$round.txt"
		fi
	done
	r=$(ratio "${RPS[dynamic]}" "${RPS[static]}")
	ratios+=("$r")
	printf '  dynamic/static: %s%% (supple requests/s as a share of the static server'"'"'s, raw)\n' "$r"
	if [[ $NGINX != 0 ]]; then
		nraw_ratios+=("$(ratio "${RPS[dynamic]}" "${RPS[nginx]}")")
		gz_ratios+=("$(ratio "${RPS[dynamic-gzip]}" "${RPS[nginx-gzip]}")")
		printf '  supple/nginx raw: %s%%;  supple gzip / nginx gzip_static: %s%%\n' "${nraw_ratios[-1]}" "${gz_ratios[-1]}"
	fi
done
# median_of VALUES...: the median.
median_of() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
if [[ $NGINX != 0 ]] && ((ROUNDS > 1)); then
	printf '  supple/nginx raw over %d rounds: median %s%%  (each: %s)\n' "$ROUNDS" "$(median_of "${nraw_ratios[@]}")" "${nraw_ratios[*]}"
	printf '  supple gzip / nginx gzip_static over %d rounds: median %s%%  (each: %s)\n' "$ROUNDS" "$(median_of "${gz_ratios[@]}")" "${gz_ratios[*]}"
fi
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
nginx_fields=''
if [[ $NGINX != 0 ]]; then
	for kind in nginx dynamic-gzip nginx-gzip; do
		m=$(for ((r = 1; r <= ROUNDS; r++)); do wrk_rps "$WORK/wrk-$kind-$r.txt"; done | med)
		nginx_fields+="${kind//dynamic-gzip/gzip}_rps=$m "
	done
	nginx_fields=${nginx_fields//-/_}
	nginx_fields+="gzip_ratio=$(median_of "${gz_ratios[@]}") raw_nginx_ratio=$(median_of "${nraw_ratios[@]}") "
fi
echo
printf 'RESULT article db=%s instances=%d supple_rps=%s static_rps=%s ratio=%s p99=%s %sstatus=%s\n' \
	"$DB" "$INSTANCES" "$dyn_med" "$sta_med" "$median" "$(wrk_pct "$WORK/wrk-dynamic-1.txt" 99)" "$nginx_fields" \
	"$([[ $status == 0 ]] && echo ok || echo fail)"
exit "$status"
