# Shared helpers for the command-line tests. Each script starts with
#
#     source "$(dirname "$0")/lib.sh" "$@"
#
# and is run as `bash tests/cli/NAME.sh /abs/path/to/kehoach`.
#
# Every test calls begin_test, which gives it a fresh temporary folder $T
# (also $HOME and the XDG folders, so nothing of the user's is touched), a
# database path $DB and a plans folder $PLANS. `kh ARGS…` runs kehoach with
# --db "$DB" --plans "$PLANS" ARGS… through `run`, which leaves the output
# in $OUT, $ERR and the exit code in $RC. Assertions count failures; the
# script ends with `summary`, which exits 1 when any assertion failed.
#
# KEEP=1 keeps the temporary folders for inspection.

set -u
set -o pipefail

KEHOACH=${1:-}
if [[ -z $KEHOACH || ! -x $KEHOACH ]]; then
	echo "usage: bash $0 /abs/path/to/build/kehoach" >&2
	echo "(got '${KEHOACH}', which is not an executable file)" >&2
	exit 2
fi
case $KEHOACH in
/*) ;;
*) KEHOACH=$PWD/$KEHOACH ;;
esac

CLI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${KEHOACH_SOURCE_ROOT:=$(cd "$CLI_DIR/../.." && pwd)}"
: "${KEHOACH_TEST_DATA:=$KEHOACH_SOURCE_ROOT/tests/data}"
export KEHOACH_SOURCE_ROOT KEHOACH_TEST_DATA
CLI_DATA=$CLI_DIR/data
REPO_PLANS=$KEHOACH_SOURCE_ROOT/plans
export TZ=Asia/Ho_Chi_Minh
export LC_ALL=C.UTF-8
# Nothing from the caller's environment may steer kehoach.
unset KEHOACH_TODAY KEHOACH_DB KEHOACH_PLANS LANGUAGE KEHOACH_LANG KEHOACH_LOCALEDIR
# Vietnamese is kehoach's default; the tests written against the English
# originals ask for English, and those of the default (i18n.sh) unset it.
export KEHOACH_LANG=en

for tool in sqlite3 python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FATAL: the '$tool' command is needed by the command-line tests" \
			"(install the $tool package)" >&2
		exit 1
	fi
done

TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-cli.XXXXXX") || exit 1
ORIG_PWD=$PWD
cleanup() {
	cd / || true
	if [[ ${KEEP:-0} == 1 ]]; then
		echo "kept $TEST_ROOT" >&2
	else
		chmod -R u+rwX "$TEST_ROOT" 2>/dev/null
		rm -rf "$TEST_ROOT"
	fi
}
trap cleanup EXIT

N_TESTS=0
N_CHECKS=0
N_FAILED=0
TEST_NAME=
TEST_FAILED=0

# begin_test NAME: a fresh folder $T for one test; $HOME and XDG_* point
# into it, the current directory is it, $DB and $PLANS are inside it.
begin_test() {
	TEST_NAME=$1
	N_TESTS=$((N_TESTS + 1))
	TEST_FAILED=0
	T=$TEST_ROOT/$(printf '%02d' "$N_TESTS")-${1//[^A-Za-z0-9_.-]/_}
	mkdir -p "$T/home" "$T/data" "$T/config" "$T/cache" "$T/state" "$T/plans"
	export HOME=$T/home
	export XDG_DATA_HOME=$T/data
	export XDG_CONFIG_HOME=$T/config
	export XDG_CACHE_HOME=$T/cache
	export XDG_STATE_HOME=$T/state
	export XDG_RUNTIME_DIR=$T
	DB=$T/kehoach.db
	PLANS=$T/plans
	cd "$T" || exit 1
	echo "# $TEST_NAME"
}

# fail WHAT EXPECTED GOT: records a failed assertion.
fail() {
	N_FAILED=$((N_FAILED + 1))
	TEST_FAILED=1
	{
		echo "FAIL [$TEST_NAME] $1"
		echo "  expected: $2"
		echo "  got:      $3"
		if [[ -n ${LAST_CMD:-} ]]; then
			echo "  last command: $LAST_CMD (exit $RC)"
			if [[ -n ${ERR:-} ]]; then
				echo "  its stderr:"
				printf '%s\n' "$ERR" | head -n 10 | sed 's/^/    | /'
			fi
		fi
	} >&2
	return 1
}

pass() {
	N_CHECKS=$((N_CHECKS + 1))
	return 0
}

# run CMD…: runs CMD with stdin from /dev/null (at most 60 s), setting
# $OUT, $ERR (without the final newline, as with $(…)) and $RC.
run() {
	local out=$TEST_ROOT/.out err=$TEST_ROOT/.err
	LAST_CMD=$(printf '%q ' "$@")
	LAST_CMD=${LAST_CMD% }
	timeout 60 "$@" </dev/null >"$out" 2>"$err"
	RC=$?
	OUT=$(cat "$out"; echo x)
	OUT=${OUT%x}
	OUT=${OUT%$'\n'}
	ERR=$(cat "$err"; echo x)
	ERR=${ERR%x}
	ERR=${ERR%$'\n'}
	# Raw bytes of stdout, for checks that must see every byte.
	OUT_FILE=$TEST_ROOT/.out.$N_TESTS
	cp "$out" "$OUT_FILE"
	if ((RC >= 124)); then
		fail "$LAST_CMD must not crash or hang" "exit status < 124" \
			"exit status $RC"
	fi
	return 0
}

# kh ARGS…: kehoach with this test's database and plans folder.
kh() {
	run "$KEHOACH" --db "$DB" --plans "$PLANS" "$@"
}

# kh_raw ARGS…: kehoach with only the given arguments.
kh_raw() {
	run "$KEHOACH" "$@"
}

expect_eq() {   # WHAT EXPECTED GOT
	if [[ $2 == "$3" ]]; then pass; else fail "$1" "'$2'" "'$3'"; fi
}

expect_ne() {   # WHAT UNEXPECTED GOT
	if [[ $2 != "$3" ]]; then pass; else fail "$1" "anything but '$2'" "'$3'"; fi
}

expect_contains() {   # WHAT HAYSTACK NEEDLE
	if [[ $2 == *"$3"* ]]; then
		pass
	else
		fail "$1" "text containing '$3'" "'$(printf '%s' "$2" | head -c 2000)'"
	fi
}

expect_not_contains() {   # WHAT HAYSTACK NEEDLE
	if [[ $2 != *"$3"* ]]; then
		pass
	else
		fail "$1" "text without '$3'" "'$(printf '%s' "$2" | head -c 2000)'"
	fi
}

# The text goes to grep as a here-string, never through a pipe: grep -q
# leaves at its first match, and under pipefail a printf still writing
# into the pipe would die of SIGPIPE and turn a match into a failure.
expect_match() {   # WHAT TEXT EXTENDED-REGEX (some line must match)
	if grep -Eq -- "$3" <<<"$2"; then
		pass
	else
		fail "$1" "a line matching /$3/" "'$(printf '%s' "$2" | head -c 2000)'"
	fi
}

expect_no_match() {   # WHAT TEXT EXTENDED-REGEX (no line may match)
	if ! grep -Eq -- "$3" <<<"$2"; then
		pass
	else
		fail "$1" "no line matching /$3/" \
			"'$(grep -E -- "$3" <<<"$2" | head -n 5)'"
	fi
}

expect_exit() {   # EXPECTED [WHAT]: the exit code of the last run
	if [[ $RC == "$1" ]]; then
		pass
	else
		fail "${2:-exit status of $LAST_CMD}" "exit $1" "exit $RC"
	fi
}

expect_file() {   # WHAT PATH: PATH is a regular file
	if [[ -f $2 ]]; then pass; else fail "$1" "a file $2" "no such file"; fi
}

expect_no_file() {   # WHAT PATH: nothing at PATH
	if [[ ! -e $2 && ! -L $2 ]]; then pass; else fail "$1" "nothing at $2" "it exists"; fi
}

# count_lines TEXT: the number of lines (0 for an empty text).
count_lines() {
	if [[ -z $1 ]]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi
}

expect_lines() {   # WHAT N TEXT
	expect_eq "$1 (number of lines)" "$2" "$(count_lines "$3")"
}

# sql QUERY: the result of QUERY on this test's database.
sql() {
	sqlite3 -batch -noheader "$DB" "$1"
}

# db_dump: the tables that hold plans, status and history (not the cache
# of file sizes and hashes), as SQL text.
db_dump() {
	local t
	for t in plan unit unit_member duty assignment history; do
		sqlite3 -batch "$DB" ".dump $t"
	done
}

# json_valid TEXT: exit 0 when TEXT is valid JSON.
json_valid() {
	printf '%s' "$1" | python3 -m json.tool >/dev/null 2>&1
}

expect_json() {   # WHAT TEXT
	if json_valid "$2"; then
		pass
	else
		fail "$1 is valid JSON" "valid JSON (python3 -m json.tool)" \
			"'$(printf '%s' "$2" | head -c 1000)'"
	fi
}

# jq_py EXPR [JSON]: evaluates the Python expression EXPR with d bound to
# the JSON document (default: $OUT) and prints the result (lists and dicts
# as JSON, strings raw, None as null, booleans as true/false).
jq_py() {
	local doc=${2-$OUT}
	printf '%s' "$doc" | python3 -c '
import json, sys
expr = sys.argv[1]
try:
    d = json.load(sys.stdin)
except Exception as e:
    print("<invalid JSON: %s>" % e)
    sys.exit(0)
try:
    v = eval(expr, {"d": d, "json": json})
except Exception as e:
    print("<error: %s: %s>" % (type(e).__name__, e))
    sys.exit(0)
if isinstance(v, bool) or v is None:
    print(json.dumps(v))
elif isinstance(v, (list, dict, tuple)):
    print(json.dumps(v, ensure_ascii=False, sort_keys=True))
else:
    print(v)
' "$1"
}

# nfd TEXT / nfc TEXT: the Unicode normal forms of TEXT.
nfd() {
	python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFD", sys.argv[1]))' "$1"
}
nfc() {
	python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFC", sys.argv[1]))' "$1"
}

expect_nfc_file() {   # WHAT PATH: the file is UTF-8 text in Unicode NFC
	if python3 -c 'import sys, unicodedata
sys.exit(0 if unicodedata.is_normalized("NFC", open(sys.argv[1], encoding="utf-8").read()) else 1)' \
		"$2" 2>/dev/null; then
		pass
	else
		fail "$1 is UTF-8 in NFC" "UTF-8 in NFC" "another form, or not UTF-8"
	fi
}

# hex TEXT: TEXT as hex bytes, to compare normal forms exactly.
hex() {
	printf '%s' "$1" | od -An -tx1 | tr -d ' \n'
}

# copy_plans FILE…: copies fixture files (names relative to
# tests/cli/data, or absolute) into $PLANS.
copy_plans() {
	local f
	for f in "$@"; do
		case $f in
		/*) cp "$f" "$PLANS/" ;;
		*) cp "$CLI_DATA/$f" "$PLANS/" ;;
		esac
	done
}

# sync_fixtures FILE…: copy_plans, then a sync that must succeed.
sync_fixtures() {
	copy_plans "$@"
	kh sync
	if [[ $RC != 0 ]]; then
		fail "setup: sync of the fixtures" "exit 0" "exit $RC"
	fi
}

# expect_golden NAME TEXT: TEXT equals tests/cli/golden/NAME. With UPDATE=1
# the file is written instead (read it before committing).
expect_golden() {
	local file=$CLI_DIR/golden/$1
	if [[ ${UPDATE:-0} == 1 ]]; then
		mkdir -p "$CLI_DIR/golden"
		printf '%s\n' "$2" >"$file"
		echo "wrote $file" >&2
		pass
		return 0
	fi
	if [[ ! -f $file ]]; then
		fail "golden file $1" "the file to exist (UPDATE=1 writes it)" "no file"
		return 1
	fi
	local diff
	if diff=$(diff -u "$file" <(printf '%s\n' "$2")); then
		pass
	else
		fail "output equals golden/$1" "no difference" "$(printf '%s\n' "$diff" | head -n 40)"
	fi
}

# The helpers must hold for a long text that matches on its first line,
# where grep stops reading at once (the SIGPIPE race above, made certain:
# far more than a pipe holds).
_lib_check() {
	local big
	printf -v big 'first line\n%*s' 300000 ''
	(expect_match "" "$big" '^first line$') 2>/dev/null || return 1
	! (expect_no_match "" "$big" '^first line$') 2>/dev/null || return 1
}
if ! _lib_check; then
	echo "FATAL: expect_match or expect_no_match misjudges a long text" >&2
	exit 1
fi
unset -f _lib_check

# need_os_users: for a test that makes OS users. Sets as_root to the
# prefix that runs a command as root (empty when root already) and checks
# the tools; without root or passwordless sudo the test fails, for it must
# not pass without having run.
need_os_users() {
	as_root=()
	if [[ $(id -u) != 0 ]]; then
		if sudo -n true 2>/dev/null; then
			as_root=(sudo -n)
		else
			echo "FATAL: $(basename "$0") makes OS users: run it as root or with passwordless sudo" >&2
			exit 1
		fi
	fi
	local tool
	for tool in useradd groupadd setpriv; do
		command -v "$tool" >/dev/null || { echo "FATAL: $tool is needed" >&2; exit 1; }
	done
}

# use_other_user: for a test whose files' modes must bind, which they do
# for everyone but root. Sets as_user to the prefix that runs a command as
# nobody when root (empty otherwise) and USER_KEHOACH to a copy of kehoach
# that user can run, with the build's catalogues in $USER_LOCALEDIR: the
# build may sit in root's home.
use_other_user() {
	as_user=()
	if [[ $(id -u) == 0 ]]; then
		if ! command -v setpriv >/dev/null; then
			echo "FATAL: setpriv (util-linux) is needed to drop root's privileges" >&2
			exit 1
		fi
		as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups --)
	fi
	chmod 755 "$TEST_ROOT"
	mkdir -p "$TEST_ROOT/bin"
	cp "$KEHOACH" "$TEST_ROOT/bin/kehoach"
	chmod 755 "$TEST_ROOT/bin" "$TEST_ROOT/bin/kehoach"
	USER_KEHOACH=$TEST_ROOT/bin/kehoach
	# The copy is outside the build tree: it would look for its
	# catalogues where they are installed.
	USER_LOCALEDIR=$TEST_ROOT/locale
	local mo lang
	for mo in "$(dirname "$KEHOACH")"/po/*/LC_MESSAGES/kehoach.mo; do
		[[ -f $mo ]] || continue
		lang=${mo%/LC_MESSAGES/kehoach.mo}
		lang=${lang##*/}
		mkdir -p "$USER_LOCALEDIR/$lang/LC_MESSAGES"
		cp "$mo" "$USER_LOCALEDIR/$lang/LC_MESSAGES/"
	done
	mkdir -p "$USER_LOCALEDIR"
	chmod -R a+rX "$USER_LOCALEDIR"
}

# give_away: this test's files to the user of use_other_user.
give_away() {
	[[ ${#as_user[@]} == 0 ]] || chown -R nobody:"$(id -g nobody)" "$T"
}

# ukh ARGS…: kehoach as the user of use_other_user, with this test's
# database and plans.
ukh() {
	run "${as_user[@]}" env KEHOACH_LOCALEDIR="$USER_LOCALEDIR" \
		"$USER_KEHOACH" --db "$DB" --plans "$PLANS" "$@"
}

# The OS user name of this process's uid, as kehoach must record it.
OS_USER=$(id -un)

summary() {
	cd "$ORIG_PWD" 2>/dev/null || cd /
	echo "# $(basename "$0"): $N_TESTS tests, $N_CHECKS checks passed, $N_FAILED failed"
	if ((N_FAILED > 0)); then
		exit 1
	fi
	exit 0
}
