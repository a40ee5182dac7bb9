#!/usr/bin/env bash
# Benchmarks of kehoach on a generated plan of 1000 units × 100 duties
# (≈ 30 MB, 100 004 duties) and, for comparison, one of 10 × 10.
#
#   bash tests/bench/bench.sh KEHOACH GEN_PLAN [SECTION…]
#
# SECTION is any of sync, nochange, mark, touch, memory (default: all).
# Prints one line per figure with its target and exits 1 when a target is
# missed (2 on a usage or setup error). Times come from hyperfine when it is
# installed (else a loop over `date +%s%N`, which adds a few ms of fork/exec
# noise), peak memory from /usr/bin/time -f %M. A figure is checked against
# its target by its median; the minimum is shown beside it.
#
# Needs: hyperfine (optional but preferred) and the `time` package
# (/usr/bin/time; the shell keyword cannot report memory). BENCH_NO_HYPERFINE=1
# forces the fallback timer.
set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: bench.sh KEHOACH GEN_PLAN [sync|nochange|mark|touch|memory …]" >&2
	exit 2
fi
kehoach=$(realpath "$1")
gen=$(realpath "$2")
shift 2
sections=" ${*:-sync nochange mark touch memory} "
want() { [[ $sections == *" $1 "* ]]; }

# A fixed day in the middle of the plan period (2022-01-19 … 2022-02-15):
# the before phase has ended, so many duties are overdue.
today=2022-02-01
units=1000 duties=100 seed=1
sync_runs=3

export LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh
unset KEHOACH_TODAY KEHOACH_PLANS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/xdg-data XDG_CONFIG_HOME=$tmp/xdg-config
mkdir -p "$tmp/big" "$tmp/small"

have_hyperfine=false
if [ -z "${BENCH_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
	have_hyperfine=true
else
	echo "note: hyperfine not found (or BENCH_NO_HYPERFINE set); timing with a date +%s%N loop" >&2
fi
have_time=false
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	have_time=true
else
	echo "note: /usr/bin/time (package 'time') not found; memory not measured" >&2
fi

failures=0
missed=()

# kh_cmd big|small ARGS…: prints the command line of kehoach on one of the
# plans (for hyperfine); kh big|small ARGS…: runs it.
kh_cmd() {
	local which=$1
	shift
	printf '%s' "$kehoach --db $tmp/$which.db --plans $tmp/$which --today $today $*"
}
kh() {
	local which=$1
	shift
	"$kehoach" --db "$tmp/$which.db" --plans "$tmp/$which" --today "$today" "$@"
}

# verdict NAME VALUE LIMIT TEXT TARGET_TEXT: prints one line; counts a miss
# when the integer VALUE exceeds the integer LIMIT (LIMIT '': no target).
verdict() {
	local name=$1 value=$2 limit=$3 text=$4 target=$5 status=ok
	if [ -z "$limit" ]; then
		status="(no target)"
	elif [ "$value" -gt "$limit" ]; then
		status=MISSED
		failures=$((failures + 1))
		missed+=("$name")
	fi
	printf '%-50s %-46s %-18s %s\n' "$name" "$text" "$target" "$status"
}

# measure NAME TARGET_MS RUNS WARMUP PREPARE COMMAND
# PREPARE ('' for none) runs before every run, untimed; COMMAND is timed.
# Both are plain command lines without shell syntax (paths have no spaces).
measure() {
	local name=$1 target=$2 runs=$3 warmup=$4 prepare=$5 cmd=$6
	local min_us med_us
	if $have_hyperfine; then
		local json=$tmp/hf.json
		local args=(-N --style basic --runs "$runs" --warmup "$warmup"
			--export-json "$json")
		[ -n "$prepare" ] && args+=(--prepare "$prepare")
		if ! hyperfine "${args[@]}" "$cmd" >"$tmp/hf.log" 2>&1; then
			cat "$tmp/hf.log" >&2
			echo "$name: the command failed: $cmd" >&2
			exit 2
		fi
		read -r min_us med_us < <(awk '
			/"min":/    { gsub(/[",]/, "", $2); min = $2 }
			/"median":/ { gsub(/[",]/, "", $2); med = $2 }
			END { printf "%d %d\n", min * 1e6 + 0.5, med * 1e6 + 0.5 }' "$json")
	else
		local i t0 t1 times=()
		for ((i = 0; i < warmup + runs; i++)); do
			if [ -n "$prepare" ]; then $prepare >/dev/null 2>&1; fi
			t0=$(date +%s%N)
			if ! $cmd >/dev/null 2>&1; then
				echo "$name: the command failed: $cmd" >&2
				exit 2
			fi
			t1=$(date +%s%N)
			if ((i >= warmup)); then times+=($(((t1 - t0 + 500) / 1000))); fi
		done
		read -r min_us med_us < <(printf '%s\n' "${times[@]}" | sort -n | awk '
			{ t[NR] = $1 }
			END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			      printf "%d %d\n", t[1], m }')
	fi
	# Compared in microseconds, so that 50.4 ms misses a 50 ms target.
	verdict "$name" "$med_us" $((target * 1000)) \
		"$(awk -v m="$med_us" -v n="$min_us" -v r="$runs" \
			'BEGIN { printf "median %7.1f ms, min %7.1f ms (%d runs)", m / 1000, n / 1000, r }')" \
		"target <= $target ms"
}

# peak NAME TARGET_MIB PREPARE COMMAND: peak RSS of one run (TARGET_MIB ''
# for none).
peak() {
	local name=$1 target=$2 prepare=$3 cmd=$4
	$have_time || return 0
	if [ -n "$prepare" ]; then $prepare >/dev/null 2>&1; fi
	# shellcheck disable=SC2086 # cmd is a command line: split it into words
	if ! /usr/bin/time -f %M -o "$tmp/rss" $cmd >/dev/null 2>"$tmp/rss.err"; then
		cat "$tmp/rss.err" >&2
		echo "$name: the command failed: $cmd" >&2
		exit 2
	fi
	local kib
	kib=$(tail -n 1 "$tmp/rss")
	verdict "$name" "$kib" "${target:+$((target * 1024))}" \
		"$(awk -v k="$kib" 'BEGIN { printf "%.1f MiB (%d KiB)", k / 1024, k }')" \
		"${target:+target <= $target MiB}"
}

# ---- the plans ------------------------------------------------------------

t0=$(date +%s%N)
"$gen" -o "$tmp/big/bench-plan.yaml" "$units" "$duties" "$seed"
t1=$(date +%s%N)
"$gen" -o "$tmp/small/bench-plan.yaml" 10 10 "$seed"
big_bytes=$(stat -c %s "$tmp/big/bench-plan.yaml")
echo "plan: $units units × $duties duties, $(awk -v b="$big_bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }')," \
	"generated in $(((t1 - t0) / 1000000)) ms; small plan 10 × 10; --today $today;" \
	"timer: $($have_hyperfine && echo hyperfine || echo 'date loop')"

fresh_db() {
	printf '%s' "rm -f $tmp/$1.db $tmp/$1.db-wal $tmp/$1.db-shm $tmp/$1.db-journal"
}

# ---- cold sync ------------------------------------------------------------

if want sync; then
	measure "sync, cold (fresh db, 1000×100)" 1100 "$sync_runs" 0 \
		"$(fresh_db big)" "$(kh_cmd big sync)"
	peak "sync, cold: peak RSS" 64 "$(fresh_db big)" "$(kh_cmd big sync)"
fi

# Every later section starts from a synced database.
kh big sync >/dev/null
kh small sync >/dev/null

# ---- no plan changed ------------------------------------------------------

if want nochange; then
	for which in big small; do
		label=$([ $which = big ] && echo 1000×100 || echo 10×10)
		measure "units, no change ($label)" 50 30 3 "" "$(kh_cmd $which units)"
		unit=$([ $which = big ] && echo u0500 || echo u0005)
		measure "list --overdue --unit $unit, no change ($label)" 20 30 3 "" \
			"$(kh_cmd $which list --overdue --unit "$unit")"
	done
fi

# ---- a mark ---------------------------------------------------------------

if want mark; then
	# Each timed `done` follows an untimed `reopen`, so every run changes
	# the status and appends history.
	measure "done u0500-050 (1000×100)" 20 30 3 \
		"$(kh_cmd big reopen u0500-050)" "$(kh_cmd big "done" u0500-050)"
fi

# ---- the plan file touched, content unchanged -----------------------------

if want touch; then
	measure "units after touch (1000×100, rehash)" 500 10 1 \
		"touch $tmp/big/bench-plan.yaml" "$(kh_cmd big units)"
fi

# ---- memory ---------------------------------------------------------------

if want memory; then
	peak "list --overdue --unit u0500: peak RSS" "" "" \
		"$(kh_cmd big list --overdue --unit u0500)"
	peak "done u0500-050: peak RSS" "" "$(kh_cmd big reopen u0500-050)" \
		"$(kh_cmd big "done" u0500-050)"
fi

if [ "$failures" -gt 0 ]; then
	echo "MISSED $failures target(s): ${missed[*]}"
	exit 1
fi
echo "all targets met"
