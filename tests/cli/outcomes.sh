#!/bin/bash
# The counting of results, checked against an independent oracle
# (outcomes_oracle.py): each assignment's outcome (done_on_time,
# done_late, in_time, overdue, cancelled) and days late as of a day, after
# done --on, start, progress, extend, extend --clear, cancel and reopen;
# the figures and rates of `stats` in JSON and CSV with --plan, --unit,
# --from and --to, and the order of its rows; several names in one
# command as one transaction; who may extend and cancel; the history of
# each change; and the figures of report 1270/BC-TCTTTg (98.63% done).
source "$(dirname "$0")/lib.sh" "$@"

ORACLE=$CLI_DIR/outcomes_oracle.py

# scenario: the oracle's plans, synced.
scenario() {
	python3 "$ORACLE" plans "$PLANS"
	kh sync
	expect_exit 0 "setup: sync of the oracle's plans"
}

# list_at TODAY: list --format json as of TODAY, into $OUT.
list_at() {
	kh --today "$1" list --format json
}

# field NAME KEY: KEY of the row of $OUT (list --format json) whose name
# is NAME (ID, or ID@UNIT for a group's duty).
field() {
	jq_py "([r.get('$2') for r in d if r['name'] == '$1'] or ['<no row>'])[0]"
}

history_rows() {
	sql "SELECT count(*) FROM history"
}

# ---------------------------------------------------------------------------
begin_test "every outcome, days late and stats figure agrees with the oracle"
python3 "$ORACLE" plans "$PLANS"
run python3 "$ORACLE" replay "$KEHOACH" "$DB" "$PLANS"
expect_exit 0 "the oracle found no difference"
expect_eq "differences from the oracle (first 60)" "" "$(head -n 60 <<<"$OUT")"
expect_match "the oracle compared" "$ERR" '^# [0-9]{4,} comparisons'

# ---------------------------------------------------------------------------
begin_test "several names are one transaction: one bad name, nothing applied"
scenario
kh --today 2024-01-20 list --format json
before=$OUT
rows=$(history_rows)
kh --today 2024-01-20 done vp-1 khong-co tc-1 --on 2024-01-18
expect_exit 1 "done with an unknown name among good ones"
expect_contains "stderr names the unknown name" "$ERR" "khong-co"
kh --today 2024-01-20 done vp-1 khong-co vp-1@tc --on 2024-01-18
expect_exit 1 "done with two bad names"
expect_contains "stderr names the first refused" "$ERR" "khong-co"
expect_contains "stderr names the second refused" "$ERR" "vp-1@tc"
kh --today 2024-01-20 done vp-1 nhom-1 --on 2024-01-18
expect_exit 1 "done with a bare group duty among good ones"
expect_contains "stderr names the group duty" "$ERR" "nhom-1"
kh --today 2024-01-20 start vp-2 khong-co
expect_exit 1 "start with an unknown name"
kh --today 2024-01-20 extend vp-2 tc-3 khong-co --to 2024-03-01 --reason "Lùi hạn"
expect_exit 1 "extend with an unknown name"
expect_contains "extend: stderr names it" "$ERR" "khong-co"
kh --today 2024-01-20 cancel vp-2 nhom-2 khong-co --reason "Thôi"
expect_exit 1 "cancel with an unknown name"
expect_contains "cancel: stderr names it" "$ERR" "khong-co"
kh --today 2024-01-20 progress vp-2 khong-co 50
expect_exit 1 "progress with an unknown name"
expect_contains "progress: stderr names it" "$ERR" "khong-co"
kh --today 2024-01-20 done vp-3 vp-2 --on 2024-01-25
expect_exit 2 "done --on after today (a usage error)"
kh --today 2024-01-20 list --format json
expect_eq "list unchanged by the refused commands" "$before" "$OUT"
expect_eq "no history row" "$rows" "$(history_rows)"
# The same names without the bad one: all applied.
kh --today 2024-01-20 done vp-1 tc-1 --on 2024-01-18
expect_exit 0 "done with two good names"
list_at 2024-01-20
expect_eq "vp-1 done late" "done_late" "$(field vp-1 outcome)"
list_at 2024-01-20
expect_eq "tc-1 done late" "done_late" "$(field tc-1 outcome)"
# A refused reopen after that leaves both done.
kh --today 2024-01-20 reopen vp-1 khong-co tc-1
expect_exit 1 "reopen with an unknown name"
list_at 2024-01-20
expect_eq "vp-1 still done" "done_late" "$(field vp-1 outcome)"
list_at 2024-01-20
expect_eq "tc-1 still done" "done_late" "$(field tc-1 outcome)"
kh --today 2024-01-20 extend nhom-1 --to 2024-02-01 --reason "Cả nhóm"
expect_exit 0 "extend of a bare group duty"
kh --today 2024-01-20 list --format json
expect_eq "…extends every member's assignment" "tc:2024-02-01:2024-01-19 tt:2024-02-01:2024-01-19 vp:2024-02-01:2024-01-19" \
	"$(jq_py '" ".join(sorted("%s:%s:%s" % (r["unit"], r.get("due"), r.get("due_plan")) for r in d if r["id"] == "nhom-1"))')"

# ---------------------------------------------------------------------------
begin_test "extend --clear and reopen restore the earlier outcome"
scenario
list_at 2024-01-25
expect_eq "tc-2 overdue on 25/01" "overdue" "$(field tc-2 outcome)"
expect_eq "tc-2: 6 days late" "6" "$(field tc-2 days_late)"
kh --today 2024-01-25 extend tc-2 --to 2024-02-05 --reason "Chờ số liệu"
expect_exit 0 "extend"
list_at 2024-01-25
expect_eq "extended: in time" "in_time" "$(field tc-2 outcome)"
expect_eq "extended: flag" "true" "$(field tc-2 extended)"
expect_eq "extended: due_plan kept" "2024-01-19" "$(field tc-2 due_plan)"
kh --today 2024-01-25 extend tc-2 --clear
expect_exit 0 "extend --clear"
list_at 2024-01-25
expect_eq "cleared: overdue again" "overdue" "$(field tc-2 outcome)"
expect_eq "cleared: due is the plan's" "2024-01-19" "$(field tc-2 due)"
expect_eq "cleared: not extended" "false" "$(field tc-2 extended)"
kh --today 2024-01-25 cancel tc-2 --reason "Không còn phù hợp"
expect_exit 0 "cancel"
kh --today 2024-01-25 list --outcome cancelled --format json
expect_eq "cancelled: listed as such" "tc-2" "$(jq_py '" ".join(r["id"] for r in d)')"
expect_eq "cancelled: flag" "true" "$(jq_py '[r["cancelled"] for r in d][0]')"
kh --today 2024-01-25 stats --plan dem-ket-qua --unit tc --format json
expect_eq "cancelled: out of the total (8 assignments, 2 overdue)" "7 1 2" \
	"$(jq_py '"%d %d %d" % (d["units"][0]["total"], d["units"][0]["cancelled"], d["units"][0]["overdue"])')"
kh --today 2024-01-25 reopen tc-2
expect_exit 0 "reopen a cancelled one"
list_at 2024-01-25
expect_eq "reopened: overdue again" "overdue" "$(field tc-2 outcome)"
kh --today 2024-01-25 done tc-2 --on 2024-01-24
expect_exit 0 "done late"
list_at 2024-01-25
expect_eq "done late" "done_late" "$(field tc-2 outcome)"
expect_eq "done late: 5 days" "5" "$(field tc-2 days_late)"
kh --today 2024-01-25 reopen tc-2
expect_exit 0 "reopen a done one"
list_at 2024-01-25
expect_eq "reopened: overdue again" "overdue" "$(field tc-2 outcome)"

# ---------------------------------------------------------------------------
begin_test "stats: rows by overdue descending, then rate done ascending; text"
scenario
kh --today 2024-01-05 stats --plan dem-ket-qua --format json
expect_eq "nothing due yet: rates null" "[null, null, null]" \
	"$(jq_py '[d["total"]["rate_done"], d["total"]["rate_on_time"], d["total"]["rate_overdue"]]')"
kh --today 2024-01-05 stats --plan dem-ket-qua
expect_exit 0 "text"
expect_contains "text: a rate with nothing due is –" "$OUT" "–"
expect_contains "text: names a unit" "$OUT" "Phòng Tài chính"
# As of 10/02 (the oracle checks it too; here written out): tc 5 overdue
# (nhom-1, nhom-2, tc-1, tc-2, tc-3), tt 4 (nhom-1, nhom-2, tt-1, tt-2), nv
# 1 (nv-2; nv-1 done: 1 of 2 due done), vp 1 (nhom-2; vp-1, vp-2 and
# nhom-1 done: 3 of 4). Not the plan's order (vp, tc, tt, nv).
kh --today 2024-01-20 done nv-1 --on 2024-01-15
expect_exit 0 "setup: nv-1 done"
kh --today 2024-01-20 done vp-1 nhom-1@vp vp-2 --on 2024-01-12
expect_exit 0 "setup: vp-1, nhom-1@vp, vp-2 done"
kh --today 2024-02-10 stats --plan dem-ket-qua --format json
expect_exit 0
expect_eq "order of the rows" "tc:5 tt:4 nv:1 vp:1" \
	"$(jq_py '" ".join("%s:%d" % (r["unit"], r["overdue"]) for r in d["units"])')"
expect_eq "nv before vp: rate_done 1/2 < 3/4" "0.5 0.75" \
	"$(jq_py '"%g %g" % (d["units"][2]["rate_done"], d["units"][3]["rate_done"])')"
kh --today 2024-02-10 stats --plan dem-ket-qua --format csv
expect_exit 0
expect_eq "CSV: the same order, then the total" "tc tt nv vp" \
	"$(python3 -c 'import csv, sys; r = list(csv.DictReader(sys.stdin)); print(" ".join(x["unit"] for x in r[:-1]))' <<<"$OUT")"
kh --today 2024-01-05 stats --format tsv
expect_exit 2 "stats has no tsv"
kh --today 2024-01-05 list --outcome late
expect_exit 2 "list --outcome: an unknown word"
kh --today 2024-01-05 progress vp-1 101
expect_ne "progress 101 is refused" "0" "$RC"
kh --today 2024-01-05 list --format json
expect_eq "…and changes nothing" "null" "$(field vp-1 progress)"

# ---------------------------------------------------------------------------
begin_test "extend, cancel, progress: in the history, with the reason"
scenario
rows=$(history_rows)
kh --today 2024-01-22 extend tc-2 --to 2024-01-31 --reason "Chờ số liệu quý IV"
expect_exit 0
kh --today 2024-01-22 cancel nv-2 --reason "Không còn phù hợp"
expect_exit 0
kh --today 2024-01-22 progress tt-1 60 --note "Đã kiểm tra 3 đơn vị"
expect_exit 0
kh history --format json
expect_exit 0
expect_json "history --format json" "$OUT"
for id in tc-2 nv-2 tt-1; do
	expect_ne "history JSON has a row for $id" "0" "$(jq_py "len([r for r in d if r.get('id') == '$id'])")"
done
expect_contains "history JSON: the extension's reason" "$OUT" "Chờ số liệu quý IV"
expect_contains "history JSON: the cancellation's reason" "$OUT" "Không còn phù hợp"
expect_contains "history JSON: the new deadline" "$OUT" "2024-01-31"
kh history
expect_exit 0
expect_contains "history text: the extension's reason" "$OUT" "Chờ số liệu quý IV"
expect_contains "history text: the cancellation's reason" "$OUT" "Không còn phù hợp"
expect_contains "history text: the progress" "$OUT" "60"
expect_eq "three history rows" "$((rows + 3))" "$(history_rows)"
kh --today 2024-01-22 list --format json
expect_eq "progress in list" "60" "$(field tt-1 progress)"

# ---------------------------------------------------------------------------
begin_test "heads: extend and cancel refused to a unit head, allowed to the office"
scenario
printf 'heads:\n  %s: [tc]\n' "$OS_USER" >"$T/head.yaml"
printf 'heads:\n  someone-else: [tc]\noffice: [%s]\n' "$OS_USER" >"$T/office.yaml"
rows=$(history_rows)
kh --config "$T/head.yaml" --today 2024-01-22 extend tc-2 --to 2024-01-31 --reason "Xin lùi hạn"
expect_exit 1 "a head extends their own unit's duty"
kh --config "$T/head.yaml" --today 2024-01-22 cancel tc-3 --reason "Xin thôi"
expect_exit 1 "a head cancels their own unit's duty"
expect_eq "nothing recorded" "$rows" "$(history_rows)"
list_at 2024-01-22
expect_eq "tc-2 still overdue" "overdue" "$(field tc-2 outcome)"
kh --config "$T/head.yaml" --today 2024-01-22 done tc-2 --on 2024-01-21
expect_exit 0 "the head still marks their duty done"
kh --config "$T/office.yaml" --today 2024-01-22 extend tc-3 --to 2024-02-20 --reason "Văn phòng cho lùi"
expect_exit 0 "the office extends"
kh --config "$T/office.yaml" --today 2024-01-22 cancel tc-4 --reason "Văn phòng rút"
expect_exit 0 "the office cancels"
kh --today 2024-01-22 list --unit tc --format json
expect_eq "tc-3 extended" "2024-02-20" "$(field tc-3 due)"
kh --today 2024-01-22 list --outcome cancelled --format json
expect_eq "tc-4 cancelled" "tc-4" "$(jq_py '" ".join(r["id"] for r in d)')"

# ---------------------------------------------------------------------------
begin_test "1270/BC-TCTTTg: 16,274 due, 98.63% done, 1.37% overdue"
mkdir -p "$T/names"
python3 "$ORACLE" big "$PLANS" "$T/names"
kh sync
expect_exit 0 "sync of 21,914 duties"
started=$SECONDS
calls=0
for f in "$T/names"/*; do
	mapfile -t names <"$f"
	kh --today 2024-12-20 done "${names[@]}" --on "${f##*/}"
	LAST_CMD="kehoach --today 2024-12-20 done ${names[0]} … (${#names[@]} names) --on ${f##*/}"
	expect_exit 0 "done of ${#names[@]} names on ${f##*/}"
	calls=$((calls + 1))
done
echo "# $calls done calls for 16,051 names: $((SECONDS - started)) s"
expect_eq "16,051 done" "16051" "$(sql "SELECT count(*) FROM assignment WHERE done_on IS NOT NULL")"
kh --today 2024-12-20 stats --format json
expect_exit 0
expect_eq "total counts" "21914 14068 1983 5640 223 0" \
	"$(jq_py '" ".join(str(d["total"][k]) for k in ("total", "done_on_time", "done_late", "in_time", "overdue", "cancelled"))')"
expect_eq "rate_done = 16051/16274" "ok" \
	"$(jq_py '"ok" if abs(d["total"]["rate_done"] - 16051 / 16274) < 1e-9 else d["total"]["rate_done"]')"
expect_eq "rate_overdue = 223/16274" "ok" \
	"$(jq_py '"ok" if abs(d["total"]["rate_overdue"] - 223 / 16274) < 1e-9 else d["total"]["rate_overdue"]')"
expect_eq "rate_on_time = 14068/16274" "ok" \
	"$(jq_py '"ok" if abs(d["total"]["rate_on_time"] - 14068 / 16274) < 1e-9 else d["total"]["rate_on_time"]')"
kh --today 2024-12-20 stats
expect_exit 0 "text"
expect_match "text: 98.63% done" "$OUT" '98[.,]63 ?%'
expect_match "text: 1.37% overdue" "$OUT" '(^|[^0-9])1[.,]37 ?%'
run python3 "$ORACLE" big-expect "$KEHOACH" "$DB" "$PLANS"
expect_exit 0 "per unit, as the oracle counts"
expect_eq "differences from the oracle (first 40)" "" "$(head -n 40 <<<"$OUT")"
kh --today 2024-12-20 list --outcome overdue --format json
expect_eq "list --outcome overdue: 223 rows" "223" "$(jq_py 'len(d)')"

summary
