#!/usr/bin/env bash
# `init --shared` run by root on a folder a hostile group member can write:
# a symbolic link, a hard link, a FIFO or a leftover journal slipped in
# beside the database must never make root hand another file to the group,
# and a member renaming links over the database files while root runs init
# again and again must not win the race.
#
# Needs root (or passwordless sudo) to make the OS users; without it the
# test fails: it must not pass without having run.
source "$(dirname "$0")/lib.sh" "$@"

need_os_users

TAG=$(printf '%05d' $(($$ % 100000)))
GROUP=khi$TAG
MEMBER=khim$TAG      # a hostile member of the group
SHARED=$(mktemp -d /tmp/kehoach-init.XXXXXX) || exit 1
remove_users() {
	stop_racer
	"${as_root[@]}" userdel "$MEMBER" 2>/dev/null
	"${as_root[@]}" groupdel "$GROUP" 2>/dev/null
	"${as_root[@]}" rm -rf "$SHARED"
}
RACER=
stop_racer() {
	[[ -n $RACER ]] || return 0
	"${as_root[@]}" pkill -KILL -u "$MEMBER" 2>/dev/null
	wait "$RACER" 2>/dev/null
	RACER=
}
trap 'remove_users; cleanup' EXIT
"${as_root[@]}" groupadd "$GROUP" || exit 1
"${as_root[@]}" useradd --no-create-home --shell /usr/sbin/nologin -G "$GROUP" "$MEMBER" || exit 1

chmod 755 "$SHARED"
# The file the member wants: root's, readable by nobody else.
mkdir -m 700 "$SHARED/secret"
VICTIM=$SHARED/secret/shadow
echo "root:secret" >"$VICTIM"
chmod 600 "$VICTIM"
victim_state() {
	stat -c '%a %U %G' "$VICTIM"
}
VICTIM_STATE=$(victim_state)

# init_shared DB: root runs init --shared on DB.
init_shared() {
	run "${as_root[@]}" "$KEHOACH" --db "$1" --plans "$SHARED/none" init --shared "$GROUP"
}

# as_member CMD…: CMD run as the group member.
as_member() {
	"${as_root[@]}" setpriv --reuid="$MEMBER" --regid="$GROUP" --init-groups "$@"
}

# fresh_db NAME: a shared database made by root in a folder of its own;
# prints its path.
fresh_db() {
	local db=$SHARED/$1/kehoach.db
	init_shared "$db"
	[[ $RC == 0 ]] || fail "init --shared of a new database" "exit 0" "exit $RC: $ERR"
	printf '%s' "$db"
}

begin_test "a new shared folder: setgid, sticky, the group's; the files 0660"
DB1=$(fresh_db plain)
expect_eq "the folder" "3770 $GROUP" "$(stat -c '%a %G' "$(dirname "$DB1")")"
expect_eq "the database" "660 $GROUP" "$(stat -c '%a %G' "$DB1")"
init_shared "$DB1"
expect_exit 0
expect_contains "again: nothing changes" "$OUT" "nothing in it changed"

begin_test "a link slipped in beside the database is refused, and followed nowhere"
for suffix in -shm -wal ""; do
	DB=$(fresh_db "link$suffix")
	rm -f "$DB$suffix"
	as_member ln -s "$VICTIM" "$DB$suffix"
	init_shared "$DB"
	expect_exit 1 "a symbolic link as kehoach.db$suffix"
	expect_contains "it names the link (kehoach.db$suffix)" "$ERR" "kehoach.db$suffix is a symbolic link"
	expect_eq "the file the link points to is untouched" "$VICTIM_STATE" "$(victim_state)"
	expect_eq "the folder is as it was" "3770 $GROUP" "$(stat -c '%a %G' "$(dirname "$DB")")"
done

begin_test "a hard link, a FIFO or a rollback journal is refused"
DB=$(fresh_db hardlink)
rm -f "$DB-wal"
ln "$VICTIM" "$DB-wal"
init_shared "$DB"
expect_exit 1
expect_contains "a hard link is named" "$ERR" "kehoach.db-wal is a hard link to a file elsewhere"
expect_eq "the linked file is untouched" "$VICTIM_STATE" "$(victim_state)"
rm -f "$DB-wal"

DB=$(fresh_db fifo)
rm -f "$DB-shm"
as_member mkfifo "$DB-shm"
init_shared "$DB"
expect_exit 1
expect_contains "a FIFO is refused without waiting on it" "$ERR" "kehoach.db-shm is not a plain file"

DB=$(fresh_db journal)
as_member touch "$DB-journal"
init_shared "$DB"
expect_exit 1
expect_contains "a rollback journal counts as another file" "$ERR" "holds other files (kehoach.db-journal)"

begin_test "a folder that holds anything else is neither locked nor opened up"
mkdir -m 755 "$SHARED/home"
touch "$SHARED/home/notes.txt"
init_shared "$SHARED/home/kehoach.db"
expect_exit 1
expect_contains "refused" "$ERR" "holds other files (notes.txt)"
expect_eq "its mode and group are as they were" "755 root" "$(stat -c '%a %G' "$SHARED/home")"
expect_no_file "nothing was created" "$SHARED/home/kehoach.db"

begin_test "a folder above the database that members can write is refused"
# A member who could rename the database's folder while root runs init
# would make root create a database wherever a link of theirs leads.
mkdir -p "$SHARED/grp"
chgrp "$GROUP" "$SHARED/grp"
chmod 2770 "$SHARED/grp"
init_shared "$SHARED/grp/db/kehoach.db"
expect_exit 1
expect_contains "the folder above is named" "$ERR" "the folder $SHARED/grp can be changed by users other than root"
expect_no_file "nothing was created" "$SHARED/grp/db/kehoach.db"

begin_test "a member racing links over the database files never wins"
DB=$(fresh_db race)
FOLDER=$(dirname "$DB")
# The member renames a fresh link to the victim over each database file,
# as fast as it can, while root runs init --shared again and again.
as_member bash -c '
	cd "$1" || exit 1
	while :; do
		for f in kehoach.db-shm kehoach.db-wal; do
			ln -sf "$2" .tmp.$$ 2>/dev/null && mv -fT .tmp.$$ "$f" 2>/dev/null
		done
	done' racer "$FOLDER" "$VICTIM" &
RACER=$!
refused=0
for i in $(seq 1 150); do
	init_shared "$DB"
	if [[ $RC != 0 ]]; then
		refused=$((refused + 1))
		# The admin removes what the member slipped in and tries again.
		"${as_root[@]}" find "$FOLDER" -mindepth 1 -type l -delete
		"${as_root[@]}" chmod 3770 "$FOLDER"
	fi
	[[ $(victim_state) == "$VICTIM_STATE" ]] || break
done
stop_racer
expect_eq "after 150 runs the victim is as it was" "$VICTIM_STATE" "$(victim_state)"
expect_eq "root never wrote through a link" "root:secret" "$(cat "$VICTIM")"
if ((refused == 0)); then
	fail "the race was run" "some runs that saw a link" "none"
fi

summary
