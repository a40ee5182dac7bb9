#!/usr/bin/env bash
# The write-ahead log (the -wal file beside the database) removed by hand
# while another program has the database open: a change made then would go
# to a new log that program does not see, and be lost when it closes. So
# kehoach refuses to read or write, says how to fix it, and doctor reports
# it; once that program has closed, all is well and nothing was lost. The
# files SQLite itself makes, truncates and removes never trip the check.
# (A kehoach that has the database open itself: tests/test_store.c and the
# walgone screen test.)
source "$(dirname "$0")/lib.sh" "$@"

HELD=

# hold [SQL]: a sqlite3 shell that keeps the database open, as the
# interface does, after it has read it (and run SQL, such as BEGIN).
hold() {
	coproc HOLDER { exec sqlite3 -batch "$DB"; }
	HELD=$HOLDER_PID   # bash unsets HOLDER_PID once it has ended
	printf '%s\nSELECT count(*) FROM assignment;\n' "${1:-}" >&"${HOLDER[1]}"
	local count
	if ! read -r -t 10 count <&"${HOLDER[0]}" || [[ $count != [0-9]* ]]; then
		fail "setup: sqlite3 holds the database open" "a count" "'${count:-}'"
	fi
}

# holder SQL: runs SQL in the holding shell and waits for it.
holder() {
	local line=
	printf '%s\n%s\n' "$1" "SELECT 'ran';" >&"${HOLDER[1]}"
	while [[ $line != ran ]] && read -r -t 10 line <&"${HOLDER[0]}"; do :; done
	expect_eq "setup: the holding shell ran $1" "ran" "$line"
}

# release: the holding shell closes the database, as SQLite does.
release() {
	printf '.quit\n' >&"${HOLDER[1]}"
	wait "$HELD" 2>/dev/null
	HELD=
}

trap '[[ -n $HELD ]] && kill "$HELD" 2>/dev/null; cleanup' EXIT

# history_rows: the number of changes in the database.
history_rows() {
	sql "SELECT count(*) FROM history"
}

# refused WHAT: the last command failed with one line saying what to do
# ($GONE: which files are named).
GONE="kehoach.db-wal, the database's write-ahead log, was removed"
refused() {
	expect_exit 1 "$1 is refused"
	expect_lines "…with one line" 1 "$ERR"
	expect_contains "…naming the log" "$ERR" "$GONE"
	expect_contains "…and who holds it" "$ERR" "process $HELD still has the database open"
	expect_contains "…and how to fix it" "$ERR" "Close every program using the database"
}

for how in "an idle reader" "a reader in a transaction" "an idle reader, -shm too"; do
	begin_test "the -wal removed under $how: refused, doctor says so, nothing lost"
	sync_fixtures small.yaml
	kh --today 2022-01-26 done vp-1
	expect_exit 0 "setup: a first mark"
	if [[ $how == "a reader in a transaction" ]]; then hold "BEGIN;"; else hold; fi
	rm "$DB-wal"
	GONE="kehoach.db-wal, the database's write-ahead log, was removed"
	if [[ $how == *-shm* ]]; then
		rm "$DB-shm"
		GONE="kehoach.db-wal and kehoach.db-shm, the database's write-ahead log and its index, were removed"
	fi
	kh --today 2022-01-26 done vp-2
	refused "a mark"
	expect_no_file "no new log was made" "$DB-wal"
	kh --today 2022-01-26 list
	refused "a listing"
	kh doctor
	expect_exit 1 "doctor"
	expect_contains "doctor names the database" "$OUT" "Database: $DB"
	expect_contains "doctor reports the problem" "$OUT" "Write-ahead log: PROBLEM FOUND"
	expect_contains "…and what to do" "$OUT" "Close every program using the database"
	expect_no_file "doctor made no new log" "$DB-wal"
	[[ $how == "a reader in a transaction" ]] && holder "COMMIT;"
	release
	kh --today 2022-01-26 done vp-2
	expect_exit 0 "once it has closed, the mark is made"
	expect_eq "both marks are in the history" "2" "$(history_rows)"
	kh doctor
	expect_exit 0 "doctor, then"
	expect_contains "…finds nothing wrong" "$OUT" "Integrity check: ok"
done

begin_test "the files SQLite makes, truncates and removes itself: no false alarm"
copy_plans small.yaml
kh --today 2022-01-26 units
expect_exit 0 "a new database"
expect_no_file "setup: no -wal once closed" "$DB-wal"
expect_no_file "setup: no -shm once closed" "$DB-shm"
kh --today 2022-01-26 done vp-1
expect_exit 0 "a mark with no log yet"
hold
kh --today 2022-01-26 done vp-2
expect_exit 0 "a mark while another program reads"
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
expect_eq "setup: the log truncated by SQLite" "0" "$(stat -c %s "$DB-wal")"
kh --today 2022-01-26 done vp-3
expect_exit 0 "a mark after the log was truncated"
holder "PRAGMA wal_checkpoint(TRUNCATE);"
kh --today 2022-01-26 start kt-1
expect_exit 0 "a mark after the holder truncated it"
kh doctor
expect_exit 0 "doctor"
release
expect_eq "every mark kept" "4" "$(history_rows)"

begin_test "a -shm left by a program that was killed, the -wal removed: no false alarm"
sync_fixtures small.yaml
kh --today 2022-01-26 done vp-1
hold
{ kill -9 "$HELD" && wait "$HELD"; } 2>/dev/null
HELD=
expect_file "setup: the -shm left behind" "$DB-shm"
rm -f "$DB-wal"
kh --today 2022-01-26 done vp-2
expect_exit 0 "nobody holds the database: SQLite rebuilds the -shm"
expect_eq "both marks kept" "2" "$(history_rows)"

summary
