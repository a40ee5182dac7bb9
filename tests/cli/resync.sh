#!/usr/bin/env bash
# A re-sync after an edit parses only the units the edit changed ("passing
# over" in src/store_sync.c), and must write exactly what a sync of the
# whole file writes. Each edit below is synced twice from the same
# database: as kehoach does it, and with KEHOACH_SYNC_WHOLE=1 (the whole
# file parsed). The two databases must then be equal table by table, the
# file's recorded layout included, and the two runs must say the same
# (but for the note of how many units were read).
source "$(dirname "$0")/lib.sh" "$@"

# every_table DB: each table a sync writes, row by row in key order.
every_table() {
	local t
	for t in plan plan_file unit unit_member duty assignment duty_search unit_counts; do
		echo "== $t"
		sqlite3 -batch -noheader "$1" "SELECT * FROM $t ORDER BY 1, 2"
	done
}

# edit_plan PYTHON: runs PYTHON with `s`, the plan file's text, and writes
# back what it leaves in `s`.
edit_plan() {
	python3 - "$PLANS/plan.yaml" "$1" <<'EOF'
import sys
path, code = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
env = {"s": s}
exec(code, env)
assert env["s"] != s, "the edit changed nothing"
open(path, "w", encoding="utf-8").write(env["s"])
EOF
}

# both_ways READ: syncs the edited plan into a copy of $DB twice (as is,
# and whole); expects the same tables and messages, and READ in the note
# of units read ("" when the whole file must have been read). The copy
# synced as is becomes $DB.
both_ways() {
	local read=$1 whole_out whole_err whole_rc
	cp "$DB" "$T/whole.db"
	DB=$T/whole.db KEHOACH_SYNC_WHOLE=1 kh sync
	whole_out=$OUT whole_err=$ERR whole_rc=$RC
	kh sync
	expect_eq "the same exit code as a whole sync" "$whole_rc" "$RC"
	expect_eq "the same errors, lines and columns" "$whole_err" "$ERR"
	if [[ -n $read ]]; then
		expect_contains "only the units changed are read" "$OUT" "($read units read;"
	else
		expect_not_contains "the whole file is read" "$OUT" "units read"
	fi
	expect_eq "the same output, but for that note" "$whole_out" \
		"$(sed 's/ ([0-9]* of its [0-9]* units read; the others are as they were)//' <<<"$OUT")"
	expect_eq "the same tables, row for row" "$(every_table "$T/whole.db")" \
		"$(every_table "$DB")"
}

start_plan() {
	cp "$REPO_PLANS/ha-tinh-tet-2022.yaml" "$PLANS/plan.yaml"
	kh --today 2022-01-27 sync
	expect_exit 0
	# Some marks, which every later sync must keep.
	kh --today 2022-01-27 done vp-1 --note "đã xong"
	kh --today 2022-01-27 done chung-1 --unit tt
}

# The plan's units: cac-phong (a group of the six others, first), vp, tt,
# ttcntt, cntt, bcvt, ttbcxb.

begin_test "one duty's text edited: that unit alone is read, the same rows written"
start_plan
expect_eq "the layout recorded by the first sync" "7|7" \
	"$(sql "SELECT count(*), count(src_bytes) FROM unit WHERE retired = 0")"
edit_plan 's = s.replace("Tăng cường công tác theo dõi", "Tăng cường hơn nữa công tác theo dõi", 1)'
both_ways "1 of its 7"
# The layout the partial sync wrote serves the next edit too.
edit_plan 's = s.replace("hơn nữa công tác", "công tác", 1)'
both_ways "1 of its 7"
expect_eq "the marks kept" "2|đã xong" "$(sql "SELECT a.state || '|' || a.note FROM assignment a
	JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")"

begin_test "edits in the first unit (a group), the last, and two apart"
start_plan
edit_plan 'i = s.index("  - id: cac-phong"); j = s.index("text: \"", i); s = s[:j] + "text: \"Sửa: " + s[j + 7:]'
both_ways "1 of its 7"
edit_plan 'i = s.index("  - id: ttbcxb"); j = s.index("text: \"", i); s = s[:j] + "text: \"Sửa: " + s[j + 7:]'
both_ways "1 of its 7"
edit_plan 'for u in ("  - id: vp\n", "  - id: cntt\n"):
    i = s.index(u); j = s.index("text: \"", i); s = s[:j] + "text: \"Hai: " + s[j + 7:]'
both_ways "4 of its 7"

begin_test "a unit's name, a group's members, a deadline, with: each read alone"
start_plan
edit_plan 's = s.replace("    name: \"Văn phòng Sở\"", "    name: \"Văn phòng Sở TT&TT\"", 1)'
both_ways "1 of its 7"
edit_plan 's = s.replace("members: [vp, tt, ttcntt, cntt, bcvt, ttbcxb]", "members: [vp, tt, cntt, bcvt]", 1)'
both_ways "1 of its 7"
expect_eq "the group's duties now go to four members" "4" \
	"$(sql "SELECT count(DISTINCT a.unit_key) FROM assignment a JOIN duty d ON d.key = a.duty_key
	        JOIN unit o ON o.key = d.owner_key WHERE o.id = 'cac-phong' AND a.retired = 0")"
edit_plan 's = s.replace("due: 2022-01-28", "due: 2022-02-03", 1)'
both_ways "1 of its 7"
edit_plan 's = s.replace("with: [ttcntt]", "with: [ttcntt, bcvt]", 1)'
both_ways "1 of its 7"

begin_test "comments, blank lines and a kept block text at a unit's end"
start_plan
# Between two units: each is the same from its own side, both are read.
edit_plan 's = s.replace("  - id: tt\n", "    # ghi chú của văn phòng\n\n  - id: tt\n", 1)'
both_ways "2 of its 7"
edit_plan 'j = s.index("  - id: bcvt"); s = s[:j] + "# cuối đơn vị cntt\n" + s[j:]'
both_ways "2 of its 7"
# A kept block text ends the units read: its last blank lines are its own
# whether a stand-in or the unit itself follows.
edit_plan 'j = s.index("# cuối đơn vị cntt"); s = s[:j] + "        target: |+\n          Chỉ tiêu\n\n\n" + s[j:]'
both_ways "1 of its 7"
expect_eq "…kept as the whole file keeps it" "Chỉ tiêu|3" \
	"$(sql "SELECT rtrim(target, char(10)) || '|' || (length(target) - length(rtrim(target, char(10)))) FROM duty WHERE target LIKE 'Chỉ tiêu%'")"

begin_test "what moves places or ids: the whole file is read"
start_plan
edit_plan 'i = s.index("  - id: tt\n"); j = s.index("text:", i); s = s[:j - 8] + "      - id: tt-moi\n        text: \"Việc mới\"\n" + s[j - 8:]'
both_ways ""
edit_plan 's = s.replace("      - id: tt-moi\n        text: \"Việc mới\"\n", "", 1)'
both_ways ""
edit_plan 's = s.replace("  - id: ttbcxb", "  - id: ttbc", 1).replace("bcvt, ttbcxb]", "bcvt, ttbc]")'
both_ways ""
edit_plan 's = s.replace("      - id: vp-1\n", "      - id: vp-1\n        was: [vp-mot]\n", 1)'
both_ways ""
edit_plan 's = s.replace("title: \"", "title: \"Sửa: ", 1)'
both_ways ""

begin_test "an error in the units read: said as the whole file says it, nothing written"
start_plan
edit_plan 's = s.replace("due: 2022-01-28", "due: 2022-02-30", 1)'
before=$(every_table "$DB")
both_ways ""
expect_contains "the error names the line" "$ERR" "plan.yaml:"
expect_eq "nothing written but the file's error" \
	"$(grep -v '^/' <<<"$before")" "$(every_table "$DB" | grep -v '^/')"
edit_plan 's = s.replace("due: 2022-02-30", "due: 2022-01-28", 1)'
both_ways ""
edit_plan 's = s.replace("with: [ttcntt]", "with: [khong-co]", 1)'
both_ways ""
edit_plan 's = s.replace("with: [khong-co]", "with: [ttcntt]", 1)'
both_ways ""
edit_plan 's = s.replace("  - id: cntt\n", "  -\n    id: cntt\n", 1)'
both_ways ""
edit_plan 's = s.replace("  -\n    id: cntt\n", "  - id: cntt\n", 1)'
both_ways ""
expect_eq "a layout again once the file is laid out a unit a line" "7" \
	"$(sql "SELECT count(src_bytes) FROM unit WHERE retired = 0")"

begin_test "dates relative to Tết: the units that wait for the end, passed over"
cp "$KEHOACH_TEST_DATA/good/ha-tinh-tet-2022-relative.yaml" "$PLANS/plan.yaml"
kh --today 2022-01-27 sync
expect_exit 0
edit_plan 'i = s.rindex("  - id: "); j = s.index("text: \"", i); s = s[:j] + "text: \"Sửa: " + s[j + 7:]'
both_ways "1 of its 7"

summary
