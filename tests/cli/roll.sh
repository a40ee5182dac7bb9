#!/bin/bash
# kehoach roll: a copy of a plan for another Tết. The Hà Tĩnh plan (Tết
# Nhâm Dần, 2022-02-01) rolled to 2027 (Tết Đinh Mùi, 2027-02-06) must
# pass check, keep every duty's deadline at the same distance from Tết and
# every comment of the original, and carry the new year in its id.
source "$(dirname "$0")/lib.sh" "$@"

HT=$REPO_PLANS/ha-tinh-tet-2022.yaml

# first_line TEXT ERE: the first line of TEXT that matches, so that a
# check looks at that line only.
first_line() {
	grep -E -m 1 -- "$2" <<<"$1"
}

# A plan with no tet: roll has nothing to move its dates from.
write_plan_without_tet() {
	cat >"$1" <<'EOF'
kehoach: 1
plan:
  id: khong-tet
  title: "Không có Tết"
  issuer: "Sở"
  from: 2022-01-19
  to: 2022-02-15
units:
  - id: vp
    name: "Văn phòng"
EOF
}

# ---------------------------------------------------------------------------
begin_test "roll to 2027: the copy checks and has the new id"
kh roll "$HT" --to 2027
expect_exit 0
cp "$OUT_FILE" "$T/rolled.yaml"
kh check "$T/rolled.yaml"
expect_exit 0 "check of the rolled plan"
expect_contains "check names the new id" "$OUT" "plan stttt-ht-tet-2027, 7 units, 23 duties"
expect_eq "the id line" "  id: stttt-ht-tet-2027" "$(grep -E '^  id: ' "$T/rolled.yaml")"
expect_eq "the tet line" "  tet: 2027" "$(grep -E '^  tet: ' "$T/rolled.yaml")"
expect_no_match "no 2022 date left outside texts and comments" \
	"$(grep -Ev '^ *#|text:|title:|- "' "$T/rolled.yaml")" '2022-[0-9]{2}-[0-9]{2}'

begin_test "roll keeps comments, and changes only the lines with dates, id and tet"
kh roll "$HT" --to 2027
cp "$OUT_FILE" "$T/rolled.yaml"
expect_eq "every comment is still there" "" \
	"$(diff <(grep '#' "$HT") <(grep '#' "$T/rolled.yaml"))"
expect_eq "as many lines" "$(wc -l <"$HT")" "$(wc -l <"$T/rolled.yaml")"
expect_eq "as many bytes (ISO dates keep their length)" \
	"$(wc -c <"$HT")" "$(wc -c <"$T/rolled.yaml")"
changed=$(diff "$HT" "$T/rolled.yaml" | grep '^>')
expect_lines "changed lines: id, issued, tet, from, to, three phases, one due" 9 "$changed"
expect_eq "nothing else changed" "" "$(printf '%s\n' "$changed" |
	grep -Ev '^>   (id|issued|tet|from|to): |^>     (before|during|after): |^>         due: ')"
expect_eq "vp-1 is due 4 days before Tết, as in 2022" ">         due: 2027-02-02" \
	"$(first_line "$changed" 'due: ')"

begin_test "every deadline keeps its distance from Tết"
mkdir -p "$T/p2022" "$T/p2027"
cp "$HT" "$T/p2022/"
kh roll "$HT" --to 2027 -o "$T/p2027/ha-tinh-tet-2027.yaml"
expect_exit 0
run "$KEHOACH" --db "$T/2022.db" --plans "$T/p2022" list --format json
expect_exit 0 "list of 2022"
LIST_2022=$OUT
run "$KEHOACH" --db "$T/2027.db" --plans "$T/p2027" list --format json
expect_exit 0 "list of 2027"
LIST_2027=$OUT
compared=$(python3 - "$LIST_2022" "$LIST_2027" <<'EOF'
import json, sys
from datetime import date

def from_tet(doc, tet):
    return {r["name"]: (date.fromisoformat(r["due"]) - tet).days
            for r in json.loads(doc)}

old = from_tet(sys.argv[1], date(2022, 2, 1))
new = from_tet(sys.argv[2], date(2027, 2, 6))
print(len(old), "duties")
for name in sorted(set(old) | set(new)):
    if old.get(name) != new.get(name):
        print("differs:", name, old.get(name), new.get(name))
EOF
)
expect_eq "all 43 assignments, each as far from Tết" "43 duties" "$compared"

begin_test "notes: texts that name the old year"
kh roll "$HT" --to 2027
expect_exit 0
expect_match "the title's Nhâm Dần" "$(first_line "$ERR" "'title'")" \
	"^kehoach: note: $HT:29:10: 'title' mentions 2022, Nhâm Dần; .* 2027, Đinh Mùi\$"
expect_match "a duty text" "$(first_line "$ERR" "'text'")" \
	"^kehoach: note: $HT:[0-9]+:[0-9]+: 'text' mentions "
expect_eq "only notes on stderr" "" "$(printf '%s\n' "$ERR" | grep -v '^kehoach: note: ')"
expect_not_contains "the notes are not in the plan" "$OUT" "note:"
expect_contains "the title is copied as written" "$OUT" \
	'title: "Phân công triển khai thực hiện các nhiệm vụ trước, trong và sau Tết Nguyên đán Nhâm Dần 2022"'

begin_test "-o writes the file, through a temporary file"
kh roll "$HT" --to 2027
cp "$OUT_FILE" "$T/stdout.yaml"
mkdir "$T/out"
kh roll "$HT" --to 2027 -o "$T/out/2027.yaml"
expect_exit 0
expect_eq "nothing on stdout" "" "$OUT"
expect_file "the file" "$T/out/2027.yaml"
expect_eq "the same as on stdout" "" "$(cmp "$T/stdout.yaml" "$T/out/2027.yaml" 2>&1)"
expect_eq "no temporary file left" "2027.yaml" "$(ls -A "$T/out")"
expect_contains "notes name the file written" "$ERR" "note: $T/out/2027.yaml:29:10: "
kh roll "$HT" --to 2027 --output="$T/out/2027.yaml"
expect_exit 0 "--output= over an existing file"
# The input itself, when -o names it: the plan is rolled in place.
cp "$HT" "$T/plan.yaml"
kh roll "$T/plan.yaml" --to 2023 -o "$T/plan.yaml"
expect_exit 0
expect_eq "rolled in place" "  tet: 2023" "$(grep -E '^  tet: ' "$T/plan.yaml")"
expect_eq "still no temporary file" "" "$(ls -A "$T" | grep 'tmp')"

begin_test "--keep lunar: dates keep their lunar day"
kh roll "$HT" --to 2027 --keep lunar
expect_exit 0
cp "$OUT_FILE" "$T/lunar.yaml"
kh check "$T/lunar.yaml"
expect_exit 0 "check of the plan rolled by lunar days"
# vp-1 was due on 2022-01-28, 26 tháng Chạp Tân Sửu.
due=$(grep -E '^        due: ' "$T/lunar.yaml" | head -n 1 | sed 's/.*due: //')
kh lunar "$due" --format json
expect_eq "vp-1: 26 tháng Chạp of the year before Tết 2027" "[26, 12, 2026, false]" \
	"$(jq_py '[d["day"], d["month"], d["year"], d["leap"]]')"
kh roll "$HT" --to 2027 --keep=tet
cp "$OUT_FILE" "$T/tet.yaml"
kh roll "$HT" --to 2027
expect_eq "--keep tet is the default" "" "$(cmp "$OUT_FILE" "$T/tet.yaml" 2>&1)"

begin_test "30/12 ÂL where the new tháng Chạp has 29 days: the 29th, with a note"
# 30 tháng Chạp Nhâm Dần is 21/01/2023; tháng Chạp of Giáp Thìn, before
# Tết 2025, has 29 days.
cat >"$T/p.yaml" <<'EOF'
kehoach: 1
plan:
  id: truc-tet-2023
  title: "Trực Tết"
  issuer: "Sở"
  tet: 2023
units:
  - id: vp
    name: "Văn phòng"
    duties:
      - { id: vp-1, text: "Trực đêm giao thừa", due: 30/12 ÂL }
EOF
kh roll "$T/p.yaml" --to 2025 -o "$T/p2025.yaml"
expect_exit 0
expect_eq "the day becomes the 29th, as written otherwise" \
	'      - { id: vp-1, text: "Trực đêm giao thừa", due: 29/12 ÂL }' \
	"$(grep 'vp-1' "$T/p2025.yaml")"
expect_eq "a note says so" \
	"kehoach: note: $T/p2025.yaml:11:54: 'due' 21/01/2023 (lunar 30/12) is a 30th, which month 12 of the lunar year Giáp Thìn does not have: it becomes 28/01/2025 (lunar 29/12)" \
	"$ERR"
kh check "$T/p2025.yaml"
expect_exit 0 "check of the rolled plan"

begin_test "usage errors exit 2"
for bad in 1899 2101 abc 20277 "" +2027 " 2027" 2027x; do
	kh roll "$HT" --to "$bad"
	expect_exit 2 "--to '$bad'"
	expect_contains "--to '$bad': what is expected" "$ERR" "expected a year from 1900 to 2100"
	expect_eq "--to '$bad': nothing on stdout" "" "$OUT"
done
kh roll "$HT"
expect_exit 2 "no --to"
expect_contains "says --to is needed" "$ERR" "--to YEAR"
kh roll --to 2027
expect_exit 2 "no plan file"
kh roll "$HT" "$HT" --to 2027
expect_exit 2 "two plan files"
kh roll "$HT" --to 2027 --keep moon
expect_exit 2 "an unknown --keep"
expect_contains "says what --keep takes" "$ERR" "tet or lunar"
kh roll "$HT" --to 2027 -o "$T/never.yaml" --bogus
expect_exit 2 "an unknown option"
expect_no_file "nothing written on a usage error" "$T/never.yaml"
kh roll --help
expect_exit 0
expect_match "--help" "$(first_line "$OUT" .)" '^Usage: kehoach roll PLAN-FILE --to YEAR'
kh_raw --help
expect_ne "kehoach --help lists roll" "" "$(first_line "$OUT" '^  roll PLAN-FILE --to YEAR ')"

begin_test "a plan without tet, or none at all, exits 1"
write_plan_without_tet "$T/khong-tet.yaml"
kh roll "$T/khong-tet.yaml" --to 2027 -o "$T/out.yaml"
expect_exit 1
expect_match "file:line:column: says tet: YEAR is needed" "$ERR" \
	"^kehoach: $T/khong-tet.yaml:3:3: roll needs 'tet: YEAR'"
expect_eq "nothing on stdout" "" "$OUT"
expect_no_file "nothing written" "$T/out.yaml"
kh roll "$T/missing.yaml" --to 2027
expect_exit 1 "a missing file"
expect_match "names it" "$ERR" "^kehoach: $T/missing.yaml: cannot open: "
printf 'kehoach: 1\nplan:\n  id: p\n  dua: x\n' >"$T/bad.yaml"
kh roll "$T/bad.yaml" --to 2027
expect_exit 1 "a plan that does not load"
expect_match "the loader's error" "$ERR" "^kehoach: $T/bad.yaml:4:3: unknown key 'dua'"
kh roll "$T" --to 2027
expect_exit 1 "a folder"
expect_contains "not a regular file" "$ERR" "not a regular file"

summary
