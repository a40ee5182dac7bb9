#!/bin/bash
# kehoach done / start / reopen / undo / history / show: changing a duty's
# state, naming duties (ID, ID@UNIT, PLAN/ID), what the database records
# (the OS user from getuid, the time, old → new, the note), Vietnamese
# notes, and control characters that must never reach the terminal raw.
source "$(dirname "$0")/lib.sh" "$@"

setup() {
	sync_fixtures small.yaml "$@"
}

# status ID [UNIT]: "state|note|done_on" of a duty of plan thu-nghiem
# (for a group duty, the member UNIT's share), read from the database.
status() {
	local unit_clause=""
	[[ -n ${2:-} ]] && unit_clause="AND u.id = '$2'"
	sql "SELECT a.state || '|' || coalesce(a.note, '<null>') || '|' ||
	        coalesce(a.done_on, '<null>')
	     FROM assignment a JOIN duty d ON d.key = a.duty_key
	     JOIN plan p ON p.key = d.plan_key JOIN unit u ON u.key = a.unit_key
	     WHERE p.id = 'thu-nghiem' AND d.id = '$1' $unit_clause"
}

# state ID [UNIT]: just the state number (0 todo, 1 doing, 2 done).
state() {
	status "$@" | cut -d'|' -f1
}

history_rows() {
	sql "SELECT count(*) FROM history"
}

# The JSON row of `list --format json` for a name: field value.
list_field() {   # NAME FIELD
	kh --today 2022-01-26 list --format json
	jq_py "[r['$2'] for r in d if r['name'] == '$1'][0]"
}

# ---------------------------------------------------------------------------
begin_test "done ID --note TEXT --on DATE"
setup
expect_eq "no history yet" "0" "$(history_rows)"
kh --today 2022-01-26 done vp-1 --note "Đã trao quà" --on 2022-01-24
expect_exit 0
expect_eq "stdout" "vp-1: done" "$OUT"
expect_eq "state done in the database" "2" "$(state vp-1)"
expect_eq "note in the database" "Đã trao quà" \
	"$(sql "SELECT note FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")"
expect_eq "one history row" "1" "$(history_rows)"
expect_eq "list: state" "done" "$(list_field vp-1 state)"
expect_eq "list: note" "Đã trao quà" "$(list_field vp-1 note)"
expect_eq "list: done on the --on date" "2022-01-24" "$(list_field vp-1 done_on)"
expect_eq "list: no longer overdue" "false" "$(list_field vp-1 overdue)"
kh --today 2022-01-26 show vp-1
expect_exit 0
expect_match "show: status and day" "$OUT" 'done, done on 24/01/2022'
expect_match "show: the note" "$OUT" 'Note: +Đã trao quà'
expect_match "show: who" "$OUT" "by $OS_USER"
# Without --on, the day is today.
kh --today 2022-01-27 done kt-2
expect_exit 0
expect_eq "done without --on: today" "2022-01-27" "$(list_field kt-2 done_on)"
expect_eq "note stays empty" "null" "$(list_field kt-2 note)"
expect_eq "two history rows" "2" "$(history_rows)"
kh --today 2022-01-27 done kt-1 --on 25/01/2022
expect_exit 0
expect_eq "--on DD/MM/YYYY" "2022-01-25" "$(list_field kt-1 done_on)"
kh --today 2022-01-27 done kt-1 --on 2022-01-27
expect_exit 0 "--on today"

begin_test "bad arguments change nothing"
setup
kh done vp-1 --on 2022-02-30
expect_exit 2 "--on an impossible date"
kh done vp-1 --on tomorrow
expect_exit 2 "--on not a date"
kh done vp-1 --on 9999-12-31
expect_exit 2 "--on far in the future"
expect_contains "…says why" "$ERR" "--on: 9999-12-31 is after today"
expect_contains "…and what to give" "$ERR" "give the day it was done"
kh --today 2022-01-26 done vp-1 --on 27/01/2022
expect_exit 2 "--on the day after --today"
expect_contains "…naming today as --today gives it" "$ERR" "27/01/2022 is after today (26/01/2022)"
kh done
expect_exit 2 "no duty name"
# Several duties change together or not at all: one unknown name, and
# the one known is not marked either.
kh done vp-1 no-such-duty
expect_exit 1 "two duty names, one unknown"
kh done vp-1 --note
expect_exit 2 "--note without a value"
kh start vp-1 --on 2022-01-24
expect_exit 2 "start has no --on"
kh done vp-1 --bogus
expect_exit 2 "unknown option"
kh done vp-1 --note $'bad \xff byte'
expect_exit 2 "a note that is not UTF-8"
expect_eq "nothing recorded" "0" "$(history_rows)"
expect_eq "vp-1 still todo" "0|<null>|<null>" "$(status vp-1)"

begin_test "start, reopen, the same state again, clearing the note"
setup
kh --today 2022-01-20 start vp-2 --note "đang soạn"
expect_exit 0
expect_eq "stdout" "vp-2: doing" "$OUT"
expect_eq "doing" "1|đang soạn|<null>" "$(status vp-2)"
kh --today 2022-01-20 start vp-2
expect_exit 0
expect_contains "the same state again changes nothing" "$OUT" "nothing changed"
expect_eq "still one history row" "1" "$(history_rows)"
kh --today 2022-01-21 done vp-2 --on 2022-01-21
expect_eq "done keeps the note" "2|đang soạn|$(sql "SELECT done_on FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-2'")" "$(status vp-2)"
kh --today 2022-01-22 reopen vp-2 --note "thiếu số liệu"
expect_exit 0
expect_eq "stdout" "vp-2: todo" "$OUT"
expect_eq "reopened: todo, new note, no done day" "0|thiếu số liệu|<null>" "$(status vp-2)"
kh --today 2022-01-22 reopen vp-2 --note ""
expect_exit 0
expect_eq "--note \"\" clears the note" "0|<null>|<null>" "$(status vp-2)"
expect_eq "four history rows" "4" "$(history_rows)"
expect_eq "history rows in the database match" "0>1 1>2 2>0 0>0" \
	"$(sql "SELECT group_concat(old_state || '>' || new_state, ' ') FROM (SELECT * FROM history ORDER BY seq)")"

begin_test "a note holds at most 4096 bytes of NFC"
setup
e_nfc=$(printf 'ế%.0s' $(seq 1365))
kh done vp-1 --note "${e_nfc}a"
expect_exit 0 "4096 bytes"
expect_eq "kept whole" 4096 \
	"$(sql "SELECT length(CAST(note AS BLOB)) FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")"
kh done vp-2 --note "${e_nfc}ab"
expect_exit 1 "4097 bytes"
expect_contains "says the limit in bytes" "$ERR" "the note is 4097 bytes long; a note holds at most 4096 bytes"
expect_eq "nothing recorded" "0|<null>|<null>" "$(status vp-2)"
# Decomposed, the same letters take 5 bytes each: the limit is on the
# NFC form that is stored.
e_nfd=$(printf 'e\xcc\x82\xcc\x81%.0s' $(seq 1365))
kh start vp-2 --note "${e_nfd}a"
expect_exit 0 "6826 bytes of NFD, 4096 in NFC"
expect_eq "stored in NFC" "1|${e_nfc}a|<null>" "$(status vp-2)"
kh --lang vi start vp-3 --note "${e_nfc}ab"
expect_exit 1
expect_contains "in Vietnamese" "$ERR" "tối đa 4096 byte"

begin_test "history: who (getuid, not \$USER), when, old → new, note"
setup
before=$(date +%s)
USER=somebody-else LOGNAME=somebody-else kh --today 2022-01-26 done vp-1 --note "xong rồi" --on 2022-01-25
after=$(date +%s)
expect_exit 0
USER=somebody-else LOGNAME=somebody-else kh --today 2022-01-26 start kt-1
expect_eq "database: user" "$OS_USER|$OS_USER" \
	"$(sql "SELECT group_concat(user, '|') FROM history")"
expect_eq "database: uid" "$(id -u)" "$(sql "SELECT uid FROM history WHERE seq = 1")"
at=$(sql "SELECT at FROM history WHERE seq = 1")
((at >= before - 1 && at <= after + 1)) && pass ||
	fail "database: the time of the change" "between $before and $after" "$at"
expect_eq "assignment: changed_by" "$OS_USER" \
	"$(sql "SELECT changed_by FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")"
kh history
expect_exit 0
expect_lines "two changes" 2 "$OUT"
expect_match "text: first change" "$OUT" \
	"^[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2} +$OS_USER +thu-nghiem/vp-1 +todo → done +xong rồi\$"
expect_match "text: second change" "$OUT" "$OS_USER +thu-nghiem/kt-1 +todo → doing\$"
expect_not_contains "never \$USER" "$OUT" "somebody-else"
kh history vp-1 --format json
expect_exit 0
expect_json "history vp-1 --format json" "$OUT"
expect_eq "one change of vp-1" "1" "$(jq_py 'len(d)')"
expect_eq "user" "$OS_USER" "$(jq_py 'd[0]["user"]')"
expect_eq "uid" "$(id -u)" "$(jq_py 'd[0]["uid"]')"
expect_eq "old" "todo" "$(jq_py 'd[0]["old"]')"
expect_eq "new" "done" "$(jq_py 'd[0]["new"]')"
expect_eq "note" "xong rồi" "$(jq_py 'd[0]["note"]')"
expect_eq "plan and id" "thu-nghiem vp-1" "$(jq_py 'd[0]["plan"] + " " + d[0]["id"]')"
expect_eq "done_on" "2022-01-25" "$(jq_py 'd[0]["done_on"]')"
when=$(jq_py 'd[0]["at"]')
when_unix=$(python3 -c 'import sys, datetime
s = sys.argv[1]
for f in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
    try:
        print(int(datetime.datetime.strptime(s, f).timestamp())); break
    except ValueError:
        pass
else:
    print("unparsable")' "$when")
[[ $when_unix =~ ^[0-9]+$ ]] && ((when_unix >= before - 1 && when_unix <= after + 1)) && pass ||
	fail "JSON at is the time of the change" "ISO time between $before and $after" "$when ($when_unix)"
kh history kt-1 --format json
expect_eq "history kt-1: one change" "1" "$(jq_py 'len(d)')"
expect_eq "history kt-1: doing" "doing" "$(jq_py 'd[0]["new"]')"
kh history --format json
expect_eq "all history: 2" "2" "$(jq_py 'len(d)')"
kh history vp-2 --format json
expect_exit 0
expect_eq "no change of vp-2: []" "0" "$(jq_py 'len(d)')"
kh history --format tsv
expect_exit 2 "history has no tsv"
kh history nosuch
expect_exit 1 "history of an unknown duty"

if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null 2>&1 &&
	getent passwd nobody >/dev/null; then
	begin_test "another OS user: recorded by name; undo refuses to undo over them"
	setup
	kh done vp-1 --note "của root"
	chmod 755 "$TEST_ROOT"
	chmod 777 "$T"
	chmod 666 "$DB"
	nobody_uid=$(id -u nobody)
	run setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		"$KEHOACH" --db "$DB" --plans "$PLANS" start vp-1 --note "của nobody"
	expect_exit 0 "nobody marks vp-1"
	expect_eq "recorded as nobody" "nobody|$nobody_uid" \
		"$(sql "SELECT user || '|' || uid FROM history WHERE seq = 2")"
	kh undo
	expect_exit 1 "undo over another user's later change is refused"
	expect_contains "the refusal names who" "$ERR" "nobody"
	expect_eq "nothing changed" "1|của nobody|<null>" "$(status vp-1)"
	expect_eq "no history row added" "2" "$(history_rows)"
else
	echo "# (skipped the test with a second OS user: needs root and setpriv)"
fi

# ---------------------------------------------------------------------------
begin_test "undo: the last change by this user; again goes further back"
setup
kh --today 2022-01-20 start vp-1 --note "đang làm"
kh --today 2022-01-21 done vp-1 --note "xong" --on 2022-01-21
kh --today 2022-01-22 done kt-1
expect_eq "three changes" "3" "$(history_rows)"
kh undo
expect_exit 0
expect_eq "undo 1: says what" "thu-nghiem/kt-1: done → todo" "$OUT"
expect_eq "undo 1: kt-1 todo again" "0|<null>|<null>" "$(status kt-1)"
expect_eq "undo 1: vp-1 untouched" "2|xong|$(sql "SELECT done_on FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")" "$(status vp-1)"
kh undo
expect_exit 0
expect_eq "undo 2: says what" "thu-nghiem/vp-1: done → doing" "$OUT"
expect_eq "undo 2: vp-1 doing with its old note" "1|đang làm|<null>" "$(status vp-1)"
kh undo
expect_exit 0
expect_eq "undo 3: vp-1 todo, no note" "0|<null>|<null>" "$(status vp-1)"
kh undo
expect_exit 0
expect_eq "nothing left to undo" "Nothing to undo." "$OUT"
expect_eq "each undo is a history row" "6" "$(history_rows)"
expect_eq "undo rows point at what they undid" "3 2 1" \
	"$(sql "SELECT group_concat(undoes, ' ') FROM (SELECT undoes FROM history WHERE undoes IS NOT NULL ORDER BY seq)")"
kh history
expect_lines "history shows six lines" 6 "$OUT"
expect_match "undo rows are marked" "$OUT" 'thu-nghiem/kt-1 +done → todo \(undo\)'
kh undo extra
expect_exit 2 "undo takes no arguments"

begin_test "undo restores the done day"
setup
kh --today 2022-01-26 done vp-1 --on 2022-01-24
kh --today 2022-01-27 done vp-1 --on 2022-01-25
expect_eq "done day moved" "2022-01-25" "$(list_field vp-1 done_on)"
kh undo
expect_exit 0
expect_eq "undo: the first done day is back" "2022-01-24" "$(list_field vp-1 done_on)"
expect_eq "undo: still done" "done" "$(list_field vp-1 state)"

# plan_without ID-REGEX: small.yaml in $PLANS without the duties whose
# ids match.
plan_without() {
	python3 - "$CLI_DATA/small.yaml" "$PLANS/small.yaml" "$1" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"      - id: (%s)\n(        .*\n)+" % sys.argv[3], "", s)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
}

begin_test "undo passes over changes to duties since removed from their plan"
setup
kh --today 2022-01-20 done vp-1
kh --today 2022-01-21 done vp-2
kh --today 2022-01-21 start vp-3
plan_without 'vp-2|vp-3'
kh sync
expect_exit 0 "setup: the plan without vp-2 and vp-3"
kh list --format tsv
expect_not_contains "setup: vp-3 gone" "$OUT" "vp-3"
kh undo
expect_exit 0 "undo"
expect_eq "undo says what it passed over, and undoes the change before" \
	"Your 2 later changes to duties no longer in any plan (the latest to thu-nghiem/vp-3) cannot be undone.
thu-nghiem/vp-1: done → todo" "$OUT"
expect_eq "vp-1 todo again" "0" "$(state vp-1)"
kh undo
expect_exit 0 "undo again"
expect_eq "nothing left, and it says why" \
	"Your 2 later changes to duties no longer in any plan (the latest to thu-nghiem/vp-3) cannot be undone.
Nothing to undo." "$OUT"
# vp-3 back in the plan: its change can be undone again.
plan_without 'vp-2'
kh undo
expect_exit 0 "undo once vp-3 is back"
expect_eq "vp-3, the latest change, undone" "thu-nghiem/vp-3: doing → todo" "$OUT"
kh undo
expect_exit 0 "undo after that"
expect_eq "vp-2 passed over" \
	"Your later change to thu-nghiem/vp-2 cannot be undone: that duty is no longer in any plan.
Nothing to undo." "$OUT"
expect_eq "vp-2 is still done in the database" "2" "$(state vp-2)"
expect_eq "two undo rows" "5" "$(history_rows)"

# ---------------------------------------------------------------------------
begin_test "group duties: ID@UNIT; the bare ID is refused with the names"
setup
kh --today 2022-02-01 done chung-1@kt --note "kt đã kiểm tra"
expect_exit 0
expect_eq "stdout" "chung-1@kt: done" "$OUT"
expect_eq "kt's share done" "2|kt đã kiểm tra" "$(status chung-1 kt | cut -d'|' -f1,2)"
expect_eq "vp's share untouched" "0|<null>|<null>" "$(status chung-1 vp)"
kh --today 2022-02-01 done chung-1
expect_exit 1 "the bare group duty id"
expect_contains "lists chung-1@vp" "$ERR" "chung-1@vp"
expect_contains "lists chung-1@kt" "$ERR" "chung-1@kt"
expect_lines "one error line" 1 "$ERR"
expect_eq "vp's share still untouched" "0|<null>|<null>" "$(status chung-1 vp)"
kh start chung-1
expect_exit 1 "start: the bare group duty id"
kh reopen chung-1
expect_exit 1 "reopen: the bare group duty id"
expect_eq "one history row only" "1" "$(history_rows)"
kh done chung-1@tccb
expect_exit 1 "a unit the duty is not assigned to"
kh done chung-1@nhom
expect_exit 1 "the group itself is not a member"
kh done vp-1@kt
expect_exit 1 "a plain duty with another unit"
expect_eq "still one history row" "1" "$(history_rows)"
kh --today 2022-02-01 list --unit nhom --format json
expect_eq "list: kt done, vp todo" "kt:done vp:todo" \
	"$(jq_py '" ".join(sorted(r["unit"] + ":" + r["state"] for r in d))')"
kh --today 2022-02-01 show chung-1
expect_exit 0 "show accepts the bare group id"
expect_match "show: each member's status" "$OUT" '^(Status:)? +kt: done'
expect_match "show: vp todo" "$OUT" '^(Status:)? +vp: todo'
kh history chung-1 --format json
expect_exit 0 "history accepts the bare group id"
expect_eq "history chung-1: one change, for kt" "kt" "$(jq_py '" ".join(r["unit"] for r in d)')"
kh history chung-1@vp --format json
expect_eq "history chung-1@vp: none" "0" "$(jq_py 'len(d)')"

begin_test "PLAN/ID when ids clash across plans"
setup clash.yaml
kh --today 2022-01-26 done vp-1
expect_exit 1 "the bare clashing id is refused"
expect_contains "names thu-nghiem/vp-1" "$ERR" "thu-nghiem/vp-1"
expect_contains "names khac/vp-1" "$ERR" "khac/vp-1"
expect_eq "nothing recorded" "0" "$(history_rows)"
kh --today 2022-01-26 done thu-nghiem/vp-1 --note "của kế hoạch Tết"
expect_exit 0
expect_eq "thu-nghiem/vp-1 done" "2|của kế hoạch Tết" "$(status vp-1 | cut -d'|' -f1,2)"
expect_eq "khac/vp-1 untouched" "0" \
	"$(sql "SELECT a.state FROM assignment a JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key WHERE p.id = 'khac' AND d.id = 'vp-1'")"
kh --today 2022-01-26 list --format json
expect_eq "list names them PLAN/ID" "khac/vp-1 thu-nghiem/vp-1" \
	"$(jq_py '" ".join(sorted(r["name"] for r in d if r["id"] == "vp-1"))')"
expect_eq "a unique id keeps its bare name" "vp-2" \
	"$(jq_py '[r["name"] for r in d if r["id"] == "vp-2"][0]')"
kh --today 2022-01-26 done khac/chung-1@kt
expect_exit 0 "PLAN/ID@UNIT"
expect_eq "khac/chung-1@kt done" "2" \
	"$(sql "SELECT a.state FROM assignment a JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key JOIN unit u ON u.key = a.unit_key WHERE p.id = 'khac' AND d.id = 'chung-1' AND u.id = 'kt'")"
expect_eq "thu-nghiem/chung-1@kt untouched" "0" "$(state chung-1 kt)"
kh done chung-1@kt
expect_exit 1 "ID@UNIT is ambiguous too"
kh done khac/chung-1
expect_exit 1 "PLAN/ID of a group duty without @UNIT"
# The names offered must be names that work.
expect_contains "offers khac/chung-1@vp" "$ERR" "khac/chung-1@vp"
kh done nosuch/vp-1
expect_exit 1 "an unknown plan"
kh history vp-1
expect_exit 1 "history: the bare clashing id"
kh history thu-nghiem/vp-1 --format json
expect_exit 0
expect_eq "history thu-nghiem/vp-1" "1" "$(jq_py 'len(d)')"

begin_test "unknown duty names"
setup
for name in nosuch VP-1 "vp-1 " "" "@vp" "thu-nghiem/" "/vp-1"; do
	kh done "$name"
	expect_exit 1 "done '$name'"
	[[ -n $ERR ]] && pass || fail "done '$name': a message on stderr" "a message" "nothing"
done
kh show nosuch
expect_exit 1 "show nosuch"
expect_eq "nothing recorded" "0" "$(history_rows)"

# ---------------------------------------------------------------------------
begin_test "a Vietnamese note round-trips; NFD input is stored as NFC"
setup
note_nfc="Đã hoàn thành việc kiểm tra, rà soát; đạt 100% chỉ tiêu"
note_nfd=$(nfd "$note_nfc")
[[ $(hex "$note_nfd") != "$(hex "$note_nfc")" ]] && pass ||
	fail "the NFD note differs from the NFC one" "different bytes" "same bytes"
kh --today 2022-01-26 done vp-3 --note "$note_nfd"
expect_exit 0
expect_eq "stored as NFC" "$(hex "$note_nfc")" \
	"$(hex "$(sql "SELECT note FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-3'")")"
expect_eq "history stored as NFC" "$(hex "$note_nfc")" \
	"$(hex "$(sql "SELECT new_note FROM history")")"
expect_eq "list JSON gives it back" "$note_nfc" "$(list_field vp-3 note)"
kh --today 2022-01-26 list --format tsv --search vp-3
expect_contains "list TSV shows it" "$OUT" "$note_nfc"
kh --today 2022-01-26 show vp-3
expect_contains "show shows it" "$OUT" "Đã hoàn thành"
kh history
expect_contains "history shows it" "$OUT" "$note_nfc"
kh --today 2022-01-26 done vp-3 --note "$note_nfc"
expect_contains "the same note in NFC is no change" "$OUT" "nothing changed"
expect_eq "one history row" "1" "$(history_rows)"

begin_test "control characters in a note never reach the terminal raw"
setup
evil=$'xong\e[31mĐỎ\e[0m\a\r\x7f\xc2\x9b2J\u202eabc\u200bz'
kh --today 2022-01-26 done vp-1 --note "$evil"
expect_exit 0
expect_eq "stored as given" "$(hex "$evil")" \
	"$(hex "$(sql "SELECT note FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")")"
no_raw_controls() {   # WHAT: checks the raw stdout of the last run
	local n
	n=$(grep -c $'\e' "$OUT_FILE")
	expect_eq "$1: no raw ESC" "0" "$n"
	n=$(grep -c $'\a' "$OUT_FILE")
	expect_eq "$1: no raw BEL" "0" "$n"
	n=$(grep -c $'\r' "$OUT_FILE")
	expect_eq "$1: no raw CR" "0" "$n"
	n=$(grep -c $'\x7f' "$OUT_FILE")
	expect_eq "$1: no raw DEL" "0" "$n"
	n=$(grep -c $'\xc2\x9b' "$OUT_FILE")
	expect_eq "$1: no raw CSI (U+009B)" "0" "$n"
	n=$(grep -c $'\u202e' "$OUT_FILE")
	expect_eq "$1: no raw right-to-left override" "0" "$n"
	n=$(grep -c $'\u200b' "$OUT_FILE")
	expect_eq "$1: no raw zero-width space" "0" "$n"
}
kh --today 2022-01-26 list
expect_exit 0
no_raw_controls "list"
kh --today 2022-01-26 list --format tsv
no_raw_controls "list --format tsv"
expect_lines "list --format tsv: the note stays on one line" 7 "$OUT"
kh --today 2022-01-26 show vp-1
expect_exit 0
no_raw_controls "show"
expect_contains "show: the visible part of the note" "$OUT" "xong"
kh history
no_raw_controls "history"
kh history vp-1
no_raw_controls "history ID"
kh --today 2022-01-26 overview
no_raw_controls "overview"
kh --today 2022-01-26 list --format json
expect_json "list --format json" "$OUT"
no_raw_controls "list --format json"
expect_eq "JSON gives the note back exactly" "$(hex "$evil")" \
	"$(hex "$(jq_py '[r["note"] for r in d if r["id"] == "vp-1"][0]')")"
expect_match "JSON escapes ESC" "$OUT" '\\u001[bB]\[31m'
kh history --format json
expect_json "history --format json" "$OUT"
no_raw_controls "history --format json"
expect_eq "history JSON gives the note back exactly" "$(hex "$evil")" \
	"$(hex "$(jq_py 'd[0]["note"]')")"
# An undo message names the duty, not the note; still nothing raw.
kh undo
no_raw_controls "undo"
# A newline in a note: one line per row in list and history.
kh --today 2022-01-26 done kt-1 --note $'dòng một\ndòng hai'
kh --today 2022-01-26 list --unit kt
expect_lines "list: a newline in a note does not add a row" 3 "$OUT"
kh history
expect_lines "history: one line per change" 3 "$OUT"

begin_test "control characters in plan text never reach the terminal raw"
sed -e 's/"Chuẩn bị quà Tết cho cán bộ hưu trí"/"Chuẩn bị \\e[31mquà\\u202e Tết\\x9b2J\\a"/' \
	-e 's/name: "Phòng Kế toán"/name: "Phòng \\e[5mKế toán"/' \
	-e 's/target: "Không để thất thoát"/target: "\\e]0;tiêu đề\\a"/' \
	"$CLI_DATA/small.yaml" >"$PLANS/small.yaml"
kh sync
expect_exit 0
expect_eq "(the text holds an ESC)" "1" "$(sql "SELECT count(*) FROM duty WHERE instr(text, char(27)) > 0")"
kh --today 2022-01-26 list
no_raw_controls "list of hostile text"
kh --today 2022-01-26 list --format tsv
no_raw_controls "list --format tsv of hostile text"
kh --today 2022-01-26 show vp-1
no_raw_controls "show of hostile text"
kh --today 2022-01-26 show kt-2
no_raw_controls "show of a hostile target"
kh --today 2022-01-26 units
no_raw_controls "units with a hostile unit name"
kh --today 2022-01-26 overview
no_raw_controls "overview of hostile text"
kh --today 2022-01-26 list --format json
expect_json "list --format json of hostile text" "$OUT"
no_raw_controls "list --format json of hostile text"
kh --today 2022-01-26 units --format json
expect_json "units --format json" "$OUT"
no_raw_controls "units --format json"

summary
