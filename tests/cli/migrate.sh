#!/usr/bin/env bash
# Databases from earlier kehoach releases: every earlier schema version is
# brought up to date with nothing lost; a failed migration leaves the
# database as it was; a database from a newer kehoach, or with a negative
# schema version, is refused untouched.
source "$(dirname "$0")/lib.sh" "$@"

V1=$KEHOACH_TEST_DATA/schema/v1.sql

# load_v1: this test's database, as kehoach 0.1 (schema 1) left it, and
# the seed plans in a folder other than the one it knew.
load_v1() {
	sqlite3 -batch "$DB" <"$V1" || fail "setup: load $V1" "exit 0" "exit $?"
	copy_plans "$REPO_PLANS"/*.yaml
}

begin_test "schema 0 (no database): created at the current version"
copy_plans "$REPO_PLANS"/*.yaml
kh units
expect_exit 0
expect_eq "user_version" "11" "$(sql 'PRAGMA user_version')"
expect_eq "the new index is there" "history_by_at" \
	"$(sql "SELECT name FROM sqlite_schema WHERE name = 'history_by_at'")"

begin_test "schema 1 → 11: statuses, notes and the history kept"
load_v1
# The columns of version 1; later versions add to them.
HISTORY_V1='seq, assignment_key, at, uid, user, host, pid, old_state, new_state,
 old_note, new_note, old_done_on, new_done_on, undoes'
history_before=$(sql "SELECT $HISTORY_V1 FROM history ORDER BY seq")
deadlines_before=$(sql 'SELECT key, deadline FROM assignment ORDER BY key')
expect_lines "the fixture has its five changes" 5 "$history_before"
expect_eq "the fixture is at version 1" "1" "$(sql 'PRAGMA user_version')"
kh --today 2022-01-27 units
expect_exit 0
expect_eq "user_version after" "11" "$(sql 'PRAGMA user_version')"
expect_eq "the index of version 2" "history_by_at" \
	"$(sql "SELECT name FROM sqlite_schema WHERE name = 'history_by_at'")"
expect_eq "the reminders' tables of version 6" "reminder reminder_duty" \
	"$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'reminder%' ORDER BY name)")"
expect_eq "the duties' content hash of version 7" "content_hash" \
	"$(sql "SELECT name FROM pragma_table_info('duty') WHERE name = 'content_hash'")"
expect_eq "version 8: each duty as a search reads it" \
	"$(sql "SELECT count(*) FROM duty")" "$(sql "SELECT count(*) FROM duty_search")"
expect_eq "…its id, then its text folded" "vp-1|tang cuong cong tac theo doi, xiet chat" \
	"$(sql "SELECT d.id, substr(s.folded, length(d.id) + 2) FROM duty d JOIN duty_search s ON s.duty_key = d.key WHERE d.id = 'vp-1'" | cut -c1-44)"
kh list --search "XIẾT CHẶT" --format tsv
expect_contains "a search finds a duty of the old database" "$OUT" "vp-1"
expect_eq "the history, row for row" "$history_before" \
	"$(sql "SELECT $HISTORY_V1 FROM history ORDER BY seq")"
expect_eq "version 3: each assignment keeps its plan's deadline" "$deadlines_before" \
	"$(sql 'SELECT key, plan_deadline FROM assignment ORDER BY key')"
expect_eq "version 4: every plan current" "0" \
	"$(sql 'SELECT count(*) FROM plan WHERE archived_on IS NOT NULL')"
expect_eq "…none extended, withdrawn or with progress" "0" \
	"$(sql 'SELECT count(*) FROM assignment WHERE extended_to IS NOT NULL OR cancelled OR progress IS NOT NULL')"
expect_eq "version 5: the index of open deadlines" "assignment_open_by_deadline" \
	"$(sql "SELECT name FROM sqlite_schema WHERE name = 'assignment_open_by_deadline'")"
expect_eq "version 9: the update trigger of the kept counts alone; 11: and the groups'" \
	"unit_counts_on_group_update unit_counts_on_update" \
	"$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'unit_counts%' ORDER BY name)")"
expect_eq "version 11: the units in their plan's order" "unit_by_plan_order" \
	"$(sql "SELECT name FROM sqlite_schema WHERE name = 'unit_by_plan_order'")"
expect_eq "version 10: where each unit lies in its file" "src_bytes src_duties src_hash" \
	"$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM pragma_table_info('unit') WHERE name LIKE 'src%' ORDER BY name)")"
expect_eq "integrity" "ok" "$(sql 'PRAGMA integrity_check')"
kh show vp-1
expect_match "vp-1 still done, with its note" "$OUT" 'Đã bố trí lịch trực'
kh list --unit cntt --status done --format tsv
expect_contains "chung-2@cntt still done" "$OUT" "chung-2"
kh list --unit tt --status doing --format tsv
expect_contains "tt-1 back to doing, as the undo left it" "$OUT" "tt-1"
kh history --since 2000-01-01
expect_lines "kehoach history reads the old changes" 5 "$OUT"
kh --today 2022-01-27 done tt-1 --note "sau khi nâng cấp"
expect_exit 0
expect_eq "a new change goes on after the old ones" "6" "$(sql 'SELECT count(*) FROM history')"
kh undo
expect_exit 0
expect_contains "undo still works across the upgrade" "$OUT" "done → doing"
sqlite3 "$DB" 'DELETE FROM history' 2>/dev/null
expect_ne "deleting the history is refused" "0" "$?"
expect_eq "the history is still append-only" "7" "$(sql 'SELECT count(*) FROM history')"

begin_test "a migration that fails leaves the database as it was"
load_v1
# Something already named like what version 2 adds: the step fails midway.
sql 'CREATE TABLE history_by_at (x)'
before=$(db_dump)
kh units
expect_exit 1
expect_contains "the error says why" "$ERR" "history_by_at"
expect_eq "still version 1" "1" "$(sql 'PRAGMA user_version')"
expect_eq "nothing else changed" "$before" "$(db_dump)"

begin_test "a database from a newer kehoach: refused, untouched"
load_v1
sql 'PRAGMA user_version = 12'
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(sha256sum <"$DB")
kh units
expect_exit 1
expect_contains "it says so" "$ERR" "newer kehoach (schema 12; this one knows up to 11)"
kh done vp-2
expect_exit 1
expect_eq "the file is byte for byte the same" "$before" "$(sha256sum <"$DB")"
expect_no_file "no write-ahead log was started" "$DB-wal"

for version in -1 -2000000; do
	begin_test "schema version $version: refused, untouched"
	load_v1
	sql "PRAGMA user_version = $version"
	sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	before=$(sha256sum <"$DB")
	kh units
	expect_exit 1
	expect_lines "one line" 1 "$ERR"
	expect_contains "it names the file" "$ERR" "$DB: "
	expect_contains "…the version found and the ones known" "$ERR" \
		"schema version is $version, which no kehoach writes (this one knows versions 0 to 11)"
	expect_contains "…and what to do" "$ERR" "Restore it from a backup"
	kh done vp-2
	expect_exit 1
	expect_eq "the file is byte for byte the same" "$before" "$(sha256sum <"$DB")"
	expect_eq "still version $version" "$version" "$(sql 'PRAGMA user_version')"
	expect_no_file "no write-ahead log was started" "$DB-wal"
done

summary
