#!/usr/bin/env bash
# The audit trail and the database's health: history filters by unit, user
# and day; kehoach doctor; a damaged database refused at the start of a
# session, untouched.
source "$(dirname "$0")/lib.sh" "$@"

begin_test "history: by unit, by user, by day"
sync_fixtures small.yaml
kh --today 2022-01-20 done vp-1 --note "xong"
kh --today 2022-01-20 done chung-1@kt
kh --today 2022-01-20 start kt-1
kh history --unit vp
expect_exit 0
expect_lines "--unit vp: its one change" 1 "$OUT"
expect_contains "…vp-1" "$OUT" "thu-nghiem/vp-1"
kh history --unit kt
expect_lines "--unit kt: the group's duty for kt, and kt-1" 2 "$OUT"
kh history --user "$OS_USER"
expect_lines "--user: the three changes by this user" 3 "$OUT"
kh history --user nobody-at-all
expect_eq "--user of someone else: nothing" "" "$OUT"
# Changes are stamped with the clock, not --today: they were made today.
today=$(date +%Y-%m-%d)
kh history --since "$today" --until "$today"
expect_lines "--since/--until today: all three" 3 "$OUT"
kh history --until 2000-01-01
expect_eq "--until long ago: nothing" "" "$OUT"
kh history --since 2099-01-01 --format json
expect_eq "--since the future, as JSON: an empty array" "[]" "$OUT"
# Days around the epoch: a bound that falls on unix time 0 is a bound all
# the same (a change stamped before 1970, made with sqlite3, shows it).
sql "INSERT INTO history (assignment_key, at, uid, user, old_state, new_state)
     SELECT assignment_key, -3600, uid, user, 0, 0 FROM history LIMIT 1"
TZ=UTC kh history --until 1969-12-31
expect_lines "TZ=UTC --until 1969-12-31: only the change of that day" 1 "$OUT"
expect_contains "…stamped 31/12/1969" "$OUT" "31/12/1969 23:00"
TZ=UTC kh history --since 1970-01-01
expect_lines "TZ=UTC --since 1970-01-01: the three changes since" 3 "$OUT"
kh history --since yesterday
expect_exit 2
kh history --unit vp --format json
expect_json "--unit as JSON" "$OUT"
expect_contains "…with who, host and process" "$OUT" "\"host\": "

begin_test "doctor: vital signs and a full check"
sync_fixtures small.yaml
kh --today 2022-01-20 done vp-1
kh doctor
expect_exit 0
expect_contains "the database is named" "$OUT" "$DB"
expect_match "its size and log" "$OUT" 'size [0-9.]+ [kM]?B .*write-ahead log'
expect_contains "the schema version" "$OUT" "schema version 11 (this kehoach writes 11)"
expect_match "the counts" "$OUT" '1 plans, [0-9]+ assignments, 1 changes'
expect_contains "the last change and who" "$OUT" "by $OS_USER"
expect_contains "the check" "$OUT" "Integrity check: ok"

begin_test "the search table out of step: doctor writes it again; a new folding refolds it"
sync_fixtures small.yaml
key_of() { sql "SELECT key FROM duty WHERE id = '$1'"; }
# By hand: one duty's row gone, another's wrong.
sql "DELETE FROM duty_search WHERE duty_key = $(key_of vp-1);
     UPDATE duty_search SET folded = 'x' WHERE duty_key = $(key_of vp-2)"
kh list --search "qua tet" --format tsv
expect_not_contains "the search misses vp-1 meanwhile" "$OUT" "vp-1"
kh doctor
expect_exit 0
expect_contains "doctor says so and mends it" "$OUT" "Search table: 2 duties were out of step; written again"
kh list --search "qua tet" --format tsv
expect_contains "vp-1 found again" "$OUT" "vp-1"
kh list --search "bao cao ket qua" --format tsv
expect_contains "vp-2 found again" "$OUT" "vp-2"
kh doctor
expect_contains "then the table is in step" "$OUT" "Search table: ok"
# Folded by another folding (another libutf8proc, say): folded again by
# the next command that may write.
sql "UPDATE duty_search_fold SET version = 'fold 0';
     UPDATE duty_search SET folded = 'x' WHERE duty_key = $(key_of vp-3)"
kh units
expect_exit 0
expect_ne "the version is this kehoach's again" "fold 0" "$(sql 'SELECT version FROM duty_search_fold')"
kh list --search "nghi quyet" --format tsv
expect_contains "vp-3 found again" "$OUT" "vp-3"
expect_eq "every duty in step" "0" \
	"$(sql "SELECT count(*) FROM duty d LEFT JOIN duty_search s ON s.duty_key = d.key WHERE s.duty_key IS NULL OR s.folded = 'x'")"

begin_test "a damaged database: doctor says so, a session refuses it, nothing changes"
sync_fixtures small.yaml
kh --today 2022-01-20 done vp-1
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
# An index that no longer matches its table: the full check finds it.
sqlite3 "$DB" "PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = 'CREATE INDEX assignment_by_unit ON assignment(state, unit_key, retired, deadline)'
 WHERE name = 'assignment_by_unit';" 2>/dev/null
before=$(sha256sum "$DB")
kh doctor
expect_exit 1
expect_contains "doctor finds the problem" "$OUT" "PROBLEMS FOUND"
expect_match "…one problem a line" "$OUT" '^row 1 missing from index assignment_by_unit$'
expect_match "…the next on its own line" "$OUT" '^row 2 missing from index assignment_by_unit$'
expect_not_contains "…not joined with a visible newline" "$OUT" "^J"
expect_contains "…and says what to do" "$OUT" ".recover"
# A page overwritten with garbage: even the quick check finds it. The
# page of an index no command reads on opening (the schema's own pages,
# at the end of the file once migrations have grown it, would stop the
# database from opening at all).
page=$(sqlite3 "$DB" 'PRAGMA page_size')
victim=$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'history_by_at'")
printf '%*s' "$page" '' | tr ' ' '\377' | dd of="$DB" bs="$page" seek=$((victim - 1)) conv=notrunc status=none
before=$(sha256sum "$DB")
kh doctor
expect_exit 1
expect_contains "doctor finds a page it cannot read" "$OUT" "malformed"
# A session in a real terminal (script gives it one): the terminal is
# checked first, then the database.
run script -qec "$(printf '%q ' env TERM=xterm "$KEHOACH" --db "$DB" --plans "$PLANS")" /dev/null
expect_exit 1
expect_contains "the session is refused" "$OUT" "damaged"
expect_contains "…saying what is wrong, on one line" "$OUT" "First problem: Page"
expect_not_contains "…without SQLite's heading" "$OUT" "***"
expect_eq "the file is untouched" "$before" "$(sha256sum "$DB")"
summary
