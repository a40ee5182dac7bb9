#!/bin/bash
# kehoach tet and kehoach lunar, and plans written with dates relative to
# Tết and lunar dates, end to end.
#
# Tết (mùng 1 tháng Giêng) 2022-2027 as Vietnamese calendars print it:
# 01/02/2022, 22/01/2023, 10/02/2024, 29/01/2025, 17/02/2026, 06/02/2027.
source "$(dirname "$0")/lib.sh" "$@"

# ---------------------------------------------------------------------------
begin_test "tet YEAR: the day, its weekday, its name"
kh tet 2027
expect_exit 0
expect_eq "first line" "2027-02-06 Thứ Bảy, 06/02/2027 — Tết Đinh Mùi" \
	"$(printf '%s\n' "$OUT" | head -n 1)"
expect_eq "nothing on stderr" "" "$ERR"
expect_no_file "no database for the calendar" "$DB"
declare -A TET=([2022]=01/02/2022 [2023]=22/01/2023 [2024]=10/02/2024
	[2025]=29/01/2025 [2026]=17/02/2026 [2027]=06/02/2027)
for year in 2022 2023 2024 2025 2026 2027; do
	kh tet "$year"
	expect_exit 0 "tet $year"
	d=${TET[$year]}
	iso=${d:6:4}-${d:3:2}-${d:0:2}
	expect_match "tet $year is $d" "$OUT" "^$iso [^,]+, $d — Tết "
done
kh tet 2022
expect_match "2022 was a Tuesday, Nhâm Dần" "$OUT" '^2022-02-01 Thứ Ba, 01/02/2022 — Tết Nhâm Dần$'
kh tet 2023
expect_match "2023: a Sunday" "$OUT" '^2023-01-22 Chủ Nhật, '

begin_test "tet YEAR: the default phases"
kh tet 2027
expect_lines "the day, a title and three phases" 5 "$OUT"
expect_match "before: tet-30 … tet-3" "$OUT" '^  before Tết +07/01/2027 – 03/02/2027  tet-30 … tet-3$'
expect_match "during: tet-2 … tet+4" "$OUT" '^  during Tết +04/02/2027 – 10/02/2027  tet-2 … tet\+4$'
expect_match "after: tet+5 … tet+14" "$OUT" '^  after Tết +11/02/2027 – 20/02/2027  tet\+5 … tet\+14$'
# The same days as a plan with tet: 2022 and no phases gives (the
# Hà Tĩnh plan's comment), but from tet-30 for want of `issued`.
kh tet 2022
expect_match "2022 during" "$OUT" '^  during Tết +30/01/2022 – 05/02/2022 '
expect_match "2022 after" "$OUT" '^  after Tết +06/02/2022 – 15/02/2022 '
kh --lang vi tet 2022
expect_match "in Vietnamese" "$OUT" '^  trước Tết +02/01/2022 – 29/01/2022  tet-30 … tet-3$'

begin_test "tet without YEAR: the year of today"
kh --today 2026-12-31 tet
expect_exit 0
expect_match "--today 2026-12-31" "$OUT" '^2026-02-17 '
run env KEHOACH_TODAY=2025-01-01 "$KEHOACH" --db "$DB" --plans "$PLANS" tet
expect_match "KEHOACH_TODAY 2025-01-01" "$OUT" '^2025-01-29 '
kh --today 2101-06-01 tet
expect_exit 2 "a year of today without a Tết known"
expect_contains "says so" "$ERR" "2101"

begin_test "tet: usage errors"
for bad in 1899 2101 abc 22022 +2022 " 2022" "" 2022x; do
	kh tet "$bad"
	expect_exit 2 "tet '$bad'"
	expect_contains "tet '$bad': what is expected" "$ERR" "expected a year from 1900 to 2100"
	expect_eq "tet '$bad': nothing on stdout" "" "$OUT"
done
kh tet -2022
expect_exit 2 "a negative year (an unknown option)"
kh tet 1900
expect_exit 0 "1900 is known"
kh tet 2100
expect_exit 0 "2100 is known"
kh tet 2022 2023
expect_exit 2 "two years"
kh tet --bad
expect_exit 2 "an unknown option"
kh tet --help
expect_exit 0
expect_match "--help" "$OUT" '^Usage: kehoach tet \[YEAR\]'

# ---------------------------------------------------------------------------
begin_test "lunar DATE: text"
kh lunar 2022-01-25
expect_exit 0
expect_eq "ông Công ông Táo 2022" "25/01/2022 — 23 tháng Chạp năm Tân Sửu" "$OUT"
kh lunar 25/01/2022
expect_eq "the Vietnamese form too" "25/01/2022 — 23 tháng Chạp năm Tân Sửu" "$OUT"
kh lunar 2025-01-28
expect_eq "the last day of Giáp Thìn: a 29th" "28/01/2025 — 29 tháng Chạp năm Giáp Thìn" "$OUT"
kh lunar 2025-01-29
expect_eq "Tết Ất Tỵ" "29/01/2025 — mùng 1 tháng Giêng năm Ất Tỵ" "$OUT"
kh lunar 2023-03-22
expect_eq "2023 has a leap month 2" "22/03/2023 — mùng 1 tháng Hai nhuận năm Quý Mão" "$OUT"
kh lunar 2023-03-21
expect_eq "the day before: the ordinary month 2" "21/03/2023 — 30 tháng Hai năm Quý Mão" "$OUT"
kh --today 2022-09-10 lunar
expect_eq "default: today (Trung thu 2022)" "10/09/2022 — 15 tháng Tám năm Nhâm Dần" "$OUT"

begin_test "lunar DATE --format json"
kh lunar 2022-01-25 --format json
expect_exit 0
expect_json "lunar json" "$OUT"
expect_eq "fields" '{"can_chi": "Tân Sửu", "date": "2022-01-25", "day": 23, "leap": false, "month": 12, "year": 2021}' \
	"$(jq_py 'd')"
kh lunar 2025-01-28 --format json
expect_eq "2025-01-28: the 29th of month 12 of 2024" "[29, 12, 2024, false]" \
	"$(jq_py '[d["day"], d["month"], d["year"], d["leap"]]')"
kh lunar --format=json 2023-03-22
expect_eq "2023-03-22: leap month 2" "[1, 2, 2023, true, \"Quý Mão\"]" \
	"$(jq_py '[d["day"], d["month"], d["year"], d["leap"], d["can_chi"]]')"

begin_test "lunar --tet: from the lunar calendar (or Tết) to the solar one"
kh lunar "23/12 ÂL" --tet 2027
expect_exit 0
expect_eq "Ông Công ông Táo before Tết 2027" "30/01/2027 — 23 tháng Chạp năm Bính Ngọ" "$OUT"
kh lunar "23/12 AL" --tet 2022 --format json
expect_eq "…before Tết 2022, as JSON" '["2022-01-25", 23, 12, 2021]' \
	"$(jq_py '[d["date"], d["day"], d["month"], d["year"]]')"
kh lunar tet+6 --tet 2027
expect_eq "mùng 7 Tết 2027" "12/02/2027 — mùng 7 tháng Giêng năm Đinh Mùi" "$OUT"
kh lunar "15/1 ÂL" --tet 2026
expect_contains "Rằm tháng Giêng 2026" "$OUT" "03/03/2026"
kh lunar 2022-01-25 --tet 2030
expect_eq "a solar date stays itself" "25/01/2022 — 23 tháng Chạp năm Tân Sửu" "$OUT"

begin_test "lunar: usage errors"
for bad in tet-3 tet "23/12 ÂL" "23/12 AL"; do
	kh lunar "$bad"
	expect_exit 2 "lunar '$bad'"
	expect_contains "lunar '$bad' says why" "$ERR" "counts from a Tết: say which with --tet YEAR"
	expect_eq "lunar '$bad': nothing on stdout" "" "$OUT"
done
kh lunar "30/12 ÂL" --tet 2025
expect_exit 2 "the 30th of a 29-day month"
expect_contains "…says there is none" "$ERR" "there is no '30/12 ÂL' around the Tết of 2025"
kh lunar "23/12 ÂL" --tet 1899
expect_exit 2 "a Tết outside the calendar"
for far in tet+99999 tet-1000 "Tết+1000000000000"; do
	kh lunar "$far" --tet 2022
	expect_exit 2 "lunar '$far' --tet 2022"
	expect_contains "lunar '$far': too far, and how far kehoach counts" "$ERR" \
		"'$far' is too far from Tết: kehoach counts at most 999 days before or after it (tet-999 to tet+999)"
done
kh lunar tet-999 --tet 2022
expect_exit 0 "tet-999 is within reach"
expect_contains "…and is a day" "$OUT" "09/05/2019"
kh lunar 2022-02-30
expect_exit 2 "an impossible date"
expect_contains "no such date" "$ERR" "no such date"
kh lunar hôm-nay
expect_exit 2 "not a date"
kh lunar 1900-01-30
expect_exit 2 "the day before Tết 1900"
expect_contains "says what is known" "$ERR" "31/01/1900 to 31/12/2100"
kh lunar 1900-01-31
expect_exit 0 "Tết 1900"
kh lunar 2101-01-01
expect_exit 2 "after 2100"
kh lunar 2022-01-25 --format tsv
expect_exit 2 "no TSV"
kh lunar 2022-01-25 2022-01-26
expect_exit 2 "two dates"

# ---------------------------------------------------------------------------
begin_test "a plan with relative and lunar dates"
copy_plans "$KEHOACH_TEST_DATA/good/tet-relative.yaml" "$KEHOACH_TEST_DATA/good/lunar.yaml"
kh --today 2027-02-05 list --format tsv
expect_exit 0
expect_match "tet-3: due 2027-02-03, overdue on tet-1" "$OUT" $'^tuong-doi\tvp\ttru-3\ttru-3\t\t2027-02-03\ttodo\toverdue\t'
expect_match "tet+6" "$OUT" $'^tuong-doi\tvp\tcong-6\tcong-6\t\t2027-02-12\t'
expect_match "23/12 ÂL with tet: 2022" "$OUT" $'^am-lich\tvp\tong-tao\tong-tao\t\t2022-01-25\t'
kh check "$KEHOACH_TEST_DATA/bad/lunar-30-tet-2025.yaml"
expect_exit 1
expect_contains "a lunar 30th that does not exist" "$ERR" \
	"lunar-30-tet-2025.yaml:16:14: 30/12 ÂL does not exist: tháng Chạp of the lunar year Giáp Thìn (2024–2025) has 29 days"
kh check "$KEHOACH_TEST_DATA/bad/date-tet-relative.yaml"
expect_exit 1
expect_contains "a relative date without tet" "$ERR" \
	"date-tet-relative.yaml:13:14: 'tet-3' needs plan.tet: add 'tet: YEAR' to the plan"

summary
