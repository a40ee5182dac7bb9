#!/bin/bash
# kehoach holidays, the configuration's holidays:, workdays: and
# due_soon_days:, and "due soon" counted in working days.
#
# The days off of 2025 as the rules compute them (the notice of that year
# moved Monday 27/1 into Tết for Saturday 8/2: the configuration says so).
source "$(dirname "$0")/lib.sh" "$@"

# ---------------------------------------------------------------------------
begin_test "holidays 2025: one line per day off, in order"
kh holidays 2025
expect_exit 0
expect_eq "nothing on stderr" "" "$ERR"
expect_lines "twelve days" 12 "$OUT"
expect_eq "New Year" "01/01/2025  Thứ Tư  New Year's Day" "$(printf '%s\n' "$OUT" | head -n 1)"
expect_match "29 Chạp Giáp Thìn (the month has 29 days)" "$OUT" \
	"^28/01/2025  Thứ Ba  Lunar New Year \(Tết\)$"
expect_match "mùng 4, a Saturday" "$OUT" "^01/02/2025  Thứ Bảy  Lunar New Year \(Tết\)$"
expect_match "its day in lieu" "$OUT" "^03/02/2025  Thứ Hai  day off in lieu$"
expect_match "Giỗ Tổ, 10/3 ÂL" "$OUT" "^07/04/2025  Thứ Hai  Hùng Kings' Commemoration$"
expect_match "30/4" "$OUT" "^30/04/2025  Thứ Tư  Reunification Day$"
expect_match "1/5" "$OUT" "^01/05/2025  Thứ Năm  International Labour Day$"
expect_match "2/9 a Tuesday: Monday 1/9 too" "$OUT" "^01/09/2025  Thứ Hai  National Day$"
expect_no_match "no weekend listed" "$OUT" "^08/03/2025"
expect_no_file "no database for the calendar" "$DB"
KEHOACH_LANG=vi kh holidays 2025
expect_match "in Vietnamese" "$OUT" "^28/01/2025  Thứ Ba  Tết Nguyên đán$"
expect_match "in Vietnamese: in lieu" "$OUT" "^03/02/2025  Thứ Hai  nghỉ bù$"
expect_match "in Vietnamese: Giỗ Tổ" "$OUT" "^07/04/2025  Thứ Hai  Giỗ Tổ Hùng Vương$"

begin_test "holidays: the year of --today, and usage errors"
kh --today 2026-06-01 holidays
expect_exit 0
expect_match "2026: Giỗ Tổ a Sunday" "$OUT" "^26/04/2026  Chủ Nhật  Hùng Kings' Commemoration$"
expect_match "2026: Monday in lieu" "$OUT" "^27/04/2026  Thứ Hai  day off in lieu$"
for bad in 1899 2101 abc; do
	kh holidays "$bad"
	expect_exit 2 "holidays '$bad'"
	expect_contains "holidays '$bad': what is expected" "$ERR" "expected a year from 1900 to 2100"
done
kh holidays 2025 --format xml
expect_exit 2 "--format xml"

begin_test "holidays --format json: an array of date and name"
kh holidays 2025 --format json
expect_exit 0
expect_json "the output" "$OUT"
expect_eq "twelve objects" "12" "$(jq_py 'len(d)')"
expect_eq "only date and name" '["date", "name"]' \
	"$(jq_py 'sorted(set(k for o in d for k in o))')"
expect_eq "Tết's days" '["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01"]' \
	"$(jq_py '[o["date"] for o in d if o["name"] == "Lunar New Year (Tết)"]')"
expect_eq "Quốc khánh" '["2025-09-01", "2025-09-02"]' \
	"$(jq_py '[o["date"] for o in d if o["name"] == "National Day"]')"
expect_eq "sorted" "True" "$(jq_py 'str([o["date"] for o in d] == sorted(o["date"] for o in d))')"
KEHOACH_LANG=vi kh holidays 2024 --format json
expect_eq "2024 in Vietnamese: Quốc khánh 2/9 and 3/9" '["2024-09-02", "2024-09-03"]' \
	"$(jq_py '[o["date"] for o in d if o["name"] == "Quốc khánh"]')"

begin_test "the configuration corrects the calendar"
cat >"$T/config.yaml" <<'YAML'
holidays:
  2025: [2025-01-27]
workdays: [08/02/2025, 2025-02-03]
YAML
kh --config "$T/config.yaml" holidays 2025 --format json
expect_exit 0
expect_eq "27/1 added, by decision" "day off by decision" \
	"$(jq_py '[o["name"] for o in d if o["date"] == "2025-01-27"][0]')"
expect_eq "3/2 worked: not listed" "[]" \
	"$(jq_py '[o for o in d if o["date"] == "2025-02-03"]')"
expect_eq "twelve days" "12" "$(jq_py 'len(d)')"

begin_test "a bad value in the configuration: file:line:column"
printf 'lang: en\ndue_soon_days: 40\n' >"$T/bad.yaml"
kh --config "$T/bad.yaml" holidays 2025
expect_exit 1
expect_contains "where and what" "$ERR" \
	"bad.yaml:2:16: expected a number of working days from 0 to 30, found '40'"
printf 'holidays:\n  2025: [2025-01-27, 2026-01-02]\n' >"$T/bad.yaml"
kh --config "$T/bad.yaml" holidays 2025
expect_exit 1
expect_contains "a date of another year" "$ERR" \
	"bad.yaml:2:22: 2026-01-02 is not in 2025: list it under 2026"
printf 'workdays: [2025-02-30]\n' >"$T/bad.yaml"
kh --config "$T/bad.yaml" holidays 2025
expect_exit 1
expect_contains "no such day" "$ERR" "bad.yaml:1:12: expected a date"

# ---------------------------------------------------------------------------
# A plan whose duties are due on either side of a weekend and of Tết.
write_plan() {
	cat >"$PLANS/soon.yaml" <<'YAML'
kehoach: 1
plan:
  id: soon
  title: "Hạn gần"
  issuer: "Sở Nội vụ"
units:
  - id: vp
    name: "Văn phòng"
    duties:
      - id: vp-1
        text: "Hạn thứ Hai"
        due: 2025-03-10
      - id: vp-2
        text: "Hạn thứ Tư"
        due: 2025-03-12
      - id: vp-3
        text: "Hạn thứ Năm"
        due: 2025-03-13
      - id: vp-4
        text: "Hạn sau Tết"
        due: 2025-02-05
      - id: vp-5
        text: "Hạn sau Tết một ngày"
        due: 2025-02-06
YAML
}

# due_soon of each duty, "vp-1=true vp-2=…".
soon_flags() {
	jq_py '" ".join("%s=%s" % (r["id"], json.dumps(r["due_soon"])) for r in d)'
}

begin_test "due soon: three working days, across a weekend"
write_plan
# Friday 7/3/2025: Monday, Tuesday and Wednesday are the three working days.
kh --today 2025-03-07 list --format json
expect_exit 0
expect_eq "Monday and Wednesday due soon, Thursday not" \
	"vp-1=true vp-2=true vp-3=false vp-4=false vp-5=false" "$(soon_flags)"
kh --today 2025-03-07 units --format json
expect_eq "units count them" "2" "$(jq_py '[u["due_soon"] for u in d if u["unit"] == "vp"][0]')"
# Monday 10/3: to Thursday 13/3, as three calendar days would too.
kh --today 2025-03-10 list --format json
expect_eq "from a Monday" "vp-1=true vp-2=true vp-3=true vp-4=false vp-5=false" "$(soon_flags)"

begin_test "due soon: across Tết, and the configuration's days"
write_plan
# Friday 24/1/2025: Monday 27/1, then Tết and its day in lieu to Tuesday
# 4/2, then Wednesday 5/2.
kh --today 2025-01-24 list --format json
expect_eq "to 5/2" "vp-1=false vp-2=false vp-3=false vp-4=true vp-5=false" "$(soon_flags)"
# The decision makes 27/1 a day off and 3/2 a working day: three working
# days are then 3/2, 4/2, 5/2.
printf 'holidays: {2025: [2025-01-27]}\nworkdays: [2025-02-03]\n' >"$T/config.yaml"
kh --config "$T/config.yaml" --today 2025-01-24 list --format json
expect_eq "still to 5/2" "vp-1=false vp-2=false vp-3=false vp-4=true vp-5=false" "$(soon_flags)"
printf 'holidays: {2025: [2025-01-27, 2025-02-03]}\n' >"$T/config.yaml"
kh --config "$T/config.yaml" --today 2025-01-24 list --format json
expect_eq "with 3/2 off too: to 6/2" "vp-1=false vp-2=false vp-3=false vp-4=true vp-5=true" "$(soon_flags)"

begin_test "due soon: due_soon_days in the configuration"
write_plan
printf 'due_soon_days: 1\n' >"$T/config.yaml"
kh --config "$T/config.yaml" --today 2025-03-07 list --format json
expect_eq "one working day: Monday only" \
	"vp-1=true vp-2=false vp-3=false vp-4=false vp-5=false" "$(soon_flags)"
printf 'due_soon_days: 0\n' >"$T/config.yaml"
kh --config "$T/config.yaml" --today 2025-03-10 list --format json
expect_eq "none: due today only" \
	"vp-1=true vp-2=false vp-3=false vp-4=false vp-5=false" "$(soon_flags)"

summary
