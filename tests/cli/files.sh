#!/usr/bin/env bash
# Files a user names that are not plain files: a FIFO wherever a file is
# read (check, sync, roll, --config, the XDG configuration) is refused at
# once instead of waited on; -o writes through a FIFO, a device or
# /dev/stdout, replaces the file a symbolic link leads to (keeping the
# link), and refuses a folder or a block device; a plan file gigabytes
# large is refused before a byte of it is read.
source "$(dirname "$0")/lib.sh" "$@"

PLAN=$REPO_PLANS/ha-tinh-tet-2022.yaml

# quick WHAT ARGS…: kehoach must answer within 5 seconds (a FIFO opened
# for reading waits for a writer forever).
quick() {
	local what=$1
	shift
	run timeout 5 "$KEHOACH" "$@"
	if ((RC == 124)); then
		fail "$what: kehoach does not wait on it" "an answer within 5 s" "a hang"
	fi
}

begin_test "a FIFO is refused wherever a file is read, without waiting"
copy_plans "$PLAN"
mkfifo "$PLANS/zz-pipe.yaml" "$T/pipe.yaml" "$T/config.yaml"
quick "check DIR with a FIFO in it" check "$PLANS"
expect_exit 1
expect_contains "the FIFO is named" "$ERR" "zz-pipe.yaml: not a regular file: this is a FIFO"
quick "check FIFO" check "$T/pipe.yaml"
expect_exit 1
expect_contains "check FIFO" "$ERR" "pipe.yaml: not a regular file: this is a FIFO"
quick "roll FIFO" roll "$T/pipe.yaml" --to 2027
expect_exit 1
expect_contains "roll FIFO" "$ERR" "pipe.yaml: not a regular file: this is a FIFO"
quick "--config FIFO" --db "$DB" --plans "$PLANS" --config "$T/config.yaml" units
expect_exit 1
expect_contains "--config FIFO" "$ERR" "config.yaml: not a regular file: this is a FIFO"
mkdir -p "$T/xdg/kehoach"
mkfifo "$T/xdg/kehoach/config.yaml"
XDG_CONFIG_HOME=$T/xdg quick "a FIFO at the XDG configuration path" \
	--db "$DB" --plans "$PLANS" units
expect_exit 1
expect_contains "the XDG file is named" "$ERR" "xdg/kehoach/config.yaml: not a regular file"
quick "sync with a FIFO among the plans" --db "$DB" --plans "$PLANS" sync
expect_exit 1
expect_contains "sync names it" "$ERR" "zz-pipe.yaml: not a regular file: this is a FIFO"
expect_contains "…and loads the rest" "$OUT" "loaded plan"

begin_test "-o writes through a FIFO and a device, and into /dev/stdout"
sync_fixtures "$PLAN"
mkfifo "$T/out.pipe"
timeout 10 cat "$T/out.pipe" >"$T/from-pipe" &
reader=$!
kh checklist --unit vp -o "$T/out.pipe" --format text
expect_exit 0
wait "$reader"
expect_contains "the checklist came out of the FIFO" "$(cat "$T/from-pipe")" "vp-1"
expect_eq "the FIFO is still a FIFO" "fifo" "$(stat -c '%F' "$T/out.pipe")"
# A device node of its own, like /dev/null (root may make one).
if mknod "$T/null" c 1 3 2>/dev/null; then
	for cmd in "checklist --unit vp" "report --month 2022-01"; do
		# shellcheck disable=SC2086
		kh $cmd -o "$T/null" --format text
		expect_exit 0 "$cmd -o a device"
		expect_eq "$cmd: the device is still a device" "character special file" \
			"$(stat -c '%F' "$T/null")"
	done
	run "$KEHOACH" roll "$PLAN" --to 2027 -o "$T/null"
	expect_exit 0 "roll -o a device"
	expect_eq "roll: the device is still a device" "character special file" \
		"$(stat -c '%F' "$T/null")"
	# A loop device: writing a checklist onto a disk is never what was meant.
	mknod "$T/disk" b 7 200
	kh checklist --unit vp -o "$T/disk" --format text
	expect_exit 1
	expect_contains "a block device is refused" "$ERR" "this is a device"
	expect_eq "…and left as it was" "block special file" "$(stat -c '%F' "$T/disk")"
else
	fail "mknod (the tests run as root)" "a device node" "mknod refused"
fi
# Standard output by another name is written to, never replaced: >>
# keeps what the file held. /proc/self/fd/1 cannot be renamed over even
# by a broken kehoach; /dev/stdout only in a /dev of a private namespace.
echo "earlier line" >"$T/log.txt"
"$KEHOACH" --db "$DB" --plans "$PLANS" checklist --unit vp -o /proc/self/fd/1 \
	--format text >>"$T/log.txt"
expect_eq "-o /proc/self/fd/1 >> log: exit status" "0" "$?"
expect_eq "…appended after what the file held" "earlier line" "$(head -n 1 "$T/log.txt")"
expect_contains "…the checklist" "$(cat "$T/log.txt")" "vp-1"
if unshare --mount true 2>/dev/null; then
	run unshare --mount bash -c 'mount -t tmpfs kh-dev /dev &&
		ln -s /proc/self/fd/1 /dev/stdout &&
		"$@" >"$0" && stat -c %F /dev/stdout' "$T/stdout.txt" \
		"$KEHOACH" --db "$DB" --plans "$PLANS" checklist --unit vp -o /dev/stdout \
		--format text
	expect_exit 0 "-o /dev/stdout"
	expect_contains "-o /dev/stdout prints" "$(cat "$T/stdout.txt")" "vp-1"
	expect_eq "/dev/stdout is still a link" "symbolic link" "$OUT"
else
	echo "# skipped: -o /dev/stdout in a private /dev (unshare --mount not permitted)"
fi

begin_test "-o through a symbolic link replaces the file it leads to"
sync_fixtures "$PLAN"
echo old >"$T/real.txt"
ln -s real.txt "$T/link.txt"
kh checklist --unit vp -o "$T/link.txt" --format text
expect_exit 0
expect_eq "the link is still a link" "symbolic link" "$(stat -c '%F' "$T/link.txt")"
expect_contains "the file it leads to has the checklist" "$(cat "$T/real.txt")" "vp-1"
ln -s nowhere/x.txt "$T/dangling.txt"
kh checklist --unit vp -o "$T/dangling.txt" --format text
expect_exit 1
expect_contains "a link to nothing is refused" "$ERR" "a link to a file that does not exist"
kh checklist --unit vp -o "$T" --format text
expect_exit 1
expect_contains "a folder is refused" "$ERR" "this is a folder"
# Another user's link (nobody's) is not followed: in /tmp it could lead
# root to replace any file.
echo "root's" >"$T/root-file"
ln -s root-file "$T/their-link"
chown -h nobody "$T/their-link"
kh checklist --unit vp -o "$T/their-link" --format text
expect_exit 1
expect_contains "another user's link is refused" "$ERR" "a symbolic link another user made"
expect_eq "…and the file it leads to is untouched" "root's" "$(cat "$T/root-file")"
# The mode is kept, but never setuid, setgid or sticky.
echo old >"$T/suid.txt"
chmod 6755 "$T/suid.txt"
kh checklist --unit vp -o "$T/suid.txt" --format text
expect_exit 0
expect_eq "a replaced file keeps its mode without setuid and setgid" "755" \
	"$(stat -c '%a' "$T/suid.txt")"
expect_eq "no temporary file is left" "" "$(find "$T" -name '*.tmp-*')"

begin_test "a plan file gigabytes large is refused before it is read"
copy_plans "$PLAN"
# Sparse: 64 GiB that take no room; hashing them would take minutes.
truncate -s 64G "$PLANS/huge.yaml"
quick "sync of a 64 GiB plan" --db "$DB" --plans "$PLANS" sync
expect_exit 1
expect_contains "sync says it is too large" "$ERR" "huge.yaml: file too large (68719476736 bytes"
quick "check of a 64 GiB plan" check "$PLANS/huge.yaml"
expect_exit 1
expect_contains "check says so too" "$ERR" "file too large"
quick "roll of a 64 GiB plan" roll "$PLANS/huge.yaml" --to 2027
expect_exit 1
expect_contains "roll says so too" "$ERR" "file too large"

summary
