#!/usr/bin/env bash
# Several unit heads on one server: real OS users in one group share a
# database made by `kehoach init --shared`; the configuration's heads
# decide who marks what; the history names each of them. Also: a database
# on a network file system is refused.
#
# Making users needs root (or sudo without a password). Without either the
# test fails: it must not pass without having run.
source "$(dirname "$0")/lib.sh" "$@"

FAKE_NETFS=${2:-}
[[ -z $FAKE_NETFS || $FAKE_NETFS == /* ]] || FAKE_NETFS=$PWD/$FAKE_NETFS

as_root=()
if [[ $(id -u) != 0 ]]; then
	if sudo -n true 2>/dev/null; then
		as_root=(sudo -n)
	else
		echo "FATAL: shared.sh makes OS users: run it as root or with passwordless sudo" >&2
		exit 1
	fi
fi
for tool in useradd groupadd setpriv; do
	command -v "$tool" >/dev/null || { echo "FATAL: $tool is needed" >&2; exit 1; }
done

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
expect_eq "the folder" "2770 $GROUP" "$(mode "$SHARED/db")"
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
expect_contains "the head of vp may not mark tt-1" "$ERR" "that duty is unit tt's, and $HEAD_VP heads only vp"
expect_contains "…and is told where that is said" "$ERR" "$SHARED/config.yaml"
as "$HEAD_TT" start tt-1
expect_exit 0
as "$HEAD_TT" done chung-2@tt
expect_exit 0
expect_eq "a group's duty, for the head's own unit" "chung-2@tt: done" "$OUT"
as "$HEAD_TT" done chung-2@vp
expect_exit 1
expect_contains "…not for another unit of the group" "$ERR" "unit vp's"
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
