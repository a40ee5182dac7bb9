#!/usr/bin/env bash
# kehoach beside Taskwarrior on the same 100,000 tasks, timed in the same run.
#
#   bash tests/bench/taskwarrior.sh KEHOACH GEN_PLAN
#
# Generates the 1000 units × 100 duties plan of bench.sh, syncs it, and
# gives Taskwarrior the same assignments: one task per assignment (a duty of
# a group is one task per member unit, as kehoach lists it), description =
# the duty's text, project = the unit, due = the assignment's deadline,
# status pending. Then times each pair of comparable commands with
# hyperfine (-N, no shell), in turn, in three rounds (so that both see the
# same load on a shared machine), and prints one line per comparison:
# kehoach's median, Taskwarrior's median over all their runs, the ratio. The same figures go to
# $TW_BENCH_OUT (default: taskwarrior-bench.md in the current folder) as a
# Markdown table, to paste into a note.
#
# Installs nothing: without `task` (Debian package taskwarrior), hyperfine
# or python3 it prints a note and exits 0 (skipped). Exits 2 when a command
# fails or when the two programs disagree on a count (the comparison would
# not be of the same work). Taskwarrior runs with its own TASKRC and
# TASKDATA in a temporary folder: no hooks, no colour, no confirmation, no
# word wrapping (defaultwidth=0), garbage collection at its default (on).
#
# The day: kehoach runs with --today 2022-02-01, as in bench.sh.
# Taskwarrior has no such option, and its overdue test is against the
# clock, so every date given to it is shifted by the number of days from
# 2022-02-01 to the real today (in TZ), and each deadline is the end of its
# day (23:59:59 local): a task is then overdue for Taskwarrior exactly when
# its assignment is overdue for kehoach. The shift was chosen over faketime
# because libfaketime's LD_PRELOAD would add its own cost to every
# Taskwarrior run. The counts are checked equal before anything is timed.
# A run that crosses midnight would shift Taskwarrior's overdue set by a
# day: do not start it just before midnight.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: taskwarrior.sh KEHOACH GEN_PLAN" >&2
	exit 2
fi
kehoach=$(realpath "$1")
gen=$(realpath "$2")

for tool in task hyperfine python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "note: '$tool' not found; the Taskwarrior comparison is skipped" \
			"(Debian packages: taskwarrior, hyperfine, python3)" >&2
		exit 0
	fi
done

today=2022-02-01
units=1000 duties=100 seed=1
unit=u0500 duty=u0500-050 word=covid
out=${TW_BENCH_OUT:-$PWD/taskwarrior-bench.md}

export LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh
unset KEHOACH_TODAY KEHOACH_PLANS KEHOACH_TUI_KEYS KEHOACH_TUI_SIZE \
	KEHOACH_TUI_SCREEN KEHOACH_TUI_TIMING NO_COLOR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-twbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/xdg-data XDG_CONFIG_HOME=$tmp/xdg-config
mkdir -p "$tmp/plans" "$tmp/task"

# ---- kehoach --------------------------------------------------------------

"$gen" -o "$tmp/plans/bench-plan.yaml" "$units" "$duties" "$seed"
kh_cmd() { printf '%s' "$kehoach --db $tmp/kh.db --plans $tmp/plans --today $today $*"; }
kh() { "$kehoach" --db "$tmp/kh.db" --plans "$tmp/plans" --today "$today" "$@"; }
kh sync >/dev/null
kh list --format json >"$tmp/assignments.json"

# ---- Taskwarrior ----------------------------------------------------------

export TASKRC=$tmp/taskrc TASKDATA=$tmp/task
cat >"$TASKRC" <<EOF
data.location=$TASKDATA
confirmation=0
bulk=0
hooks=0
color=0
detection=0
defaultwidth=0
verbose=nothing
nag=
recurrence=0
search.case.sensitive=0
news.version=$(task --version)
EOF

shift_days=$(python3 -c '
import datetime, sys
print((datetime.date.today() - datetime.date.fromisoformat(sys.argv[1])).days)' "$today")

# One task per assignment; a fixed uuid per assignment name, so that the
# mark below names the same task in both programs.
python3 - "$tmp/assignments.json" "$tmp/tasks.json" "$shift_days" <<'EOF'
import datetime, json, sys, uuid

src, dst, shift = sys.argv[1], sys.argv[2], int(sys.argv[3])

def stamp(day, hms):
    """Local DAY shifted by the days to today, at HMS, in Taskwarrior's UTC form."""
    d = datetime.date.fromisoformat(day) + datetime.timedelta(days=shift)
    t = datetime.datetime.combine(d, datetime.time(*hms))
    t = t.replace(tzinfo=None).astimezone(datetime.timezone.utc)
    return t.strftime("%Y%m%dT%H%M%SZ")

entry = stamp("2022-01-19", (8, 0, 0))
tasks = [{
    "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, "kehoach:" + a["name"])),
    "status": "pending",
    "description": a["text"],
    "project": a["unit"],
    "due": stamp(a["due"], (23, 59, 59)),
    "entry": entry,
} for a in json.load(open(src, encoding="utf-8"))]
with open(dst, "w", encoding="utf-8") as f:
    json.dump(tasks, f, ensure_ascii=False)
EOF
mark_uuid=$(python3 -c '
import sys, uuid
print(uuid.uuid5(uuid.NAMESPACE_URL, "kehoach:" + sys.argv[1]))' "$duty")

tw_files="$TASKDATA/pending.data $TASKDATA/completed.data $TASKDATA/undo.data $TASKDATA/backlog.data"
task import "$tmp/tasks.json" >/dev/null 2>"$tmp/import.err" || {
	cat "$tmp/import.err" >&2
	echo "task import failed" >&2
	exit 2
}

# ---- the same work? -------------------------------------------------------

# same WHAT KEHOACH_COUNT TASK_COUNT: stops unless the two counts agree.
same() {
	printf '%-40s kehoach %6d   Taskwarrior %6d\n' "$1" "$2" "$3"
	if [ "$2" -ne "$3" ]; then
		echo "the two programs disagree on $1: not the same work" >&2
		exit 2
	fi
}
echo "plan: $units units × $duties duties; kehoach --today $today;" \
	"Taskwarrior $(task --version), dates shifted by $shift_days days to $(date +%F)"
same "tasks" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
	"$tmp/assignments.json")" "$(task count)"
same "overdue" "$(kh list --overdue --format tsv | wc -l)" "$(task +OVERDUE count)"
# brief's first line: "kehoach: N overdue, M due soon — …" (in any language).
same "overdue, as brief counts them" "$(kh brief | awk 'NR == 1 { match($0, /[0-9]+/); print substr($0, RSTART, RLENGTH) }')" \
	"$(task +OVERDUE count)"
same "overdue of $unit" "$(kh list --overdue --unit $unit --format tsv | wc -l)" \
	"$(task project:$unit +OVERDUE count)"
same "'$word' in the text" "$(kh list --search $word --format tsv | wc -l)" \
	"$(task "/$word/" count)"
same "tasks of $unit" "$(kh list --unit $unit --format tsv | wc -l)" \
	"$(task project:$unit count)"

# ---- timing ---------------------------------------------------------------

# times CMD PREPARE RUNS WARMUP FILE: appends the times of RUNS runs of CMD
# (seconds, one a line) to FILE (PREPARE '' for none: an untimed command
# line run before each run).
times() {
	local cmd=$1 prepare=$2 runs=$3 warmup=$4 file=$5 json=$tmp/hf.json
	local args=(-N --style none --runs "$runs" --warmup "$warmup" --export-json "$json")
	[ -n "$prepare" ] && args+=(--prepare "$prepare")
	if ! hyperfine "${args[@]}" "$cmd" >"$tmp/hf.log" 2>&1; then
		cat "$tmp/hf.log" >&2
		echo "the command failed: $cmd" >&2
		exit 2
	fi
	python3 -c '
import json, sys
print(*json.load(open(sys.argv[1]))["results"][0]["times"], sep="\n")' "$json" >>"$file"
}

printf '| comparison | kehoach | Taskwarrior %s | ratio | runs each |\n|---|---:|---:|---:|---:|\n' \
	"$(task --version)" >"$out"
printf '%-44s %12s %14s %8s %6s\n' "comparison" "kehoach" "Taskwarrior" "ratio" "runs"

# compare NAME ROUNDS RUNS WARMUP KH_PREPARE KH_CMD TW_PREPARE TW_CMD
# Times the two commands in turn, ROUNDS times RUNS runs each (after WARMUP
# runs each round), so that both see the same load on a shared machine;
# prints the median of each over all its runs, and their ratio.
compare() {
	local name=$1 rounds=$2 runs=$3 warmup=$4 round
	: >"$tmp/kh.times"
	: >"$tmp/tw.times"
	for ((round = 0; round < rounds; round++)); do
		times "$6" "$5" "$runs" "$warmup" "$tmp/kh.times"
		times "$8" "$7" "$runs" "$warmup" "$tmp/tw.times"
	done
	python3 - "$name" "$tmp/kh.times" "$tmp/tw.times" "$out" <<'EOF'
import statistics, sys
name, kh, tw, out = sys.argv[1:]
k = statistics.median(float(t) for t in open(kh))
t = statistics.median(float(t) for t in open(tw))
n = sum(1 for _ in open(kh))
print("%-44s %9.1f ms %11.1f ms %7.1f× %6d" % (name, k * 1e3, t * 1e3, t / k, n))
with open(out, "a", encoding="utf-8") as f:
    f.write("| %s | %.1f ms | %.1f ms | %.1f× | %d |\n" % (name, k * 1e3, t * 1e3, t / k, n))
EOF
}

compare "load 100,024 tasks (sync cold / import)" 3 1 0 \
	"rm -f $tmp/kh.db $tmp/kh.db-wal $tmp/kh.db-shm $tmp/kh.db-journal" "$(kh_cmd sync)" \
	"rm -f $tw_files" "task import $tmp/tasks.json"
# Both timed loads leave the databases as they were.
kh sync >/dev/null
compare "overdue of one unit ($unit)" 3 5 1 \
	"" "$(kh_cmd list --overdue --unit $unit)" \
	"" "task project:$unit +OVERDUE list"
compare "all tasks of one unit ($unit)" 3 5 1 \
	"" "$(kh_cmd list --unit $unit)" \
	"" "task project:$unit list"
compare "counts per unit (units / summary)" 3 5 1 \
	"" "$(kh_cmd units)" \
	"" "task summary"
compare "search a word ($word)" 3 5 1 \
	"" "$(kh_cmd list --search $word)" \
	"" "task /$word/ list"
# brief also counts the duties due soon: more work than task's count.
compare "count of overdue (brief / count)" 3 5 1 \
	"" "$(kh_cmd brief)" \
	"" "task +OVERDUE count"
compare "all overdue, listed" 3 2 0 \
	"" "$(kh_cmd list --overdue)" \
	"" "task +OVERDUE list"
# Each timed mark follows an untimed reopen, so every run changes the
# status and writes history (kehoach) or undo.data (Taskwarrior).
compare "a mark (done $duty)" 3 5 1 \
	"$(kh_cmd reopen $duty)" "$(kh_cmd "done" $duty)" \
	"task $mark_uuid modify status:pending" "task $mark_uuid done"

echo "figures written to $out"
