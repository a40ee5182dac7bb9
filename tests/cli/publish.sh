#!/usr/bin/env bash
# The office publishes plans: `init --shared GROUP` makes the plans folder
# beside the database's folder, readable by the group and writable by the
# logins under 'office:' only. A plan an office member copies in is loaded
# by a unit head's next command; the head can neither write there nor
# archive a plan; init run again changes nothing and says so.
#
# Needs root (or passwordless sudo) to make the OS users; without it the
# test fails: it must not pass without having run.
source "$(dirname "$0")/lib.sh" "$@"

need_os_users
if ! command -v getfacl >/dev/null; then
	echo "FATAL: getfacl is needed (Debian: acl)" >&2
	exit 1
fi

TAG=$(printf '%05d' $(($$ % 100000)))
GROUP=khp$TAG
OFFICE=khpo$TAG      # the office clerk
HEAD=khph$TAG        # a unit head, a member of the group
SRV=$(mktemp -d /tmp/kehoach-publish.XXXXXX) || exit 1
chmod 755 "$SRV"
remove_users() {
	"${as_root[@]}" userdel "$OFFICE" 2>/dev/null
	"${as_root[@]}" userdel "$HEAD" 2>/dev/null
	"${as_root[@]}" groupdel "$GROUP" 2>/dev/null
	"${as_root[@]}" rm -rf "$SRV"
}
trap 'remove_users; cleanup' EXIT
"${as_root[@]}" groupadd "$GROUP" || exit 1
for user in "$OFFICE" "$HEAD"; do
	"${as_root[@]}" useradd --no-create-home --shell /usr/sbin/nologin -G "$GROUP" "$user" || exit 1
done

# A copy of kehoach everyone can run, with the build's catalogues.
BIN=$SRV/bin
mkdir -p "$BIN"
cp "$KEHOACH" "$BIN/kehoach"
chmod 755 "$BIN" "$BIN/kehoach"
CONF=$SRV/config.yaml
cat >"$CONF" <<YAML
database: $SRV/db/kehoach.db
heads:
  $HEAD: [vp]
office: [$OFFICE, nobody-here-$TAG]
YAML
# Users read the plans from the folder init makes: beside the database's
# folder, as init makes it when the configuration names none.
CONF_USERS=$SRV/users.yaml
{ cat "$CONF"; echo "plans: $SRV/plans"; } >"$CONF_USERS"
chmod 644 "$CONF" "$CONF_USERS"

# as USER CMD…: CMD run as USER, in the group, with HOME in the server folder.
as() {
	local user=$1
	shift
	run "${as_root[@]}" setpriv --reuid="$user" --regid="$GROUP" --init-groups \
		env HOME="$SRV" XDG_DATA_HOME="$SRV/xdg" XDG_CONFIG_HOME="$SRV/xdg" "$@"
}
kh_as() {
	local user=$1
	shift
	as "$user" "$BIN/kehoach" --config "$CONF_USERS" "$@"
}

begin_test "init --shared makes the plans folder: the group reads, the office writes"
run "${as_root[@]}" "$BIN/kehoach" --config "$CONF" init --shared "$GROUP"
expect_exit 0 "init --shared"
PUB=$SRV/plans
expect_contains "it names the plans folder beside the database's" "$OUT" "$PUB: the plans folder is set up"
expect_contains "…and who publishes" "$OUT" "the office ($OFFICE) publishes them"
expect_contains "an office login that is no user is named" "$ERR" "nobody-here-$TAG"
expect_eq "the folder: root's, the group's, setgid" "root $GROUP" "$(stat -c '%U %G' "$PUB")"
expect_eq "…setgid" "2" "$(( $(stat -c '%#a' "$PUB") >> 9 & 2 ))"
acl=$(getfacl -cp "$PUB" 2>/dev/null)
expect_contains "the office may write (access)" "$acl" "user:$OFFICE:rwx"
expect_contains "the office may write (default)" "$acl" "default:user:$OFFICE:rwx"
expect_contains "the group may read" "$acl" "group::r-x"
expect_not_contains "the head has no entry of their own" "$acl" "user:$HEAD"

begin_test "a plan the office copies in is loaded for the head; the head cannot publish"
PUB=$SRV/plans
cp "$CLI_DATA/small.yaml" "$SRV/small.yaml"
chmod 644 "$SRV/small.yaml"
# The clerk's umask would keep the file from the group: the folder's
# default list gives the group read all the same.
as "$OFFICE" sh -c "umask 077 && cp '$SRV/small.yaml' '$PUB/ke-hoach.yaml'"
expect_exit 0 "the office copies a plan in"
kh_as "$HEAD" units
expect_exit 0 "the head's next command"
expect_contains "…loads the office's plan" "$OUT" "Văn phòng"
kh_as "$OFFICE" units
expect_contains "…and the office's too" "$OUT" "Văn phòng"
as "$HEAD" cp "$SRV/small.yaml" "$PUB/other.yaml"
expect_ne "the head cannot write into the plans folder" "0" "$RC"
expect_no_file "…nothing was written" "$PUB/other.yaml"
as "$HEAD" rm -f "$PUB/ke-hoach.yaml"
expect_file "…nor remove the office's plan" "$PUB/ke-hoach.yaml"
kh_as "$HEAD" archive thu-nghiem
expect_exit 1 "the head cannot archive"
kh_as "$HEAD" "done" vp-1
expect_exit 0 "the head marks their own unit's duty"

begin_test "init again on a set-up server changes nothing and says so"
before=$(getfacl -cp "$SRV/plans" 2>/dev/null; stat -c '%a %U %G' "$SRV/plans")
run "${as_root[@]}" "$BIN/kehoach" --config "$CONF" init --shared "$GROUP"
expect_exit 0 "init again"
expect_contains "the database: nothing changed" "$OUT" "nothing in it changed"
expect_contains "the plans folder: nothing changed" "$OUT" "the plans folder is as it was"
expect_eq "the folder's rights are the same" "$before" \
	"$(getfacl -cp "$SRV/plans" 2>/dev/null; stat -c '%a %U %G' "$SRV/plans")"

begin_test "a plans folder another user owns is refused"
"${as_root[@]}" chown "$HEAD" "$SRV/plans"
run "${as_root[@]}" "$BIN/kehoach" --config "$CONF" init --shared "$GROUP"
expect_exit 1 "init with a member's plans folder"
expect_contains "…says whose and what to do" "$ERR" "belongs to another user"

summary
