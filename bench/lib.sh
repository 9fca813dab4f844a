# shellcheck shell=bash
# Shared helpers for bench/article.sh and bench/votes.sh. Source it; do not
# run it. Expects `set -euo pipefail` in the caller.
#
# After bench_init: ROOT (the repository), WORK (a temp dir with the binaries,
# the data dir and the server logs), BIN, DATA, SUPPLE_LOG_FILE.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SLUG=${SLUG:-exercise-for-back-pain}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}

# Server pids this script started; the EXIT trap stops exactly these.
BENCH_PIDS=()

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
	# A SUPPLE_* variable in the caller's environment would change the server
	# under test (every flag can be set that way); run with the defaults.
	local v
	for v in $(compgen -e); do
		[[ $v == SUPPLE_* ]] && unset "$v"
	done
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/supple-bench.XXXXXX")
	BIN=$WORK/bin
	DATA=$WORK/data
	SUPPLE_LOG_FILE=$WORK/supple.log
	mkdir -p "$BIN" "$DATA"
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
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

build_staticserve() {
	log "building staticserve into $BIN"
	(cd "$ROOT" && go build -o "$BIN/staticserve" ./bench/staticserve)
}

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

# start_supple starts `supple serve` on a free loopback port with DATA, and
# waits for /healthz. Sets SUPPLE_PID, PORT and BASE.
start_supple() {
	local _
	for _ in 1 2 3; do
		PORT=$(free_port)
		BASE=http://127.0.0.1:$PORT
		log "starting supple on $BASE (data $DATA, log $SUPPLE_LOG_FILE)"
		"$BIN/supple" serve -addr "127.0.0.1:$PORT" -data "$DATA" \
			-vote-limit 0 -feedback-limit 0 -access-log=false >>"$SUPPLE_LOG_FILE" 2>&1 &
		SUPPLE_PID=$!
		BENCH_PIDS+=("$SUPPLE_PID")
		if wait_ready "$BASE/healthz" "$SUPPLE_PID" supple; then
			[[ $(curl -fsS "$BASE/healthz") == ok* ]] || die "supple /healthz did not say ok"
			return 0
		fi
		wait "$SUPPLE_PID" 2>/dev/null || true
		if grep -q "listen on 127.0.0.1:$PORT" "$SUPPLE_LOG_FILE"; then
			log "port $PORT was taken meanwhile; trying another"
			continue
		fi
		die "supple exited during start"
	done
	die "supple could not listen after 3 tries"
}

# stop_supple sends SIGTERM (a graceful shutdown that commits queued votes)
# and waits up to 30 s for the process to exit.
stop_supple() {
	local i
	kill -TERM "$SUPPLE_PID" 2>/dev/null || return 0
	for ((i = 0; i < 300; i++)); do
		kill -0 "$SUPPLE_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$SUPPLE_PID" 2>/dev/null && die "supple did not stop within 30 s of SIGTERM"
	local rc=0
	wait "$SUPPLE_PID" 2>/dev/null || rc=$?
	[[ $rc -eq 0 ]] || log "warning: supple exited with status $rc"
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

# server_problems FILE: print the log lines at level WARN or ERROR (or Go
# panics) and return 1 if there were any.
server_problems() {
	local f=$1
	if grep -E 'level=(WARN|ERROR)|"level":"(WARN|ERROR)"|panic|fatal error' "$f" >"$WORK/problems.txt"; then
		printf 'Server log has %d WARN/ERROR lines (first 20):\n' "$(wc -l <"$WORK/problems.txt")"
		head -n 20 "$WORK/problems.txt"
		return 1
	fi
	return 0
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
	echo "  note:       wrk and the server share these CPUs; results are for comparison on one machine"
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
