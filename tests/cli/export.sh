#!/bin/bash
# kehoach export: the open duties with a deadline as an iCalendar file
# (RFC 5545) that a real parser (Python's icalendar, Debian's
# python3-icalendar) reads back with the same count, days and UIDs; UIDs
# that stay from one export to the next; alarms the configured number of
# working days before; and the same rows as CSV.
source "$(dirname "$0")/lib.sh" "$@"

# The parser is Debian's package: its python3, whatever else is on PATH.
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
if ! "$PY" -c 'import icalendar' 2>/dev/null; then
	echo "FATAL: $(basename "$0") needs Python's icalendar (Debian: python3-icalendar)" >&2
	exit 1
fi

cat >"$TEST_ROOT/check_ics.py" <<'PY'
"""check_ics.py ICS LIST_JSON: the calendar against list --format json.
Prints one line per event: UID, day, alarm day; then 'events N'."""
import datetime, json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
rows = json.load(open(sys.argv[2], encoding="utf-8"))
want = {}
for r in rows:
    if r["state"] != "done" and not r["cancelled"] and r["due"]:
        want[f'{r["plan"]}.{r["id"]}.{r["unit"]}@kehoach'] = r
events = list(cal.walk("VEVENT"))
uids = [str(e["UID"]) for e in events]
assert len(uids) == len(set(uids)), "UIDs repeat"
assert set(uids) == set(want), (sorted(set(uids) ^ set(want)))[:5]
for e in events:
    r = want[str(e["UID"])]
    start = e.decoded("DTSTART")
    assert isinstance(start, datetime.date) and not isinstance(start, datetime.datetime)
    assert start.isoformat() == r["due"], (e["UID"], start, r["due"])
    assert e.decoded("DTEND") == start + datetime.timedelta(days=1)
    assert str(e["SUMMARY"]).endswith(r["text"]), (str(e["SUMMARY"]), r["text"])
    alarms = list(e.walk("VALARM"))
    assert len(alarms) == 1
    trigger = alarms[0].decoded("TRIGGER")
    print(e["UID"], start.isoformat(), trigger.date().isoformat(), trigger.strftime("%H:%M%z"))
print("events", len(events))
PY

# A plan with a text full of what iCalendar escapes, a group, a done, a
# withdrawn and a deadless duty; Tết 2024 (10/02) in the way of alarms.
write_plan() {
	cat >"$PLANS/lich.yaml" <<'YAML'
kehoach: 1
plan:
  id: lich
  title: "Lịch"
  issuer: "Sở"
  tet: 2024
  from: 2024-01-02
  to: 2024-03-01
  phases: {}
units:
  - id: nhom
    name: "Các phòng"
    members: [vp, tt]
    duties:
      - { id: chung-1, text: "Họp giao ban; báo cáo, tổng hợp \\ kết quả", due: 2024-02-20 }
  - id: vp
    name: "Văn phòng Sở"
    duties:
      - { id: vp-1, text: "Trực Tết", due: 2024-02-15 }
      - { id: vp-2, text: "Đã xong", due: 2024-01-20 }
      - { id: vp-3, text: "Thường xuyên" }
      - { id: vp-4, text: "Rút lại", due: 2024-01-30 }
  - id: tt
    name: "Thanh tra Sở"
    duties:
      - { id: tt-1, text: "Kiểm tra", due: 2024-01-22 }
YAML
	kh sync
	kh --today 2024-01-10 done vp-2
	kh --today 2024-01-10 cancel vp-4 --reason "Không cần nữa"
}

# ---------------------------------------------------------------------------
begin_test "ics: every open duty with a deadline, read back by icalendar"
write_plan
kh --today 2024-01-10 export -o "$T/all.ics"
expect_exit 0
kh --today 2024-01-10 list --format json
cp "$OUT_FILE" "$T/list.json"
run "$PY" "$TEST_ROOT/check_ics.py" "$T/all.ics" "$T/list.json"
expect_exit 0 "icalendar reads it and it agrees with list"
# vp-3 has no due: its deadline is the plan's end.
expect_contains "five events (a group's duty for each member)" "$OUT" "events 5"
expect_contains "a standing duty on the plan's end" "$OUT" "lich.vp-3.vp@kehoach 2024-03-01"
# Alarms: 3 working days before, at 08:00 in Vietnam (01:00 UTC). Tết
# Giáp Thìn is 10/02/2024: 08/02 (29 Chạp) to 14/02 (mùng 5, nghỉ bù)
# are off, so vp-1 due Thursday 15/02 is announced on Tuesday 06/02.
expect_contains "vp-1's alarm skips Tết" "$OUT" "lich.vp-1.vp@kehoach 2024-02-15 2024-02-06 01:00+0000"
expect_contains "tt-1's alarm skips a weekend" "$OUT" "lich.tt-1.tt@kehoach 2024-01-22 2024-01-17 01:00+0000"
expect_contains "RFC 5545 line ends" "$(od -c "$T/all.ics" | head -3)" '\r  \n'
expect_contains "escaped" "$(tr -d '\r\n ' <"$T/all.ics")" 'Họpgiaoban\;báocáo\,tổnghợp\\kếtquả'

# ---------------------------------------------------------------------------
begin_test "a second export after changes: the same UIDs, the new days"
write_plan
kh --today 2024-01-10 export -o "$T/first.ics"
kh --today 2024-01-10 extend tt-1 --to 2024-01-31 --reason "Chờ số liệu"
kh --today 2024-01-10 done chung-1@vp
kh --today 2024-01-10 export -o "$T/second.ics"
kh --today 2024-01-10 list --format json
cp "$OUT_FILE" "$T/list.json"
run "$PY" "$TEST_ROOT/check_ics.py" "$T/second.ics" "$T/list.json"
expect_exit 0 "the second export agrees with list"
expect_contains "tt-1 moved, its UID kept" "$OUT" "lich.tt-1.tt@kehoach 2024-01-31"
expect_contains "four events" "$OUT" "events 4"
uids() { grep -o '^UID:[^\r]*' "$1" | sort; }
expect_eq "every UID of the second was in the first" "" \
	"$(comm -13 <(uids "$T/first.ics") <(uids "$T/second.ics"))"

# ---------------------------------------------------------------------------
begin_test "--unit and --plan; csv the same rows"
write_plan
kh --today 2024-01-10 export --unit vp -o "$T/vp.ics"
expect_eq "vp: three events" 3 "$(grep -c '^BEGIN:VEVENT' "$T/vp.ics")"
kh --today 2024-01-10 export --plan lich --format csv -o "$T/all.csv"
expect_exit 0
run "$PY" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
print(len(rows) - 1, rows[0][-1], sorted(r[-1] for r in rows[1:])[0])' "$T/all.csv"
expect_eq "csv rows and UIDs" "5 uid lich.chung-1.tt@kehoach" "$OUT"
kh --today 2024-01-10 export --format csv
expect_contains "Vietnamese intact" "$OUT" "Họp giao ban; báo cáo, tổng hợp \\ kết quả"

# ---------------------------------------------------------------------------
begin_test "due_soon_days moves the alarms"
write_plan
printf 'due_soon_days: 1\n' >"$T/k.yaml"
kh --config "$T/k.yaml" --today 2024-01-10 export -o "$T/one.ics"
kh --today 2024-01-10 list --format json
cp "$OUT_FILE" "$T/list.json"
run "$PY" "$TEST_ROOT/check_ics.py" "$T/one.ics" "$T/list.json"
expect_contains "one working day before Monday: Friday" "$OUT" "lich.tt-1.tt@kehoach 2024-01-22 2024-01-19"

summary
