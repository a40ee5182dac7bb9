#!/usr/bin/env bash
# When the database cannot be written: a read-only database file, a
# read-only folder (with and without the -wal and -shm files SQLite keeps
# beside the database), a folder that is missing or cannot be made, a
# missing plans folder, and a full disk (a small tmpfs). Each time: what can
# be read is read, what cannot be done fails with one line that names the
# file and says why (exit 1), nothing crashes, and the database is exactly
# as it was.
#
# File modes bind everyone but root, so as root the commands run as nobody
# (setpriv); as another user they run as that user. The full disk is a
# 1 MB tmpfs mounted in a mount namespace of this test's own (as root, or
# as a user through a user namespace); where neither works the test fails:
# it must not pass without having run. (The store's own behaviour under
# every failing write is in tests/test_faults.c.)
source "$(dirname "$0")/lib.sh" "$@"

# ---- the disk-full part, run again inside its own mount namespace ----------

# big_plan: a plan of 4,000 duties (≈ 2 MB in the database).
big_plan() {
	python3 - <<'EOF'
print("kehoach: 1\nplan:\n  id: lon\n  title: \"Kế hoạch lớn\"\n  issuer: \"Sở Nội vụ\"")
print("  from: 2022-01-01\n  to: 2022-03-31\nunits:\n  - id: u\n    name: \"Đơn vị\"\n    duties:")
for i in range(4000):
    print("      - id: d%d\n        text: \"Nhiệm vụ số %d: rà soát, tổng hợp và báo cáo"
          " kết quả thực hiện kế hoạch của đơn vị\"" % (i, i))
EOF
}

# integrity: SQLite's full check of $DB.
integrity() {
	sql "PRAGMA integrity_check"
}

if [[ ${KEHOACH_FAULTS_PART:-} == disk-full ]]; then
	SMALL=
	trap '[[ -n $SMALL ]] && umount "$SMALL" 2>/dev/null; cleanup' EXIT

	# mount_small DIR SIZE MODE: a tmpfs of SIZE at DIR, as $SMALL (the
	# test ends here, failed, when it cannot be mounted).
	mount_small() {
		SMALL=$1
		mkdir -p "$SMALL"
		if ! mount -t tmpfs -o "size=$2,mode=$3" tmpfs "$SMALL"; then
			fail "mount a $2 tmpfs" "mounted" "mount failed"
			summary
		fi
	}

	begin_test "disk full: a plan that does not fit"
	mount_small "$T/small" 1m 0755
	DB=$SMALL/kehoach.db
	FULL_PLANS=$PLANS
	sync_fixtures small.yaml
	kh --today 2022-01-26 done vp-1 --note "Đã trao quà"
	expect_exit 0
	kh --today 2022-01-26 start kt-1
	expect_exit 0
	before=$(db_dump)
	big_plan >"$PLANS/lon.yaml"
	kh sync
	expect_exit 1 "a sync that fills the disk fails"
	expect_lines "…with one line" 1 "$ERR"
	expect_contains "…naming the database" "$ERR" "$DB"
	expect_match "…saying the disk is full" "$ERR" "full|No space left"
	expect_eq "nothing of the big plan; the earlier marks kept" "$before" "$(db_dump)"
	expect_eq "integrity check" "ok" "$(integrity)"

	begin_test "disk full: a mark with no room left"
	DB=$SMALL/kehoach.db PLANS=$FULL_PLANS
	rm "$PLANS/lon.yaml"
	# Whatever room is left, taken.
	dd if=/dev/zero of="$SMALL/filler" bs=4k 2>/dev/null
	kh --today 2022-01-26 done vp-2
	expect_exit 1 "a mark on a full disk fails"
	expect_lines "…with one line" 1 "$ERR"
	expect_contains "…naming the database" "$ERR" "$DB"
	expect_match "…saying the disk is full" "$ERR" "full|No space left"
	rm "$SMALL/filler"
	expect_eq "the database as it was" "$before" "$(db_dump)"
	expect_eq "integrity check" "ok" "$(integrity)"
	kh --today 2022-01-26 done vp-2
	expect_exit 0 "with room again, the mark is made"
	expect_eq "three changes in the history" "3" "$(sql "SELECT count(*) FROM history")"

	begin_test "disk full: with more room, the big plan loads"
	DB=$SMALL/kehoach.db PLANS=$FULL_PLANS
	if ! mount -t tmpfs -o remount,size=64m tmpfs "$SMALL"; then
		fail "a larger tmpfs" "remounted with 64 MB" "remount failed"
	fi
	big_plan >"$PLANS/lon.yaml"
	kh sync
	expect_exit 0
	expect_eq "4,000 duties more" "4000" \
		"$(sql "SELECT count(*) FROM duty d JOIN plan p ON p.key = d.plan_key WHERE p.id = 'lon'")"
	expect_eq "the earlier marks" "kt-1:1: vp-1:2:Đã trao quà vp-2:2:" \
		"$(sql "SELECT group_concat(s, ' ') FROM (
		          SELECT d.id || ':' || a.state || ':' || coalesce(a.note, '') AS s
		          FROM assignment a JOIN duty d ON d.key = a.duty_key
		          WHERE a.state <> 0 ORDER BY d.id)")"
	expect_eq "integrity check" "ok" "$(integrity)"
	umount "$SMALL" && SMALL=

	# A streamed sync's checks keep the ids of the duties let go in a
	# temporary database (store_check.c), which SQLite puts in
	# SQLITE_TMPDIR. With no room there, the check cannot finish as the
	# plan is read: the file is then loaded whole, as a file that fails
	# as it is read always is, and the plan loads all the same.
	begin_test "disk full: no room for temporary files, a large plan still loads"
	mount_small "$T/tmpfull" 64k 1777
	dd if=/dev/zero of="$SMALL/filler" bs=4k 2>/dev/null
	DB=$T/tmpfull.db PLANS=$T/tmpfull-plans
	mkdir -p "$PLANS"
	# 60,000 duty ids: more than the temporary database keeps in memory.
	python3 - >"$PLANS/lon.yaml" <<'EOF'
print("kehoach: 1\nplan:\n  id: lon\n  title: \"Kế hoạch lớn\"\n  issuer: \"Sở Nội vụ\"")
print("  from: 2022-01-01\n  to: 2022-03-31\nunits:")
for u in range(600):
    print("  - id: u%03d\n    name: \"Đơn vị %d\"\n    duties:" % (u, u))
    for d in range(100):
        print("      - id: u%03d-%02d\n        text: \"Việc %d\"" % (u, d, d))
EOF
	SQLITE_TMPDIR=$SMALL kh sync
	expect_exit 0 "the sync succeeds"
	expect_eq "every duty" "60000" "$(sql "SELECT count(*) FROM duty")"
	expect_eq "integrity check" "ok" "$(integrity)"
	SQLITE_TMPDIR=$SMALL kh check "$PLANS/lon.yaml"
	expect_exit 0 "check: sound"
	expect_match "check: every duty counted (read whole)" "$OUT" \
		' 600 [^,0-9]+, 60000 [^,0-9]+, 60000 [^,0-9]+$'
	expect_eq "the temporary folder left as it was" "filler" "$(ls -A "$SMALL")"
	umount "$SMALL" && SMALL=
	summary
fi

# ---- as whom: nobody when root -------------------------------------------

use_other_user

# usql SQL…: the sqlite3 shell as that user, on $DB.
usql() {
	"${as_user[@]}" sqlite3 -batch "$DB" "$@"
}

# snapshot: everything in the database, read from a copy of its files, so
# that reading it changes nothing beside it (no -wal or -shm made, none
# checkpointed away).
snapshot() {
	local copy=$TEST_ROOT/.snapshot
	rm -rf "$copy"
	mkdir "$copy"
	cp "$DB" "$copy/db"
	[[ ! -f $DB-wal ]] || cp "$DB-wal" "$copy/db-wal"
	sqlite3 -batch "$copy/db" .dump
	rm -rf "$copy"
}

# files: the files beside the database.
files() {
	(cd "$(dirname "$DB")" && ls -A)
}

# setup_db: the plans synced and two marks made by the owner, then the
# files given to that user, in a folder of their own.
setup_db() {
	DB=$T/db/kehoach.db
	mkdir -p "$T/db"
	sync_fixtures small.yaml
	kh --today 2022-01-26 done vp-1 --note "Đã trao quà"
	kh --today 2022-01-26 start kt-1
	expect_eq "setup: two changes" "2" "$(sql "SELECT count(*) FROM history")"
	give_away
}

# reads_work: the reading commands show the database.
reads_work() {
	ukh --today 2022-01-26 units
	expect_exit 0 "units from a read-only database"
	expect_match "…its counts" "$OUT" '^  vp +4 total +1 done'
	ukh --today 2022-01-26 list --unit kt
	expect_exit 0 "list from a read-only database"
	expect_match "…kt-1 being done" "$OUT" '^\[~\] kt-1 '
	ukh --today 2022-01-26 show vp-1
	expect_exit 0 "show from a read-only database"
	expect_contains "…its note" "$OUT" "Đã trao quà"
}

# refused WHAT REASON-REGEX: the last command failed with one line about
# the database, saying why.
refused() {
	expect_exit 1 "$1 fails"
	expect_lines "…with one line" 1 "$ERR"
	expect_contains "…naming the database" "$ERR" "$DB"
	expect_match "…saying why" "$ERR" "$2"
	expect_not_contains "…in kehoach's words, not only SQLite's" "$ERR" \
		": attempt to write a readonly database"
}

# writes_refused REASON-REGEX: a mark and the sync of a changed plan fail.
writes_refused() {
	ukh --today 2022-01-26 done kt-2 --note "x"
	refused "a mark" "$1"
	sed -i 's/Quyết toán kinh phí năm 2021/Quyết toán kinh phí năm 2021 (sửa)/' \
		"$PLANS/small.yaml"
	ukh sync
	refused "a sync of a changed plan" "$1"
}

# ---------------------------------------------------------------------------
begin_test "read-only database file: reads work, writes refused, nothing changed"
setup_db
chmod 444 "$DB"
before=$(snapshot)
reads_work
writes_refused "read-only"
expect_eq "the database is as it was" "$before" "$(snapshot)"
# A plan file touched (its content the same) is no reason to fail: only
# its remembered modification time could not be updated.
sed -i 's/ (sửa)//' "$PLANS/small.yaml"
touch -d '2030-01-01' "$PLANS/small.yaml"
ukh --today 2022-01-26 units
expect_exit 0 "units after the plan file was only touched"
expect_eq "the database is as it was" "$before" "$(snapshot)"

begin_test "read-only database: a stale read-only -shm is named when it blocks"
setup_db
chmod 444 "$DB"
# A reader of a read-only database leaves -wal and -shm made with the
# database's mode (SQLite does so): read-only too.
ukh --today 2022-01-26 units
expect_exit 0
chmod 644 "$DB"
before=$(snapshot)
ukh --today 2022-01-26 done kt-2
refused "a mark while the -shm left behind is read-only" "kehoach\.db-shm"
expect_eq "the database is as it was" "$before" "$(snapshot)"
rm -f "$DB-shm" "$DB-wal"
ukh --today 2022-01-26 done kt-2
expect_exit 0 "once it is removed, the mark is made"

for mode in 644 444; do
	begin_test "read-only folder, no -wal or -shm, database $mode: one clear line"
	setup_db
	chmod "$mode" "$DB"
	chmod 555 "$T/db"
	before=$(snapshot)
	listing=$(files)
	# SQLite cannot read a WAL database without making its -shm.
	ukh --today 2022-01-26 units
	refused "units" "folder .*$T/db.* read-only"
	ukh --today 2022-01-26 done kt-2
	refused "a mark" "folder .*$T/db.* read-only"
	expect_eq "the database is as it was" "$before" "$(snapshot)"
	expect_eq "no file made beside it" "$listing" "$(files)"
done

for mode in 644 444; do
	begin_test "read-only folder and database, -wal and -shm there ($mode): reads work"
	setup_db
	# A session that ended without closing leaves them, the WAL with a
	# change not yet copied into the database.
	usql "PRAGMA wal_autocheckpoint = 0" \
		"UPDATE assignment SET note = 'chỉ trong WAL' WHERE note = 'Đã trao quà'" \
		".shell kill -9 \$PPID" >/dev/null 2>&1
	expect_file "setup: a -wal left" "$DB-wal"
	expect_file "setup: a -shm left" "$DB-shm"
	chmod "$mode" "$DB-wal" "$DB-shm"
	chmod 444 "$DB"
	chmod 555 "$T/db"
	before=$(snapshot)
	listing=$(files)
	ukh --today 2022-01-26 show vp-1
	expect_exit 0 "show"
	expect_contains "…with the change only in the WAL" "$OUT" "chỉ trong WAL"
	ukh --today 2022-01-26 units
	expect_exit 0 "units"
	writes_refused "read-only"
	expect_eq "the database is as it was" "$before" "$(snapshot)"
	expect_eq "no file made or removed beside it" "$listing" "$(files)"
done

begin_test "a new database in a folder that cannot be written: why, and what to do"
copy_plans small.yaml
mkdir -p "$T/db"
give_away
chmod 555 "$T/db"
DB=$T/db/kehoach.db
ukh units
refused "a new database" "you may not write in its folder $T/db \(Permission denied\)"
expect_contains "…and what to do" "$ERR" "Give --db a path in a folder of yours"
expect_not_contains "…not SQLite's last try" "$ERR" "No such file or directory"
expect_eq "nothing made" "" "$(files)"

begin_test "a database on a read-only file system: why, and what to do"
namespace=(unshare --mount)
[[ $(id -u) == 0 ]] || namespace=(unshare --map-root-user --mount)
# ro_kh ARGS…: kehoach with $T/db bind-mounted read-only, in a mount
# namespace of its own.
ro_kh() {
	run "${namespace[@]}" sh -c 'mount --bind -o ro "$1" "$1" && shift && exec "$@"' \
		sh "$T/db" "$KEHOACH" --db "$DB" --plans "$PLANS" "$@"
}
mkdir -p "$T/db"
if ! "${namespace[@]}" sh -c 'mount --bind -o ro "$1" "$1"' sh "$T/db" 2>/dev/null; then
	echo "SKIP: no mount namespace for a read-only bind mount (${namespace[*]}" \
		"is not permitted here)" >&2
else
	setup_db
	before=$(snapshot)
	ro_kh --today 2022-01-26 units
	refused "reading it" "on a read-only file system \(in $T/db\)"
	expect_contains "…and what to do" "$ERR" "Have the disk mounted read-write"
	expect_not_contains "…not SQLite's last try" "$ERR" "No such file or directory"
	ro_kh --today 2022-01-26 done kt-2
	refused "a mark" "on a read-only file system"
	expect_eq "the database is as it was" "$before" "$(snapshot)"
	DB=$T/db/new.db
	ro_kh units
	refused "a new database" "cannot be created: its folder $T/db is on a read-only file system"
	expect_contains "…and what to do" "$ERR" "Give --db a path on a disk that can be written"
	expect_not_contains "…not SQLite's last try" "$ERR" "No such file or directory"
fi

# ---------------------------------------------------------------------------
begin_test "missing folder: made (0700), as the README says"
copy_plans small.yaml
DB=$T/new/sub/kehoach.db
kh units
expect_exit 0
expect_file "the database" "$DB"
expect_eq "the folder made private" "700" "$(stat -c %a "$T/new/sub")"

begin_test "missing folder that cannot be made: one clear line"
copy_plans small.yaml
give_away
nowhere=/nonexistent-kehoach-$$
if [[ -e $nowhere ]]; then
	fail "setup: $nowhere must not exist" "nothing there" "it exists"
fi
DB=$nowhere/dir/kehoach.db
ukh units
expect_exit 1 "a database under a folder that cannot be made"
expect_lines "…with one line" 1 "$ERR"
expect_contains "…naming the folder and why" "$ERR" "cannot create the folder $nowhere: Permission denied"
expect_no_file "nothing made" "$nowhere"
touch "$T/file"
DB=$T/file/kehoach.db
ukh units
refused "a database under a file" "Not a directory"

begin_test "a database that cannot be opened: why"
copy_plans small.yaml
mkdir "$T/folder.db"
give_away
DB=$T/folder.db
ukh units
refused "a folder given as the database" "[Ii]s a directory"
DB=$T/db/kehoach.db
mkdir -p "$T/db"
kh units
give_away
chmod 000 "$DB"
ukh units
refused "an unreadable database" "[Pp]ermission denied"

begin_test "missing plans folder: one clear line"
kh --plans "$T/no-such-plans" units
expect_exit 1
expect_lines "…with one line" 1 "$ERR"
expect_contains "…naming the folder" "$ERR" "$T/no-such-plans"
expect_contains "…saying what it is" "$ERR" "plans folder"

# ---------------------------------------------------------------------------
begin_test "disk full (a 1 MB tmpfs in a mount namespace of its own)"
namespace=(unshare --mount)
[[ $(id -u) == 0 ]] || namespace=(unshare --map-root-user --mount)
if ! command -v unshare >/dev/null || ! "${namespace[@]}" true 2>/dev/null; then
	fail "a mount namespace to mount a small tmpfs in (${namespace[*]})" \
		"it works (as root, or with user namespaces)" "it does not"
else
	KEHOACH_FAULTS_PART=disk-full "${namespace[@]}" bash "$CLI_DIR/faults.sh" "$KEHOACH"
	rc=$?
	if [[ $rc == 0 ]]; then
		pass
	else
		fail "the disk-full tests (their output is above)" "exit 0" "exit $rc"
	fi
fi

summary
