#!/usr/bin/env bash
# Several unit heads on one server: real OS users in one group share a
# database made by `kehoach init --shared`; the configuration's heads
# decide who marks what; the history names each of them. Once the
# system's configuration sets heads, plans come from its plans folder
# only. Also: a database on a network file system is refused.
#
# Arguments: kehoach, the statfs shim, and kehoach built to read the
# system configuration from the file named by the fourth (tests/meson.build).
#
# Making users needs root (or sudo without a password). Without either the
# test fails: it must not pass without having run.
source "$(dirname "$0")/lib.sh" "$@"

FAKE_NETFS=${2:-}
[[ -z $FAKE_NETFS || $FAKE_NETFS == /* ]] || FAKE_NETFS=$PWD/$FAKE_NETFS
SYSTEM_KEHOACH=${3:-}
[[ -z $SYSTEM_KEHOACH || $SYSTEM_KEHOACH == /* ]] || SYSTEM_KEHOACH=$PWD/$SYSTEM_KEHOACH
SYSTEM_CONFIG=${4:-}

need_os_users

# Names unique to this run: tests may run side by side.
TAG=$(printf '%05d' $(($$ % 100000)))
GROUP=khg$TAG
HEAD_VP=khvp$TAG        # heads vp
HEAD_TT=khtt$TAG        # heads tt
OFFICE=khvt$TAG         # văn thư: may mark any unit
MEMBER=khnv$TAG         # in the group, heads nothing
OUTSIDER=khng$TAG       # not in the group

remove_users() {
	local u
	for u in "$HEAD_VP" "$HEAD_TT" "$OFFICE" "$MEMBER" "$OUTSIDER"; do
		"${as_root[@]}" userdel "$u" 2>/dev/null
	done
	"${as_root[@]}" groupdel "$GROUP" 2>/dev/null
	"${as_root[@]}" rm -rf "$SHARED"
	[[ -z $SYSTEM_CONFIG ]] || "${as_root[@]}" rm -f "$SYSTEM_CONFIG"
}
SHARED=$(mktemp -d /tmp/kehoach-shared.XXXXXX) || exit 1
trap 'remove_users; cleanup' EXIT

"${as_root[@]}" groupadd "$GROUP" || exit 1
for u in "$HEAD_VP" "$HEAD_TT" "$OFFICE" "$MEMBER"; do
	"${as_root[@]}" useradd --no-create-home --shell /usr/sbin/nologin -G "$GROUP" \
		--home-dir "$SHARED/home/$u" "$u" || exit 1
done
"${as_root[@]}" useradd --no-create-home --shell /usr/sbin/nologin "$OUTSIDER" || exit 1

# What every user can reach: the program, the plans, the configuration.
# The build folder may sit in root's home, which others cannot enter.
chmod 755 "$SHARED"
mkdir -p "$SHARED/bin" "$SHARED/plans" "$SHARED/home/$MEMBER"
chown "$MEMBER:" "$SHARED/home/$MEMBER"
cp "$KEHOACH" "$SHARED/bin/kehoach"
[[ ! -x $SYSTEM_KEHOACH ]] || cp "$SYSTEM_KEHOACH" "$SHARED/bin/kehoach-system"
cp "$REPO_PLANS/ha-tinh-tet-2022.yaml" "$SHARED/plans/"
chmod -R a+rX "$SHARED/bin" "$SHARED/plans"
SHARED_DB=$SHARED/db/kehoach.db
cat >"$SHARED/config.yaml" <<EOF
# As an administrator would write /etc/kehoach/config.yaml.
database: db/kehoach.db
plans: plans
heads:
  $HEAD_VP: [vp]
  $HEAD_TT: [tt]
office: [$OFFICE]
EOF
chmod 644 "$SHARED/config.yaml"

# as USER ARGS…: kehoach run as USER (with the groups USER has), on the
# shared configuration.
as() {
	local user=$1
	shift
	run "${as_root[@]}" setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
		env HOME=/nonexistent KEHOACH_TODAY=2022-01-25 \
		"$SHARED/bin/kehoach" --config "$SHARED/config.yaml" "$@"
}

# mode PATH: "octal-mode group" of PATH.
mode() {
	stat -c '%a %G' "$1"
}

begin_test "init --shared: a setgid folder and group-writable files"
run "${as_root[@]}" "$SHARED/bin/kehoach" --config "$SHARED/config.yaml" init --shared "$GROUP"
expect_exit 0
expect_contains "it says what it did" "$OUT" "Shared with the group $GROUP"
expect_eq "the folder" "3770 $GROUP" "$(mode "$SHARED/db")"
expect_eq "the database" "660 $GROUP" "$(mode "$SHARED_DB")"
run "${as_root[@]}" "$SHARED/bin/kehoach" --config "$SHARED/config.yaml" init --shared "$GROUP"
expect_exit 0
expect_contains "again: nothing changes" "$OUT" "it was there; nothing in it changed"
run "${as_root[@]}" "$SHARED/bin/kehoach" --db "$T/kehoach.db" init --shared "$GROUP"
expect_exit 1
expect_contains "a folder holding other files is refused" "$ERR" "holds other files"
expect_no_file "…and nothing was created there" "$T/kehoach.db"
run "${as_root[@]}" "$SHARED/bin/kehoach" --db "$T/new/kehoach.db" init --shared no-such-group-kh
expect_exit 1
expect_contains "an unknown group is named" "$ERR" "there is no group 'no-such-group-kh'"

begin_test "each head marks their own unit's duties, not the others'"
as "$HEAD_VP" done vp-1 --note "Đã bố trí lịch trực"
expect_exit 0
expect_eq "the head of vp marks vp-1" "vp-1: done" "$OUT"
as "$HEAD_VP" done tt-1
expect_exit 1
expect_contains "the head of vp may not mark tt-1" "$ERR" \
	"that duty belongs to unit tt (Thanh tra Sở), and $HEAD_VP heads only vp (Văn phòng Sở)"
expect_contains "…and is told where that is said" "$ERR" "$SHARED/config.yaml"
as "$HEAD_TT" start tt-1
expect_exit 0
as "$HEAD_TT" done chung-2@tt
expect_exit 0
expect_eq "a group's duty, for the head's own unit" "chung-2@tt: done" "$OUT"
as "$HEAD_TT" done chung-2@vp
expect_exit 1
expect_contains "…not for another unit of the group" "$ERR" "unit vp (Văn phòng Sở),"
as "$HEAD_TT" done vp-2
expect_exit 1
as "$MEMBER" done vp-2
expect_exit 1
expect_contains "a member who heads nothing marks nothing" "$ERR" "$MEMBER heads no unit"
as "$MEMBER" list --unit vp --format tsv
expect_exit 0
expect_contains "…but may read" "$OUT" "vp-1"
as "$OFFICE" done vp-2 --note "Văn thư"
expect_exit 0
as "$OFFICE" done tt-2
expect_exit 0
expect_eq "the office marks any unit" "tt-2: done" "$OUT"
as "$HEAD_VP" undo
expect_exit 0
expect_contains "a head undoes their own change" "$OUT" "vp-1"
as "$HEAD_VP" done vp-1 --note "Đã bố trí lịch trực"
expect_exit 0

begin_test "someone outside the group cannot open the database"
as "$OUTSIDER" units
expect_exit 1
expect_contains "a clear error naming the database" "$ERR" "$SHARED_DB"
as "$OUTSIDER" done vp-3
expect_exit 1

begin_test "HOME unset: the database goes under the home the password database gives"
run "${as_root[@]}" setpriv --reuid="$MEMBER" --regid="$(id -g "$MEMBER")" --init-groups \
	env -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME \
	"$SHARED/bin/kehoach" --plans "$SHARED/plans" units
expect_exit 0
expect_file "in the member's home" "$SHARED/home/$MEMBER/.local/share/kehoach/kehoach.db"

begin_test "the history names each of them; the files stay shared"
as "$OFFICE" history --format json
expect_exit 0
expect_json "history" "$OUT"
expect_eq "who made each change, in order" \
	"$HEAD_VP $HEAD_TT $HEAD_TT $OFFICE $OFFICE $HEAD_VP $HEAD_VP" \
	"$(jq_py '" ".join(c["user"] for c in d)')"
expect_eq "with their uids" "$(id -u "$HEAD_VP") $(id -u "$HEAD_TT") $(id -u "$OFFICE")" \
	"$(jq_py '" ".join(str(d[i]["uid"]) for i in (0, 1, 3))')"
expect_eq "host and process of each" "7" \
	"$(jq_py 'sum(1 for c in d if c["host"] and c["pid"] > 1)')"
as "$OFFICE" history --user "$HEAD_TT"
expect_lines "history --user" 2 "$OUT"
expect_eq "refused marks left no trace" "7" \
	"$("${as_root[@]}" sqlite3 "$SHARED_DB" 'SELECT count(*) FROM history')"
expect_eq "integrity" "ok" "$("${as_root[@]}" sqlite3 "$SHARED_DB" 'PRAGMA integrity_check')"
for f in "$SHARED_DB" "$SHARED_DB-wal" "$SHARED_DB-shm"; do
	if [[ -e $f ]]; then
		expect_eq "$(basename "$f") after the users' sessions" "660 $GROUP" "$(mode "$f")"
	fi
done

begin_test "the interface opens on the user's own unit; another's is refused"
printf '%s' '<Dump><Up><Tab><Space><Dump>q' >"$T/keys"
chmod 644 "$T/keys"
chmod 755 "$T" "$TEST_ROOT"
run "${as_root[@]}" setpriv --reuid="$HEAD_TT" --regid="$(id -g "$HEAD_TT")" --init-groups \
	env HOME=/nonexistent KEHOACH_TODAY=2022-01-25 KEHOACH_TUI_KEYS="$T/keys" \
	KEHOACH_TUI_SIZE=160x30 TERM=xterm \
	"$SHARED/bin/kehoach" --config "$SHARED/config.yaml"
expect_exit 0
expect_contains "the first screen lists tt's duties" "$OUT" "tt-1"
expect_match "…under Thanh tra Sở" "$OUT" "Thanh tra Sở"
expect_contains "a mark on vp's duty is refused on screen" "$OUT" "heads only tt"

# ---- the office's plans folder ----------------------------------------------
# kehoach-system reads $SYSTEM_CONFIG where kehoach reads
# /etc/kehoach/config.yaml. It sets heads, so the office database loads
# plans from its plans folder only: a head's own folder could retire every
# plan (EMPTY) or load a copy with units vp and tt swapped (MINE), making
# tt's duties vp's.
OFFICE_DB=$SHARED/office/kehoach.db
MINE=$SHARED/mine
EMPTY=$SHARED/empty

# write_system_config [LINE]: the system's file, with LINE (plans: …).
write_system_config() {
	"${as_root[@]}" tee "$SYSTEM_CONFIG" >/dev/null <<EOF
database: $OFFICE_DB
$1
heads:
  $HEAD_VP: [vp]
  $HEAD_TT: [tt]
office: [$OFFICE]
EOF
	"${as_root[@]}" chmod 644 "$SYSTEM_CONFIG"
}

# in_office USER ARGS…: kehoach-system as USER, with the VAR=VALUE words of
# EXTRA_ENV in its environment, and no configuration of the user's own.
EXTRA_ENV=()
in_office() {
	local user=$1
	shift
	run "${as_root[@]}" setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
		env HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent KEHOACH_TODAY=2022-01-25 \
		"${EXTRA_ENV[@]}" "$SHARED/bin/kehoach-system" "$@"
}

# office_db: the plans, duties, marks and history of the office database.
office_db() {
	local t
	for t in plan unit unit_member duty assignment history; do
		"${as_root[@]}" sqlite3 -batch "$OFFICE_DB" ".dump $t"
	done
}

# expect_not_office WHAT DIR: the last run was refused, as DIR is not the
# office's plans folder, with what to do instead.
expect_not_office() {
	expect_exit 1 "$1"
	expect_contains "$1: says why" "$ERR" \
		"the plans folder $2 is not the office's: as $SYSTEM_CONFIG says who heads which unit, kehoach loads plans only from $SHARED/plans."
	expect_contains "$1: says what to do" "$ERR" \
		"Ask the office to publish the plan in $SHARED/plans"
	expect_contains "$1: …and how to check a folder" "$ERR" "kehoach check $2"
}

begin_test "the office's plans: the system's file sets heads and plans"
if [[ ! -x $SHARED/bin/kehoach-system || -z $SYSTEM_CONFIG ]]; then
	fail "kehoach-system and its system configuration are the third and fourth arguments" \
		"an executable and a path" "'$SYSTEM_KEHOACH' '$SYSTEM_CONFIG'"
	summary
fi
mkdir -p "$MINE" "$EMPTY"
sed -e 's/^  - id: vp$/  - id: SWAP/' -e 's/^  - id: tt$/  - id: vp/' \
	-e 's/^  - id: SWAP$/  - id: tt/' "$REPO_PLANS/ha-tinh-tet-2022.yaml" \
	>"$MINE/ha-tinh-tet-2022.yaml"
chmod -R a+rX "$MINE" "$EMPTY"
write_system_config "plans: $SHARED/plans"
run "${as_root[@]}" "$SHARED/bin/kehoach-system" init --shared "$GROUP"
expect_exit 0 "init --shared of the database the system's file names"
in_office "$OFFICE" sync
expect_exit 0 "the office syncs its plans folder"
expect_contains "…which loads the plan" "$OUT" "loaded plan stttt-ht-tet-2022"
in_office "$HEAD_VP" --plans "$MINE" check
expect_exit 0 "check of a head's own folder stays allowed"
expect_contains "…and checks the swapped copy" "$OUT" ": ok: plan stttt-ht-tet-2022"
in_office "$HEAD_VP" check "$EMPTY"
expect_exit 0 "check DIR too"
BEFORE=$(office_db)

begin_test "a head's own --plans is refused; nothing retired, no swapped copy loaded"
in_office "$HEAD_VP" --plans "$EMPTY" sync
expect_not_office "--plans of an empty folder" "$EMPTY"
in_office "$HEAD_VP" --plans "$MINE" done tt-1
expect_not_office "--plans of the swapped copy" "$MINE"
expect_eq "…so tt-1 is not marked" "" "$OUT"
in_office "$HEAD_VP" --plans "$MINE"/ list --unit vp
expect_not_office "a read too" "$MINE/"
expect_eq "the database is unchanged" "$BEFORE" "$(office_db)"

begin_test "…nor KEHOACH_PLANS, nor plans: in the user's own file or --config"
EXTRA_ENV=("KEHOACH_PLANS=$MINE")
in_office "$HEAD_VP" done tt-1
expect_not_office "KEHOACH_PLANS" "$MINE"
mkdir -p "$SHARED/xdg-vp/kehoach"
printf 'plans: %s\n' "$EMPTY" >"$SHARED/xdg-vp/kehoach/config.yaml"
chmod -R a+rX "$SHARED/xdg-vp"
EXTRA_ENV=("XDG_CONFIG_HOME=$SHARED/xdg-vp")
in_office "$HEAD_VP" sync
expect_not_office "plans: of the user's file" "$EMPTY"
EXTRA_ENV=()
printf 'plans: mine\n' >"$SHARED/vp.yaml"
chmod 644 "$SHARED/vp.yaml"
in_office "$HEAD_VP" --config "$SHARED/vp.yaml" done tt-1
expect_not_office "plans: of --config's file (relative to it)" "$MINE"
expect_eq "the database is unchanged" "$BEFORE" "$(office_db)"

begin_test "a head's own database syncs from their own folder; a link to the office's does not"
mkdir -p "$SHARED/own-vp"
chown "$HEAD_VP" "$SHARED/own-vp"
in_office "$HEAD_VP" --db "$SHARED/own-vp/mine.db" --plans "$MINE" units
expect_exit 0 "a private database from the head's own folder"
expect_contains "…which holds the swapped copy" "$OUT" "vp"
"${as_root[@]}" setpriv --reuid="$HEAD_VP" --regid="$(id -g "$HEAD_VP")" --init-groups \
	ln "$OFFICE_DB" "$SHARED/own-vp/office.db" 2>/dev/null ||
	ln "$OFFICE_DB" "$SHARED/own-vp/office.db"
in_office "$HEAD_VP" --db "$SHARED/own-vp/office.db" --plans "$MINE" done tt-1
expect_not_office "a hard link to the office's database" "$MINE"
expect_eq "the database is unchanged" "$BEFORE" "$(office_db)"

begin_test "the office's folder spelt otherwise, or through a link, is the same"
in_office "$HEAD_VP" --plans "$SHARED//plans/" sync
expect_exit 0 "--plans $SHARED//plans/"
expect_eq "nothing to load or retire" "" "$OUT"
ln -s "$SHARED/plans" "$SHARED/link"
EXTRA_ENV=("KEHOACH_PLANS=$SHARED/link")
in_office "$HEAD_VP" done vp-1
EXTRA_ENV=()
expect_exit 0 "KEHOACH_PLANS, a link to it"
expect_eq "the head marks their own duty" "vp-1: done" "$OUT"
expect_eq "still the one plan, where the system's file says" \
	"stttt-ht-tet-2022|0|$SHARED/plans/ha-tinh-tet-2022.yaml" \
	"$("${as_root[@]}" sqlite3 "$OFFICE_DB" 'SELECT id, retired, path FROM plan')"
BEFORE=$(office_db)

begin_test "heads but no plans: in the system's file: nothing loads, the administrator is told"
write_system_config ""
for plans in "" "$SHARED/plans"; do
	in_office "$OFFICE" ${plans:+--plans "$plans"} units
	expect_exit 1 "units, --plans '$plans'"
	expect_contains "--plans '$plans': says who must do what" "$ERR" \
		"the administrator must set 'plans:' in $SYSTEM_CONFIG"
done
in_office "$HEAD_VP" check "$MINE"
expect_exit 0 "check stays allowed"
expect_eq "the database is unchanged" "$BEFORE" "$(office_db)"

begin_test "a database on a network file system is refused"
if [[ -z $FAKE_NETFS || ! -f $FAKE_NETFS ]]; then
	fail "the statfs shim is given as the second argument" "a file" "'$FAKE_NETFS'"
else
	copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
	mkdir -p "$T/nfs"
	# ASan wants to be first among the libraries; the shim only wraps statfs.
	run env LD_PRELOAD="$FAKE_NETFS" FAKE_NETFS_DIR="$T/nfs" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		"$KEHOACH" --db "$T/nfs/kehoach.db" --plans "$PLANS" units
	expect_exit 1
	expect_contains "it says why" "$ERR" "network file system (NFS)"
	expect_no_file "nothing was created" "$T/nfs/kehoach.db"
	run env LD_PRELOAD="$FAKE_NETFS" FAKE_NETFS_DIR="$T/nfs" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		"$KEHOACH" --db "$T/local.db" --plans "$PLANS" units
	expect_exit 0
fi

summary
