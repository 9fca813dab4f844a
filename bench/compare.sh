#!/usr/bin/env bash
# bench/compare.sh: run bench/article.sh and bench/votes.sh for SQLite with
# one instance, PostgreSQL with one instance and PostgreSQL with two
# instances on one database, one after the other, and print a Markdown table
# of the results. Each article run also measures nginx serving the same
# bytes (raw, and gzip through gzip_static) against supple asked for gzip
# (NGINX=0 leaves it out).
#
# Each run is the script itself, with its own fresh data dir or database
# (created through PGURL and dropped afterwards); its whole output is shown
# as it runs and saved in a log dir. A run whose checks fail (non-200
# responses, socket errors, a stored count out of range, server log
# warnings) is marked FAIL in the table, and the script exits 1.
#
# Environment: DURATION (seconds per measured run, default 10), PGURL
# (admin URL, default postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable),
# KEEP=1 to keep the logs of successful runs too; WARMUP, ROUNDS, THREADS,
# CONNS, SLUG, NEW_READERS and POOL are passed on to the scripts (CONNS to
# both: leave it unset to keep each script's own default).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DURATION=${DURATION:-10}
export PGURL=${PGURL:-postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable}
unset DB INSTANCES

# engine instances
CONFIGS=("sqlite 1" "postgres 1" "postgres 2")

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[[ $DURATION =~ ^[0-9]+$ && $DURATION -gt 0 ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
command -v psql >/dev/null 2>&1 || die "psql is not installed (apt-get install -y postgresql-client)"
if ! err=$(psql "$PGURL" -X -q -At -c 'SELECT 1' 2>&1 >/dev/null); then
	die "cannot reach PostgreSQL through PGURL ($err). Start one (see 'PostgreSQL and several instances' in bench/README.md) or set PGURL to an admin URL of a server where you may create databases"
fi

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/supple-compare.XXXXXX")
started=$(date -u '+%Y-%m-%d %H:%M UTC')
failed=0

# field LINE NAME: the value after NAME= in a RESULT line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

declare -A RESULT
for cfg in "${CONFIGS[@]}"; do
	read -r db n <<<"$cfg"
	for script in article votes; do
		logf=$LOGS/$script-$db-$n.log
		printf '\n######## %s.sh  DB=%s INSTANCES=%s DURATION=%s ########\n\n' "$script" "$db" "$n" "$DURATION"
		rc=0
		DB=$db INSTANCES=$n bash "$HERE/$script.sh" 2>&1 | tee "$logf" || rc=$?
		line=$(grep "^RESULT $script " "$logf" | tail -n 1 || true)
		if [[ $rc -ne 0 || -z $line ]]; then
			failed=1
			printf '\n######## %s.sh DB=%s INSTANCES=%s FAILED (exit %d); log: %s\n' "$script" "$db" "$n" "$rc" "$logf"
		fi
		RESULT[$script-$db-$n]=$line
		RESULT[$script-$db-$n-rc]=$rc
	done
done

# fmt_int X: X rounded, with thousands separators.
fmt_int() { [[ -n $1 ]] && LC_ALL=C awk -v x="$1" 'BEGIN { s = sprintf("%.0f", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s); print s }' || echo "–"; }

echo
echo "## supple: SQLite vs. PostgreSQL ($started)"
echo
echo "\`DURATION=$DURATION bench/compare.sh\`: article page \`wrk -t${THREADS:-2} -c${CONNS:-64}\`, votes \`wrk -t${THREADS:-2} -c${CONNS:-128}\` (80% new readers); with 2 instances each wrk thread drives one instance with half the connections, and the numbers are summed."
echo
echo "| engine | instances | article page req/s (% of static) | nginx raw req/s (supple %) | gzip: supple / nginx gzip_static req/s (%) | acknowledged votes/s | votes p99 | checks |"
echo "|---|---|---|---|---|---|---|---|"
for cfg in "${CONFIGS[@]}"; do
	read -r db n <<<"$cfg"
	a=${RESULT[article-$db-$n]}
	v=${RESULT[votes-$db-$n]}
	name=$([[ $db == sqlite ]] && echo SQLite || echo PostgreSQL)
	ncol="–" gcol="–"
	if [[ -n $a ]]; then
		acol="$(fmt_int "$(field "$a" supple_rps)") ($(field "$a" ratio)% of $(fmt_int "$(field "$a" static_rps)"))"
		if [[ -n $(field "$a" nginx_rps) ]]; then
			ncol="$(fmt_int "$(field "$a" nginx_rps)") ($(field "$a" raw_nginx_ratio)%)"
			gcol="$(fmt_int "$(field "$a" gzip_rps)") / $(fmt_int "$(field "$a" nginx_gzip_rps)") ($(field "$a" gzip_ratio)%)"
		fi
	else
		acol="–"
	fi
	if [[ -n $v ]]; then
		vcol=$(fmt_int "$(field "$v" ack_rps)")
		p99=$(field "$v" p99)
	else
		vcol="–" p99="–"
	fi
	checks=()
	if [[ ${RESULT[article-$db-$n-rc]} == 0 && $(field "$a" status) == ok ]]; then
		checks+=("article ok")
	else
		checks+=("article FAIL")
	fi
	if [[ ${RESULT[votes-$db-$n-rc]} == 0 && $(field "$v" status) == ok ]]; then
		checks+=("votes ok")
	else
		checks+=("votes FAIL$([[ -n $v ]] && echo " (non-200 $(field "$v" non200), socket errors $(field "$v" errors), consistent $(field "$v" consistent))")")
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$n" "$acol" "$ncol" "$gcol" "$vcol" "$p99" "${checks[0]}, ${checks[1]}"
done
echo
echo "Machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)), $(uname -sr), $(go version | awk '{print $3}'), PostgreSQL $(psql "$PGURL" -X -At -c 'SHOW server_version' 2>/dev/null | awk '{print $1}') on the same machine."
echo "wrk, every supple process, the static server, nginx and PostgreSQL all share the machine's $(nproc) CPUs,"
echo "so 2 instances measure correctness and contention (two processes, one database) more than scaling;"
echo "on separate machines the numbers would differ. Compare rows from one run only."
echo "\"checks\": no non-200 responses or socket errors, stored count and supple_votes_total in range,"
echo "every instance's count equal to the database's, no WARN/ERROR in the server logs."
echo
if ((failed)) || [[ ${KEEP:-0} == 1 ]]; then
	echo "Logs of every run: $LOGS"
else
	rm -rf "$LOGS"
fi
exit "$failed"
