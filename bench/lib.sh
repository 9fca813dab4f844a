# shellcheck shell=bash
# Shared helpers for bench/article.sh and bench/votes.sh. Source it; do not
# run it. Expects `set -euo pipefail` in the caller.
#
# After bench_init: ROOT (the repository), WORK (a temp dir with the binaries,
# the data dir and the server logs), BIN, DATA, SUPPLE_LOG_FILE, and DB_ARGS
# (the supple flags that select the database: -data DIR or -db URL).
#
# DB=sqlite (default) or DB=postgres. With postgres, bench_init creates a
# fresh database through the admin URL PGURL and the EXIT trap drops it.
# INSTANCES=N (default 1; more only with postgres) starts N supple processes
# on N ports against the same database; start_supple fills SUPPLE_PIDS,
# PORTS, BASES and SUPPLE_LOGS (index 0 is the first instance, also in
# SUPPLE_PID, PORT, BASE and SUPPLE_LOG_FILE).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SLUG=${SLUG:-exercise-for-back-pain}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
DB=${DB:-sqlite}
INSTANCES=${INSTANCES:-1}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable}

# Server pids this script started; the EXIT trap stops exactly these.
BENCH_PIDS=()
SUPPLE_PIDS=()
PORTS=()
BASES=()
SUPPLE_LOGS=()
DB_ARGS=()
PG_DBNAME=''   # the database we created (and drop at exit), if any
DB_URL=''

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_wrk() {
	if ! command -v wrk >/dev/null 2>&1; then
		printf '%s\n' \
			"error: wrk is not installed. On Debian or Ubuntu install it with:" "" \
			"    sudo apt-get update && sudo apt-get install -y --no-install-recommends wrk" "" \
			"(macOS: brew install wrk)" >&2
		exit 1
	fi
	command -v curl >/dev/null 2>&1 || die "curl is not installed (apt-get install -y curl)"
	command -v go >/dev/null 2>&1 || die "go is not on PATH"
}

bench_init() {
	need_wrk
	[[ $DURATION =~ ^[0-9]+$ && $DURATION -gt 0 ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
	[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP must be a whole number of seconds, got '$WARMUP'"
	[[ $DB == sqlite || $DB == postgres ]] || die "DB must be sqlite or postgres, got '$DB'"
	[[ $INSTANCES =~ ^[1-9][0-9]*$ ]] || die "INSTANCES must be 1 or more, got '$INSTANCES'"
	if [[ $DB == sqlite && $INSTANCES -ne 1 ]]; then
		die "INSTANCES=$INSTANCES needs DB=postgres (instances share one database; SQLite is one process's)"
	fi
	if ((INSTANCES > 1)); then
		# wrk gives each thread one instance (bench/targets.lua, bench/vote.lua).
		((THREADS >= INSTANCES && THREADS % INSTANCES == 0)) ||
			die "THREADS ($THREADS) must be a multiple of INSTANCES ($INSTANCES): each wrk thread drives one instance"
		((CONNS % THREADS == 0)) || die "CONNS ($CONNS) must be a multiple of THREADS ($THREADS)"
	fi
	if [[ $DB == postgres ]]; then
		command -v psql >/dev/null 2>&1 || die "psql is not installed (apt-get install -y postgresql-client)"
	fi
	# A SUPPLE_* variable in the caller's environment would change the server
	# under test (every flag can be set that way); run with the defaults.
	local v
	for v in $(compgen -e); do
		[[ $v == SUPPLE_* ]] && unset "$v"
	done
	[[ $DB == postgres ]] && pg_check
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/supple-bench.XXXXXX")
	BIN=$WORK/bin
	DATA=$WORK/data
	SUPPLE_LOG_FILE=$WORK/supple.log
	mkdir -p "$BIN" "$DATA"
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	if [[ $DB == postgres ]]; then
		pg_create
		DB_ARGS=(-db "$DB_URL")
	else
		DB_ARGS=(-data "$DATA")
	fi
}

# redact URL: the URL with any password replaced by ***.
redact() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# pg_url_with_db URL NAME: URL with its database (the path) replaced by NAME.
pg_url_with_db() {
	local url=$1 name=$2 query='' rest scheme
	if [[ $url == *\?* ]]; then
		query="?${url#*\?}"
		url=${url%%\?*}
	fi
	scheme=${url%%://*}
	rest=${url#*://}
	rest=${rest%%/*}
	printf '%s://%s/%s%s\n' "$scheme" "$rest" "$name" "$query"
}

# pg_is_local: whether PGURL's host is this machine (loopback or a socket).
pg_is_local() {
	local h=${PGURL#*://}
	h=${h%%[/?]*}
	h=${h##*@}
	h=${h%:*}
	[[ -z $h || $h == 127.* || $h == localhost || $h == '[::1]' ]]
}

# pg_admin SQL: run SQL through the admin URL PGURL.
pg_admin() { psql "$PGURL" -X -q -v ON_ERROR_STOP=1 -At -c "$1"; }

# pg_check stops with a hint if PostgreSQL cannot be reached through PGURL.
pg_check() {
	local err
	if ! err=$(pg_admin 'SELECT 1' 2>&1 >/dev/null); then
		die "cannot reach PostgreSQL at $(redact "$PGURL") ($err). Start one (see 'PostgreSQL and several instances' in bench/README.md) or set PGURL to an admin URL of a server where you may create databases"
	fi
}

# pg_create makes a fresh, empty database for this run and sets DB_URL.
pg_create() {
	PG_DBNAME=supple_bench_$(date +%s)_$$_$RANDOM
	log "creating database $PG_DBNAME"
	pg_admin "CREATE DATABASE $PG_DBNAME" || { PG_DBNAME=''; die "could not create a database through $(redact "$PGURL")"; }
	DB_URL=$(pg_url_with_db "$PGURL" "$PG_DBNAME")
}

# pg_drop drops the database pg_create made (unless KEEP=1).
pg_drop() {
	[[ -n $PG_DBNAME ]] || return 0
	if [[ ${KEEP:-0} == 1 ]]; then
		printf "Database kept: %s (drop it with: psql '%s' -c 'DROP DATABASE %s')\n" "$(redact "$DB_URL")" "$(redact "$PGURL")" "$PG_DBNAME" >&2
		return 0
	fi
	if pg_admin "DROP DATABASE IF EXISTS $PG_DBNAME WITH (FORCE)" >/dev/null 2>&1; then
		log "dropped database $PG_DBNAME"
	else
		printf 'warning: could not drop database %s; drop it by hand\n' "$PG_DBNAME" >&2
	fi
	PG_DBNAME=''
}

# bench_cleanup stops the servers we started. On failure it prints the last
# lines of every server log and keeps WORK; on success it removes WORK unless
# KEEP=1.
bench_cleanup() {
	local rc=$?
	local pid
	for pid in "${BENCH_PIDS[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done
	for pid in "${BENCH_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	pg_drop
	[[ -n ${WORK:-} && -d ${WORK:-} ]] || return
	if [[ $rc -ne 0 ]]; then
		local f
		for f in "$WORK"/*.log; do
			[[ -f $f ]] || continue
			printf '\n---- last lines of %s ----\n' "$f" >&2
			tail -n 30 "$f" >&2
		done
		printf '\nFAILED (exit %d). Logs and data kept in %s\n' "$rc" "$WORK" >&2
	elif [[ ${KEEP:-0} == 1 ]]; then
		printf 'Logs and data kept in %s\n' "$WORK" >&2
	else
		rm -rf "$WORK"
	fi
}

build_supple() {
	log "building supple into $BIN"
	(cd "$ROOT" && go build -o "$BIN/supple" ./cmd/supple)
}

build_staticserve() { build_bench_tool staticserve; }

# build_bench_tool NAME: build ./bench/NAME into $BIN/NAME.
build_bench_tool() {
	log "building $1 into $BIN"
	(cd "$ROOT" && go build -o "$BIN/$1" "./bench/$1")
}

# sqlite_only SCRIPT: stop unless DB=sqlite.
sqlite_only() { [[ $DB == sqlite ]] || die "$1 runs on SQLite only"; }

# free_port prints a loopback TCP port nobody is listening on right now.
# (Another process may still take it before we do; start_* retry.)
free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	die "found no free loopback port"
}

# wait_ready URL PID NAME: poll URL until it answers 2xx, as long as PID lives.
wait_ready() {
	local url=$1 pid=$2 name=$3 i
	for ((i = 0; i < 300; i++)); do # 30 s
		if ! kill -0 "$pid" 2>/dev/null; then
			return 1
		fi
		if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	die "$name did not become ready at $url within 30 s"
}

# start_supple starts INSTANCES `supple serve` processes on free loopback
# ports with DB_ARGS, one after the other (the first one sets up a new
# database and imports the articles; the others find them), and waits for
# each one's /healthz. Every instance after the first gets the first one's
# address as -base-url, as instances behind one load balancer would share the
# public URL, so all of them render the same bytes. Sets SUPPLE_PIDS, PORTS,
# BASES, SUPPLE_LOGS, and SUPPLE_PID, PORT, BASE, SUPPLE_LOG_FILE for the
# first instance.
start_supple() {
	local i
	for ((i = 0; i < INSTANCES; i++)); do
		start_one_supple "$i"
	done
	# shellcheck disable=SC2034 # for the scripts that source this file
	SUPPLE_PID=${SUPPLE_PIDS[0]} PORT=${PORTS[0]} BASE=${BASES[0]} SUPPLE_LOG_FILE=${SUPPLE_LOGS[0]}
}

# start_one_supple I: start instance I (0-based).
start_one_supple() {
	local i=$1 _ port base logf pid extra=()
	logf=$WORK/supple.log
	((i == 0)) || logf=$WORK/supple-$((i + 1)).log
	((i == 0)) || extra=(-base-url "${BASES[0]}")
	for _ in 1 2 3; do
		port=$(free_port)
		base=http://127.0.0.1:$port
		log "starting supple #$((i + 1)) on $base ($DB $(db_label), log $logf)"
		"$BIN/supple" serve -addr "127.0.0.1:$port" "${DB_ARGS[@]}" "${extra[@]}" \
			-vote-limit 0 -feedback-limit 0 -access-log=false >>"$logf" 2>&1 &
		pid=$!
		BENCH_PIDS+=("$pid")
		if wait_ready "$base/healthz" "$pid" "supple #$((i + 1))"; then
			[[ $(curl -fsS "$base/healthz") == ok* ]] || die "supple #$((i + 1)) /healthz did not say ok"
			SUPPLE_PIDS+=("$pid")
			PORTS+=("$port")
			BASES+=("$base")
			SUPPLE_LOGS+=("$logf")
			return 0
		fi
		wait "$pid" 2>/dev/null || true
		if grep -q "listen on 127.0.0.1:$port" "$logf"; then
			log "port $port was taken meanwhile; trying another"
			continue
		fi
		die "supple #$((i + 1)) exited during start"
	done
	die "supple #$((i + 1)) could not listen after 3 tries"
}

# db_label: where the data lives, for messages (no password).
db_label() {
	if [[ $DB == postgres ]]; then redact "$DB_URL"; else echo "$DATA"; fi
}

# stop_supple sends SIGTERM (a graceful shutdown that commits queued votes)
# to every instance and waits up to 30 s for them to exit.
stop_supple() {
	local i pid rc
	for pid in "${SUPPLE_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for ((i = 0; i < 300; i++)); do
		rc=0
		for pid in "${SUPPLE_PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null && rc=1
		done
		((rc == 0)) && break
		sleep 0.1
	done
	for pid in "${SUPPLE_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null && die "supple (pid $pid) did not stop within 30 s of SIGTERM"
		rc=0
		wait "$pid" 2>/dev/null || rc=$?
		[[ $rc -eq 0 ]] || log "warning: supple (pid $pid) exited with status $rc"
	done
}

# wrk_targets: for INSTANCES > 1, the TARGETS value for bench/targets.lua and
# bench/vote.lua ("127.0.0.1:P1,127.0.0.1:P2"); empty for one instance.
wrk_targets() {
	((INSTANCES > 1)) || return 0
	local IFS=,
	local t=()
	local p
	for p in "${PORTS[@]}"; do t+=("127.0.0.1:$p"); done
	echo "${t[*]}"
}

# metric_sum BASE AWK-CONDITION: the sum of the /metrics samples whose line
# matches the awk condition (e.g. '$1 ~ /^supple_votes_total/').
metric_sum() {
	curl -fsS "$1/metrics" | awk "$2"' { s += $NF } END { printf "%d", s }'
}

# start_static FILE: serve FILE with staticserve on a free port. Sets
# STATIC_PID and STATIC_BASE.
start_static() {
	local file=$1 _ port
	for _ in 1 2 3; do
		port=$(free_port)
		STATIC_BASE=http://127.0.0.1:$port
		log "starting staticserve on $STATIC_BASE"
		"$BIN/staticserve" -addr "127.0.0.1:$port" -file "$file" >>"$WORK/staticserve.log" 2>&1 &
		STATIC_PID=$!
		BENCH_PIDS+=("$STATIC_PID")
		if wait_ready "$STATIC_BASE/" "$STATIC_PID" staticserve; then
			return 0
		fi
		wait "$STATIC_PID" 2>/dev/null || true
		grep -q 'address already in use' "$WORK/staticserve.log" && continue
		die "staticserve exited during start"
	done
	die "staticserve could not listen after 3 tries"
}

# need_nginx: nginx is the peer article.sh compares with. Without it, root
# installs it with apt-get; anyone else gets the command to run.
need_nginx() {
	NGINX_BIN=$(command -v nginx || true)
	[[ -z $NGINX_BIN && -x /usr/sbin/nginx ]] && NGINX_BIN=/usr/sbin/nginx
	[[ -n $NGINX_BIN ]] && return 0
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
		log "installing nginx with apt-get"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null ||
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; } ||
			die "could not install nginx"
		NGINX_BIN=/usr/sbin/nginx
		return 0
	fi
	die "nginx is not installed: sudo apt-get install -y --no-install-recommends nginx (or NGINX=0 to leave it out)"
}

# start_nginx FILE GZFILE: nginx in the foreground with its own config
# under WORK, serving FILE at /articles/$SLUG and, to clients that accept
# gzip, GZFILE's bytes (gzip_static). Sets NGINX_BASE.
start_nginx() {
	local file=$1 gz=$2 dir=$WORK/nginx port _
	mkdir -p "$dir/root/articles" "$dir/tmp"
	chmod 755 "$WORK" # nginx workers (nobody, when started as root) read the root
	cp "$file" "$dir/root/articles/$SLUG"
	cp "$gz" "$dir/root/articles/$SLUG.gz"
	touch -r "$dir/root/articles/$SLUG" "$dir/root/articles/$SLUG.gz"
	for _ in 1 2 3; do
		port=$(free_port)
		NGINX_BASE=http://127.0.0.1:$port
		cat >"$dir/nginx.conf" <<-CONF
			daemon off;
			worker_processes auto;
			pid $dir/nginx.pid;
			error_log $dir/error.log warn;
			events { worker_connections 4096; }
			http {
			  access_log off;
			  sendfile on;
			  tcp_nopush on;
			  keepalive_requests 100000;
			  default_type "text/html; charset=utf-8";
			  client_body_temp_path $dir/tmp/body;
			  proxy_temp_path $dir/tmp/proxy;
			  fastcgi_temp_path $dir/tmp/fastcgi;
			  uwsgi_temp_path $dir/tmp/uwsgi;
			  scgi_temp_path $dir/tmp/scgi;
			  server {
			    listen 127.0.0.1:$port;
			    root $dir/root;
			    gzip_static on;
			    gzip_vary on;
			  }
			}
		CONF
		log "starting nginx on $NGINX_BASE ($("$NGINX_BIN" -v 2>&1 | sed 's/.*: //'))"
		"$NGINX_BIN" -c "$dir/nginx.conf" -p "$dir" >>"$WORK/nginx.log" 2>&1 &
		NGINX_PID=$!
		BENCH_PIDS+=("$NGINX_PID")
		if wait_ready "$NGINX_BASE/articles/$SLUG" "$NGINX_PID" nginx; then
			return 0
		fi
		wait "$NGINX_PID" 2>/dev/null || true
		grep -q 'Address already in use' "$dir/error.log" "$WORK/nginx.log" 2>/dev/null && continue
		die "nginx exited during start"
	done
	die "nginx could not listen after 3 tries"
}

# server_problems FILE...: print the log lines at level WARN or ERROR (or Go
# panics) and return 1 if there were any in any of the files.
server_problems() {
	local f rc=0
	for f in "$@"; do
		if grep -E 'level=(WARN|ERROR)|"level":"(WARN|ERROR)"|panic|fatal error' "$f" >"$WORK/problems.txt"; then
			printf '%s has %d WARN/ERROR lines (first 20):\n' "$(basename "$f")" "$(wc -l <"$WORK/problems.txt")"
			head -n 20 "$WORK/problems.txt"
			rc=1
		fi
	done
	return "$rc"
}

print_machine() {
	local model
	model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
	if [[ -z $model ]]; then
		model=$(lscpu 2>/dev/null | awk -F': +' '/^Model name/ {print $2; exit}' || true)
	fi
	echo "Machine"
	echo "  nproc:      $(nproc)"
	echo "  CPU model:  ${model:-unknown}"
	echo "  kernel:     $(uname -sr)"
	echo "  go version: $(go version)"
	echo "  wrk:        $(wrk -v 2>&1 | head -n 1 || true)"
	[[ -n ${NGINX_BIN:-} ]] && echo "  nginx:      $("$NGINX_BIN" -v 2>&1 | sed 's/.*: //') (worker_processes auto: $(nproc))"
	echo "  note:       wrk and the server share these CPUs; results are for comparison on one machine"
	if [[ $DB == postgres ]]; then
		echo "  database:   PostgreSQL, $INSTANCES supple instance(s) on one database"
		echo "  server:     $(psql "$DB_URL" -X -At -c 'SHOW server_version' 2>/dev/null || echo unknown)"
		local settings dd fs
		settings=$(psql "$DB_URL" -X -At -c "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections')" 2>/dev/null || echo unknown)
		echo "  settings:   $settings"
		if [[ " $settings " == *" fsync=off "* || " $settings " == *" synchronous_commit=off "* ]]; then
			echo "  WARNING: PostgreSQL does not wait for the disk (fsync or synchronous_commit is off), so a 200 is not durable and votes/s means little"
		fi
		if pg_is_local && dd=$(psql "$DB_URL" -X -At -c 'SHOW data_directory' 2>/dev/null) && [[ -n $dd ]]; then
			fs=$(findmnt -n -o FSTYPE -T "$dd" 2>/dev/null || echo "unknown (not on this machine?)")
			echo "  pg data:    $dd on $fs"
			if [[ $fs == tmpfs || $fs == ramfs ]]; then
				echo "  WARNING: PostgreSQL's data is in memory, so fsync costs nothing; votes/s is not a disk number"
			fi
		fi
		if pg_is_local; then
			echo "  note:       PostgreSQL runs on the same machine and shares the CPUs too"
		fi
		((INSTANCES > 1)) && echo "  note:       $INSTANCES instances on $(nproc) CPUs measure correctness and contention more than scaling"
	else
		echo "  database:   SQLite in $DATA"
	fi
	return 0
}

# fsync_rate DIR: synchronous 4 KiB writes a second in DIR (dd oflag=dsync),
# a rough measure of what a durable commit costs on this disk right now.
fsync_rate() {
	local out secs
	command -v dd >/dev/null 2>&1 || { echo "unknown (no dd)"; return; }
	out=$(LC_ALL=C dd if=/dev/zero of="$1/.fsync-probe" bs=4k count=500 oflag=dsync 2>&1) || { echo "unknown (dd failed)"; return; }
	rm -f "$1/.fsync-probe"
	secs=$(awk '/copied/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^s,?$/) { print $i; exit } }' <<<"$out")
	if [[ -n $secs ]]; then
		awk -v s="$secs" 'BEGIN { printf "%.0f/s (%.0f us each)\n", 500 / s, s / 500 * 1e6 }'
	else
		echo unknown
	fi
}

# wrk_field FILE: helpers that read wrk's standard output.
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1; exit}' "$1"; }
# wrk_latency FILE: "avg stdev max" of the Latency thread-stats line.
wrk_latency() { awk '$1 == "Latency" && NF >= 4 {print $2, $3, $4; exit}' "$1"; }
# wrk_pct FILE P: a percentile from the --latency distribution (P = 50, 75, 90, 99).
wrk_pct() { awk -v p="$2%" '$1 == p {print $2; exit}' "$1"; }
wrk_non2xx() { awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$1"; }
wrk_sockerr() { grep -E '^ +Socket errors' "$1" | sed 's/^ *//' || true; }
