#!/usr/bin/env bash
# Benchmarks of kehoach on a generated plan of 1000 units × 100 duties
# (≈ 30 MB, 100 004 duties) and, for comparison, one of 10 × 10.
#
#   bash tests/bench/bench.sh KEHOACH GEN_PLAN [SECTION…]
#
# SECTION is any of sync, nochange, mark, touch, report, stats, memory, tui,
# summary (default: all).
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
	echo "usage: bench.sh KEHOACH GEN_PLAN [sync|nochange|mark|touch|report|memory|tui|summary …]" >&2
	exit 2
fi
kehoach=$(realpath "$1")
gen=$(realpath "$2")
# The same-run limits of a sync (libyaml alone, SQLite alone), built
# beside gen_plan.
sync_limits=$(dirname "$gen")/sync_limits
shift 2
sections=" ${*:-sync nochange mark touch report stats brief memory tui summary} "
want() { [[ $sections == *" $1 "* ]]; }

# A fixed day in the middle of the plan period (2022-01-19 … 2022-02-15):
# the before phase has ended, so many duties are overdue.
today=2022-02-01
units=1000 duties=100 seed=1
sync_runs=3
# Headless interface sessions (the tui section); BENCH_TUI_RUNS overrides.
tui_runs=${BENCH_TUI_RUNS:-5}

export LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh
unset KEHOACH_TODAY KEHOACH_PLANS KEHOACH_TUI_KEYS KEHOACH_TUI_SIZE \
	KEHOACH_TUI_SCREEN KEHOACH_TUI_TIMING NO_COLOR

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

# measure NAME TARGET_MS RUNS WARMUP PREPARE COMMAND (TARGET_MS '': a figure
# without a target)
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
	last_median_us=$med_us
	verdict "$name" "$med_us" "${target:+$((target * 1000))}" \
		"$(awk -v m="$med_us" -v n="$min_us" -v r="$runs" \
			'BEGIN { printf "median %7.1f ms, min %7.1f ms (%d runs)", m / 1000, n / 1000, r }')" \
		"${target:+target <= $target ms}"
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

# A sync must parse the file (libyaml) and insert its rows (SQLite); one
# after the other they take their sum. Reading on one core while writing
# on the other, a sync comes within 1.3 × that sum. Both are measured in
# this run, on this machine, by sync_limits (tests/bench/sync_limits.c).
if want sync; then
	if [ ! -x "$sync_limits" ]; then
		echo "sync: $sync_limits is missing (build the benchmarks)" >&2
		exit 2
	fi
	kh big sync >/dev/null
	read -r parse_ms insert_ms < <("$sync_limits" "$tmp/big/bench-plan.yaml" "$tmp/big.db" 3)
	limit_ms=$(awk -v p="$parse_ms" -v i="$insert_ms" 'BEGIN { printf "%d", 1.3 * (p + i) }')
	printf '%-50s %s\n' "sync limit, same run (1000×100)" \
		"libyaml alone $parse_ms ms + SQLite alone $insert_ms ms; 1.3 × their sum = $limit_ms ms"
	measure "sync, cold (fresh db, 1000×100)" "$limit_ms" "$sync_runs" 0 \
		"$(fresh_db big)" "$(kh_cmd big sync)"
	awk -v m="$last_median_us" -v p="$parse_ms" -v i="$insert_ms" \
		'BEGIN { printf "%-50s %.2f × (libyaml alone + SQLite alone)\n", "sync, cold: ratio", m / 1000 / (p + i) }'
	peak "sync, cold: peak RSS" 32 "$(fresh_db big)" "$(kh_cmd big sync)"

	# One duty's text edited between runs (two copies of the file that
	# differ in that text, swapped in untimed): only that duty is written.
	kh big sync >/dev/null
	cp "$tmp/big/bench-plan.yaml" "$tmp/edit-a.yaml"
	sed '0,/^        text: "/s//        text: "Đã sửa: /' "$tmp/edit-a.yaml" >"$tmp/edit-b.yaml"
	printf '#!/bin/sh\n# Swaps in the other version of the plan.\nif cmp -s %s %s; then cp %s %s; else cp %s %s; fi\n' \
		"$tmp/big/bench-plan.yaml" "$tmp/edit-a.yaml" \
		"$tmp/edit-b.yaml" "$tmp/big/bench-plan.yaml" \
		"$tmp/edit-a.yaml" "$tmp/big/bench-plan.yaml" >"$tmp/swap-edit.sh"
	resync_ms=$(awk -v p="$parse_ms" 'BEGIN { printf "%d", p + 100 }')
	measure "re-sync after one duty's text edited (1000×100)" "$resync_ms" 5 1 \
		"sh $tmp/swap-edit.sh" "$(kh_cmd big sync)"
	printf '%-50s %s\n' "" "(target: libyaml alone $parse_ms ms + 100 ms)"
	cp "$tmp/edit-a.yaml" "$tmp/big/bench-plan.yaml"
fi

# Every later section starts from a synced database.
kh big sync >/dev/null
kh small sync >/dev/null

# ---- no plan changed ------------------------------------------------------

if want nochange; then
	# What any command costs on this machine before it opens the
	# database (exec, the libraries, the locale): the floor under the
	# figures below, measured in the same run. No target of its own.
	measure "process start alone (kehoach --version)" "" 30 3 "" "$kehoach --version"
	for which in big small; do
		label=$([ $which = big ] && echo 1000×100 || echo 10×10)
		measure "units, no change ($label)" 10 30 3 "" "$(kh_cmd $which units)"
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

# ---- printed documents ----------------------------------------------------

# A unit head prints a checklist while waiting: a unit's 100 duties, and
# the monthly report of the whole 100,000-assignment plan.
if want report; then
	measure "checklist --unit u0500, text (1000×100)" 100 20 2 "" \
		"$(kh_cmd big checklist --unit u0500 -o $tmp/u0500.txt)"
	measure "checklist --unit u0500, PDF (1000×100)" 1000 10 1 "" \
		"$(kh_cmd big checklist --unit u0500 -o $tmp/u0500.pdf)"
	measure "report --month 2022-01, text (1000×100)" 300 3 1 "" \
		"$(kh_cmd big report --month 2022-01 -o $tmp/month.txt)"
	# Some 40 s a run on this machine: one run, no warm-up. A figure
	# without a target: issue 17's 0.3 s is the text report's; the PDF's
	# limit is its peak memory below.
	measure "report --month 2022-01, PDF (1000×100)" "" 1 0 "" \
		"$(kh_cmd big report --month 2022-01 -o $tmp/month.pdf)"
	# Written as they are built: memory flat in the plan's size.
	peak "report --month 2022-01, text: peak RSS" 32 "" \
		"$(kh_cmd big report --month 2022-01 -o $tmp/month.txt)"
	peak "report --month 2022-01, PDF: peak RSS" 32 "" \
		"$(kh_cmd big report --month 2022-01 -o $tmp/month.pdf)"
	peak "checklist (every unit), text: peak RSS" 32 "" \
		"$(kh_cmd big checklist -o $tmp/all.txt)"
fi

# ---- the summary table (stats) --------------------------------------------

if want stats; then
	# Some of everything: done on time and late, extended, withdrawn.
	kh big --today 2022-01-20 "done" u0001-001 u0002-002 u0003-003 >/dev/null
	kh big "done" u0004-004 u0005-005 --on 2022-01-31 >/dev/null
	kh big extend u0006-006 --to 2022-03-01 --reason bench >/dev/null
	kh big cancel u0007-007 --reason bench >/dev/null
	measure "stats (1000 units, 100,000 assignments)" 100 10 2 "" \
		"$(kh_cmd big stats)"
	measure "stats --format json (100,000)" 100 10 2 "" \
		"$(kh_cmd big stats --format json)"
	measure "stats --from 2022-01-20 --to 2022-01-31 (100,000)" 100 10 2 "" \
		"$(kh_cmd big stats --from 2022-01-20 --to 2022-01-31)"
fi

# ---- a word at login ------------------------------------------------------

# kehoach brief at every login: for the office (every unit of the
# 100,000 assignments, with no heads set) and for a head of one unit.
if want brief; then
	measure "brief, the office (100,000 assignments)" 10 30 3 "" \
		"$(kh_cmd big brief)"
	printf 'heads:\n  %s: [u0500]\n' "$(id -un)" >"$tmp/heads.yaml"
	measure "brief, a head of u0500 (100,000 assignments)" 10 30 3 "" \
		"$(kh_cmd big --config "$tmp/heads.yaml" brief)"
fi

# ---- memory ---------------------------------------------------------------

if want memory; then
	# Every command within 32 MiB, however large the plans.
	peak "list --overdue --unit u0500: peak RSS" 32 "" \
		"$(kh_cmd big list --overdue --unit u0500)"
	peak "list (100,000 assignments): peak RSS" 32 "" "$(kh_cmd big list)"
	peak "units: peak RSS" 32 "" "$(kh_cmd big units)"
	peak "stats: peak RSS" 32 "" "$(kh_cmd big stats)"
	peak "export (100,000 events): peak RSS" 32 "" \
		"$(kh_cmd big export -o $tmp/all.ics)"
	peak "done u0500-050: peak RSS" 32 "$(kh_cmd big reopen u0500-050)" \
		"$(kh_cmd big "done" u0500-050)"
	# Flat in plan size: a cold sync and a check of the plan, then of one
	# twice as large (2000 × 100), each sync into a database of its own,
	# and what the second 100,000 duties added: at most 1 MiB (the units'
	# own rows grow with them; the duties are let go as they are read,
	# and what the checks keep of them is in a temporary database).
	mkdir -p "$tmp/double"
	"$gen" -o "$tmp/double/bench-plan.yaml" $((units * 2)) "$duties" "$seed"
	sync_kib=() check_kib=()
	for which in big double; do
		label=$([ $which = big ] && echo "${units}×${duties}" || echo "$((units * 2))×${duties}")
		peak "sync, cold ($label): peak RSS" 32 "rm -f $tmp/$which-cold.db" \
			"$kehoach --db $tmp/$which-cold.db --plans $tmp/$which --today $today sync"
		$have_time && sync_kib+=("$(tail -n 1 "$tmp/rss")")
		peak "check ($label): peak RSS" 32 "" \
			"$kehoach --db $tmp/$which-cold.db --plans $tmp/$which --today $today check"
		$have_time && check_kib+=("$(tail -n 1 "$tmp/rss")")
	done
	# growth NAME KIB_SMALL KIB_LARGE: what the second 100,000 duties added.
	growth() {
		verdict "$1" "$(($3 - $2))" 1024 \
			"$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.1f MiB", (b - a) / 1024 }')" \
			"target <= 1 MiB"
	}
	if [ ${#sync_kib[@]} = 2 ]; then
		growth "sync, cold: added by 100,000 duties more" "${sync_kib[@]}"
		growth "check: added by 100,000 duties more" "${check_kib[@]}"
	fi
fi

# ---- the interface, headless ----------------------------------------------

# tui_script FILE: writes the key script of the tui section, one key a line
# (1,000 keys, the last one q), and prints what it holds. Deterministic:
# rounds of the same shape, each starting in the units pane —
#   units:   move across many units, so that the duty pane reloads at each
#            key (PgDn/PgUp jump a page of units, ↓ ↑ j k one); End on every
#            fourth round, and Home on another fourth: Home selects the plan
#            row, whose duty pane holds all 100,024 duties, and that round
#            then works in it;
#   duties:  Tab, then ↓ ↑ j k, PgDn PgUp, End Home in the duty pane;
#   phases:  1 2 3 0 with moves between;
#   marks:   x, ↓, s, x again (done, then doing, then done);
#   search:  / and a word (no accents) and Enter, moves and pages in the
#            results, End, Esc;
#   overdue: o, moves and pages, Esc; then Tab back to the units pane.
# Rounds are added while they fit; ↓ ↑ in the units pane pad the rest.
tui_script() {
	awk -v total=1000 '
	function add(key, kind) { round[m] = key; round_kind[m] = kind; m++ }
	function rep(key, times, kind,   i) { for (i = 0; i < times; i++) add(key, kind) }
	function typed(text,   i, ch) {
		for (i = 1; i <= length(text); i++) {
			ch = substr(text, i, 1)
			add(ch == " " ? "<Space>" : ch, "search")
		}
	}
	BEGIN {
		nterms = split("tet|cong dan|an toan|rung|covid|truc ca|bac ho|u0500|ha tinh|xuan|dich vu|ban do|le hoi|bao chi", terms, "|")
		limit = total - 1       # the last key is q
		n = 0
		for (r = 0; ; r++) {
			m = 0
			# units pane: across many units
			if (r % 4 == 1) add("<End>", "units: Home/End")
			if (r % 4 == 3) add("<Home>", "units: Home/End")
			if (r % 4 != 3) {
				rep("<PgDn>", 1 + r % 3, "units: PgDn/PgUp")
				if (r % 4 == 1) add("<PgUp>", "units: PgDn/PgUp")
				rep("<Down>", 2, "units: moves"); rep("j", 3, "units: moves")
				rep("<Up>", 1, "units: moves"); rep("k", 2, "units: moves")
			}
			# the duty pane
			add("<Tab>", "Tab")
			rep("<Down>", 6, "duties: moves"); rep("j", 4, "duties: moves")
			rep("<PgDn>", 3, "duties: PgDn/PgUp"); add("<PgUp>", "duties: PgDn/PgUp")
			rep("<Up>", 3, "duties: moves"); rep("k", 2, "duties: moves")
			add("<End>", "duties: Home/End"); rep("<Up>", 2, "duties: moves")
			add("<Home>", "duties: Home/End"); rep("<Down>", 2, "duties: moves")
			# phases
			add("1", "phase"); rep("<Down>", 2, "duties: moves")
			add("2", "phase"); add("j", "duties: moves")
			add("3", "phase"); add("<PgDn>", "duties: PgDn/PgUp")
			add("0", "phase"); rep("<Down>", 3, "duties: moves")
			# marks
			add("x", "mark"); add("<Down>", "duties: moves")
			add("s", "mark"); add("x", "mark")
			# a search across all duties
			add("/", "search"); typed(terms[r % nterms + 1]); add("<Enter>", "search")
			rep("<Down>", 3, "lists: moves"); rep("<PgDn>", 2, "lists: PgDn/PgUp")
			add("<End>", "lists: Home/End"); add("<Up>", "lists: moves")
			add("<Esc>", "search")
			# the overdue view
			add("o", "overdue"); rep("<Down>", 4, "lists: moves")
			rep("<PgDn>", 2, "lists: PgDn/PgUp"); add("<PgUp>", "lists: PgDn/PgUp")
			add("<Esc>", "overdue")
			add("<Tab>", "Tab")
			if (n + m > limit)
				break
			for (i = 0; i < m; i++) {
				keys[n++] = round[i]
				count[round_kind[i]]++
			}
			rounds++
		}
		for (pad = 0; n < limit; pad++) {
			keys[n++] = pad % 2 ? "<Up>" : "<Down>"
			count["units: moves"]++
		}
		keys[n++] = "q"
		for (i = 0; i < n; i++)
			print keys[i]
		line = sprintf("key script: %d keys (%d rounds, then %d units-pane moves and q):", n, rounds, pad)
		for (k in count)
			kinds[++nk] = k
		for (i = 1; i <= nk; i++)            # a stable order
			for (j = i + 1; j <= nk; j++)
				if (kinds[j] < kinds[i]) { t = kinds[i]; kinds[i] = kinds[j]; kinds[j] = t }
		for (i = 1; i <= nk; i++)
			line = line sprintf("%s %s %d", i > 1 ? ";" : "", kinds[i], count[kinds[i]])
		print line > "/dev/stderr"
	}' >"$1"
}

if want tui; then
	# Sessions at 120x40 on the synced 1000×100 plan. Every run starts
	# from the same copy of the database (restored untimed), so that its
	# marks do not carry over. First screen and the average per key come
	# from the KEHOACH_TUI_TIMING line: the first screen counts from the
	# process's start to the first paint (store opened and synced, the
	# units' names read, screen drawn; their counts and the header's lunar
	# date come in the paint right after, before the first key is read,
	# and the integrity check runs beside the session), and the key that quits
	# is not timed. The whole session's wall time from date +%s%N; peak
	# RSS from /usr/bin/time -f %M.
	kh big sync >/dev/null
	tui_db=$tmp/tui.db
	for f in "" -wal; do
		rm -f "$tmp/tui-pristine.db$f"
		[ -e "$tmp/big.db$f" ] && cp "$tmp/big.db$f" "$tmp/tui-pristine.db$f"
	done
	tui_script "$tmp/tui.keys" 2>"$tmp/tui.mix"
	cat "$tmp/tui.mix"
	# Moving in one pane: 1,000 j in the units pane (each selects another
	# unit, whose duties the duty pane lists); Tab and 1,000 j in the duty
	# pane of the unit the interface opens on.
	{ printf 'j\n%.0s' $(seq 1000); printf 'q\n'; } >"$tmp/tui-units.keys"
	{ printf '<Tab>\n'; printf 'j\n%.0s' $(seq 1000); printf 'q\n'; } >"$tmp/tui-duties.keys"
	printf 'q\n' >"$tmp/tui-q.keys"
	tui_session() {
		local keys=$1 i
		for f in "" -wal -shm; do
			rm -f "$tui_db$f"
			[ -e "$tmp/tui-pristine.db$f" ] && cp "$tmp/tui-pristine.db$f" "$tui_db$f"
		done
		local cmd=("$kehoach" --db "$tui_db" --plans "$tmp/big" --today "$today")
		$have_time && cmd=(/usr/bin/time -f %M -o "$tmp/tui.rss" "${cmd[@]}")
		t0=$(date +%s%N)
		if ! KEHOACH_TUI_KEYS=$keys KEHOACH_TUI_SIZE=120x40 \
			KEHOACH_TUI_SCREEN=$tmp/tui.screen KEHOACH_TUI_TIMING=1 \
			"${cmd[@]}" </dev/null >/dev/null 2>"$tmp/tui.err"; then
			cat "$tmp/tui.err" >&2
			echo "tui: the session failed: ${cmd[*]}" >&2
			exit 2
		fi
		t1=$(date +%s%N)
	}
	# med_min VALUES…: prints the median and the minimum.
	med_min() {
		printf '%s\n' "$@" | sort -n | awk '
			{ t[NR] = $1 }
			END { m = NR % 2 ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2)
			      printf "%d %d\n", m, t[1] }'
	}
	# ms_text MED MIN DIVISOR DECIMALS: "median … ms, min … ms (N runs)".
	ms_text() {
		awk -v m="$1" -v n="$2" -v d="$3" -v p="$4" -v r="$tui_runs" \
			'BEGIN { printf "median %7.*f ms, min %7.*f ms (%d runs)", p, m / d, p, n / d, r }'
	}
	# tui_sessions LABEL KEYS: tui_runs sessions of the key script KEYS;
	# fills first_us, key_ns, wall_us and rss_kib (every key but the final
	# q must have been handled: a shorter count means the script stopped
	# early, say at an unknown key).
	tui_sessions() {
		local label=$1 keys=$2 want f_ms n_keys k_ms
		want=$(($(grep -c . "$keys") - 1))
		first_us=() key_ns=() wall_us=()
		for ((run = 0; run < tui_runs; run++)); do
			tui_session "$keys"
			# "first screen X ms; N keys, Y ms a key on average"
			read -r f_ms n_keys k_ms < <(sed -n \
				's/^first screen \([0-9.]*\) ms; \([0-9]*\) keys, \([0-9.]*\) ms a key on average$/\1 \2 \3/p' \
				"$tmp/tui.err")
			if [ -z "${k_ms:-}" ]; then
				cat "$tmp/tui.err" >&2
				echo "tui: no timing line from the session" >&2
				exit 2
			fi
			if [ "$n_keys" -ne "$want" ]; then
				cat "$tmp/tui.err" >&2
				echo "tui: the session handled $n_keys keys, not $want" >&2
				exit 2
			fi
			first_us+=("$(awk -v v="$f_ms" 'BEGIN { printf "%d", v * 1000 + 0.5 }')")
			key_ns+=("$(awk -v v="$k_ms" 'BEGIN { printf "%d", v * 1e6 + 0.5 }')")
			wall_us+=($(((t1 - t0 + 500) / 1000)))
			$have_time && rss_kib+=("$(tail -n 1 "$tmp/tui.rss")")
			printf '  %s, run %d: first screen %s ms, %s ms a key (%s keys), session %.0f ms%s\n' \
				"$label" $((run + 1)) "$f_ms" "$k_ms" "$n_keys" "$(((t1 - t0) / 1000000))" \
				"$($have_time && printf ', peak RSS %.1f MiB' "$(awk -v k="${rss_kib[-1]}" 'BEGIN { print k / 1024 }')")"
		done
	}
	rss_kib=()
	# The key script of the benchmark: search, filters, marks, pages.
	tui_sessions "mixed" "$tmp/tui.keys"
	read -r med min < <(med_min "${first_us[@]}")
	verdict "tui: first screen (120x40, 1000×100)" "$med" 30000 \
		"$(ms_text "$med" "$min" 1000 1)" "target <= 30 ms"
	read -r med min < <(med_min "${key_ns[@]}")
	verdict "tui: mixed session, per key ($(($(grep -c . "$tmp/tui.keys") - 1)) keys)" \
		"$med" 1500000 "$(ms_text "$med" "$min" 1e6 3)" "target <= 1.5 ms"
	read -r med min < <(med_min "${wall_us[@]}")
	verdict "tui: mixed session, wall ($(grep -c . "$tmp/tui.keys") keys)" "$med" "" \
		"$(ms_text "$med" "$min" 1000 1)" ""
	tui_sessions "units pane" "$tmp/tui-units.keys"
	read -r med min < <(med_min "${key_ns[@]}")
	verdict "tui: 1,000 j in the units pane, per key" "$med" 300000 \
		"$(ms_text "$med" "$min" 1e6 3)" "target <= 0.3 ms"
	tui_sessions "duty pane" "$tmp/tui-duties.keys"
	read -r med min < <(med_min "${key_ns[@]}")
	verdict "tui: Tab, 1,000 j in the duty pane, per key" "$med" 200000 \
		"$(ms_text "$med" "$min" 1e6 3)" "target <= 0.2 ms"
	# Startup as the user sees it, from outside: a session of just q,
	# process start to exit (one screen drawn, the check stopped).
	tui_sessions "just q" "$tmp/tui-q.keys"
	read -r med min < <(med_min "${wall_us[@]}")
	verdict "tui: session of just q, wall (startup)" "$med" "" \
		"$(ms_text "$med" "$min" 1000 1)" ""
	if $have_time; then
		read -r med min < <(printf '%s\n' "${rss_kib[@]}" | sort -n | tail -n 1 | awk '{ print $1, $1 }')
		verdict "tui: peak RSS, every session above" "$med" $((32 * 1024)) \
			"$(awk -v k="$med" 'BEGIN { printf "%.1f MiB (%d KiB), the largest", k / 1024, k }')" \
			"target <= 32 MiB"
	fi
fi

# ---- the summary view, headless ----------------------------------------------

# The director's key: d opens the summary table of the 1000 units (store_stats
# over the 100,024 assignments, as `kehoach stats`). A session of d then q: the
# timing line's one key is d, its query and its screen.
if want summary; then
	printf 'dq' >"$tmp/summary.keys"
	summary_us=()
	for ((run = 0; run < tui_runs; run++)); do
		if ! KEHOACH_LANG=en KEHOACH_TUI_KEYS=$tmp/summary.keys KEHOACH_TUI_SIZE=120x40 \
			KEHOACH_TUI_SCREEN=$tmp/summary.screen KEHOACH_TUI_TIMING=1 \
			"$kehoach" --db "$tmp/big.db" --plans "$tmp/big" --today "$today" \
			</dev/null >/dev/null 2>"$tmp/summary.err"; then
			cat "$tmp/summary.err" >&2
			echo "summary: the session failed" >&2
			exit 2
		fi
		read -r n_keys k_ms < <(sed -n \
			's/^first screen [0-9.]* ms; \([0-9]*\) keys, \([0-9.]*\) ms a key on average$/\1 \2/p' \
			"$tmp/summary.err")
		# The view must have opened, on every assignment.
		if [ "${n_keys:-}" != 1 ] ||
			! grep -q "^Summary as of .*: $(kh big stats --format csv | tail -n 1 | cut -d, -f4) duties" \
				"$tmp/summary.screen"; then
			cat "$tmp/summary.err" "$tmp/summary.screen" >&2
			echo "summary: d did not show the summary of 1000 units" >&2
			exit 2
		fi
		summary_us+=("$(awk -v v="$k_ms" 'BEGIN { printf "%d", v * 1000 + 0.5 }')")
	done
	read -r med min < <(printf '%s\n' "${summary_us[@]}" | sort -n | awk '
		{ t[NR] = $1 }
		END { m = NR % 2 ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2)
		      printf "%d %d\n", m, t[1] }')
	verdict "tui: open the summary view (d, 120x40, 1000×100)" "$med" 100000 \
		"$(awk -v m="$med" -v n="$min" -v r="$tui_runs" \
			'BEGIN { printf "median %7.1f ms, min %7.1f ms (%d runs)", m / 1000, n / 1000, r }')" \
		"target <= 100 ms"
fi

if [ "$failures" -gt 0 ]; then
	echo "MISSED $failures target(s): ${missed[*]}"
	exit 1
fi
echo "all targets met"
