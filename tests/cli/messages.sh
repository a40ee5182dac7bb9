#!/bin/bash
# Error messages in Vietnamese, whole: commands that fail — an unknown or
# ambiguous duty, a group duty without its unit, another unit's duty when
# heads are set, a read-only, locked, newer or foreign database, bad
# options — run with KEHOACH_LANG=vi say so in Vietnamese, with no English
# left in them (from kehoach or from SQLite), and name units as a clerk
# knows them: "kt (Phòng Kế toán)". A plan file's error is given in the
# language of whoever runs kehoach, not of whoever synced it first.
source "$(dirname "$0")/lib.sh" "$@"

unset LANGUAGE LC_MESSAGES LANG

# English words that have no business in a Vietnamese message. Words
# Vietnamese writes too ("in" is to print, "do" is by) are left out.
ENGLISH_WORDS='the|a|is|are|was|were|be|not|no|cannot|can|unknown|unit|units|duty|duties|plan|plans|database|file|files|folder|with|only|and|or|of|to|for|by|from|on|at|it|its|this|that|there|nothing|changed|must|expected|try|named|error|found|could|read|write|written|newer|you|your|see|say|which|give|use|heads|group|option|command|date|usage|value|after|before|while|locked|full|damaged|missing|invalid|cannot|already'

# english_left TEXT: the English words of TEXT, one per line, once what a
# message quotes ('vp-1', "x"), paths, options (--db) and names of
# programs and formats are set aside: those are the same in every language.
english_left() {
	python3 - "$1" "$ENGLISH_WORDS" <<'EOF'
import re, sys
text, words = sys.argv[1], sys.argv[2]
text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", " ", text)
text = " ".join(t for t in text.split()
                if not re.search(r"[/@]|^-|\.(ya?ml|db)\b", t))
text = re.sub(r"\b(kehoach|SQLite|sqlite3|UTF-8|lp)\b", " ", text)
for w in re.findall(r"\b(?:%s)\b" % words, text, re.I):
    print(w)
EOF
}

# expect_vietnamese WHAT TEXT: every line of TEXT is Vietnamese (it has a
# letter only Vietnamese writes) and no English word is left in it.
expect_vietnamese() {
	local line
	if [[ -z $2 ]]; then
		fail "$1: a message" "a message in Vietnamese" "nothing"
		return
	fi
	while IFS= read -r line; do
		if grep -q '[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]' <<<"$line"; then
			pass
		else
			fail "$1: each line in Vietnamese" "Vietnamese" "'$line'"
		fi
	done <<<"$2"
	local left
	left=$(english_left "$2" | sort -u | tr '\n' ' ')
	expect_eq "$1: no English word left" "" "$left"
}

# vkh ARGS…: kh in Vietnamese.
vkh() {
	KEHOACH_LANG=vi kh "$@"
}

# The checks must catch English: an English message fails them.
_self_check() {
	(expect_vietnamese "" "kehoach: no duty named 'x' (see 'kehoach list')") \
		>/dev/null 2>&1 && return 1
	(expect_vietnamese "" "kehoach: không có nhiệm vụ 'x' (xem 'kehoach list')") \
		>/dev/null 2>&1 || return 1
	(expect_vietnamese "" "kehoach: cơ sở dữ liệu is locked") >/dev/null 2>&1 && return 1
	return 0
}
if ! _self_check; then
	echo "FATAL: expect_vietnamese misjudges a message" >&2
	exit 1
fi
unset -f _self_check

# ---------------------------------------------------------------------------
begin_test "naming duties: unknown, ambiguous, a group's without its unit"
sync_fixtures small.yaml clash.yaml
vkh done nosuch
expect_exit 1 "an unknown duty"
expect_vietnamese "an unknown duty" "$ERR"
expect_contains "…names it" "$ERR" "'nosuch'"
vkh done nosuch/vp-1
expect_exit 1 "an unknown plan"
expect_vietnamese "an unknown plan" "$ERR"
vkh done vp-1
expect_exit 1 "an id in two plans"
expect_vietnamese "an id in two plans" "$ERR"
expect_contains "…names both" "$ERR" "khac/vp-1, thu-nghiem/vp-1"
vkh done thu-nghiem/chung-1
expect_exit 1 "a group duty without its unit"
expect_vietnamese "a group duty without its unit" "$ERR"
expect_contains "…offers each unit's share, with the unit's name" "$ERR" \
	"thu-nghiem/chung-1@vp (Văn phòng), thu-nghiem/chung-1@kt (Phòng Kế toán)"
vkh done thu-nghiem/vp-2@kt
expect_exit 1 "another unit's share of a duty"
expect_vietnamese "another unit's share of a duty" "$ERR"
expect_contains "…names the unit given and the duty's, with their names" "$ERR" \
	"kt (Phòng Kế toán); nhiệm vụ này giao cho đơn vị vp (Văn phòng)"
vkh history nosuch
expect_exit 1 "history of an unknown duty"
expect_vietnamese "history of an unknown duty" "$ERR"
expect_eq "nothing recorded" "0" "$(sql 'SELECT count(*) FROM history')"

begin_test "heads: another unit's duty, and a user who heads nothing"
sync_fixtures small.yaml
printf 'heads:\n  %s: [kt]\n' "$OS_USER" >"$T/heads.yaml"
printf 'heads:\n  someone-else: [kt]\n' >"$T/others.yaml"
vkh --config "$T/heads.yaml" done vp-1
expect_exit 1 "a mark on another unit's duty"
expect_vietnamese "a mark on another unit's duty" "$ERR"
expect_contains "…names both units with their names" "$ERR" \
	"đơn vị vp (Văn phòng), còn $OS_USER chỉ là trưởng đơn vị kt (Phòng Kế toán)"
expect_contains "…and where the rule is" "$ERR" "$T/heads.yaml"
vkh --config "$T/others.yaml" done kt-1
expect_exit 1 "a mark by someone who heads nothing"
expect_vietnamese "a mark by someone who heads nothing" "$ERR"
vkh --config "$T/heads.yaml" done kt-1
expect_exit 0 "a mark on the head's own unit"
expect_eq "one change only" "1" "$(sql 'SELECT count(*) FROM history')"

begin_test "databases kehoach will not or cannot use"
sync_fixtures small.yaml
echo "hello, not a database" >"$T/text.db"
KEHOACH_LANG=vi run "$KEHOACH" --db "$T/text.db" --plans "$PLANS" list
expect_exit 1 "a text file"
expect_vietnamese "a text file" "$ERR"
sqlite3 "$T/other.db" 'CREATE TABLE x(a);'
KEHOACH_LANG=vi run "$KEHOACH" --db "$T/other.db" --plans "$PLANS" list
expect_exit 1 "another program's database"
expect_vietnamese "another program's database" "$ERR"
cp "$DB" "$T/newer.db"
sqlite3 "$T/newer.db" 'PRAGMA user_version = 99'
KEHOACH_LANG=vi run "$KEHOACH" --db "$T/newer.db" --plans "$PLANS" list
expect_exit 1 "a newer database"
expect_vietnamese "a newer database" "$ERR"
expect_contains "…says which schema" "$ERR" "99"

begin_test "a database another program keeps locked"
sync_fixtures small.yaml
mkfifo "$T/lock.fifo"
sqlite3 "$DB" <"$T/lock.fifo" >/dev/null 2>&1 &
holder=$!
exec 9>"$T/lock.fifo"
# The holder waits for the lock rather than fail at once: the loop below
# takes it for a moment too, and a holder that lost that race held
# nothing (the mark then went through: a flaky failure under load).
echo ".timeout 10000" >&9
echo "BEGIN IMMEDIATE;" >&9
for ((i = 0; i < 100; i++)); do
	sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || break
	sleep 0.1
done
# kehoach waits 10 seconds for the lock before it gives up.
vkh done vp-1
exec 9>&-
wait "$holder"
expect_exit 1 "a mark while the lock is held"
expect_vietnamese "a mark while the lock is held" "$ERR"
expect_contains "…says it is locked" "$ERR" "bị khóa"
expect_eq "nothing recorded" "0" "$(sql 'SELECT count(*) FROM history')"

begin_test "a database that is read-only for the user"
use_other_user
sync_fixtures small.yaml
give_away
chmod 444 "$DB"
KEHOACH_LANG=vi ukh done vp-1
expect_exit 1 "a mark"
expect_vietnamese "a mark on a read-only database" "$ERR"
expect_contains "…says it may only be read" "$ERR" "chỉ có quyền đọc"
KEHOACH_LANG=vi ukh list --unit vp
expect_exit 0 "reading it still works"
expect_eq "nothing recorded" "0" "$(sql 'SELECT count(*) FROM history')"

begin_test "bad commands, options and values"
sync_fixtures small.yaml
bad() {   # WHAT ARGS…: a usage error, in Vietnamese
	local what=$1
	shift
	vkh "$@"
	expect_exit 2 "$what"
	expect_vietnamese "$what" "$ERR"
}
bad "an unknown command" bogus
bad "an unknown option" list --bogus
bad "a missing value" list --status
bad "an unknown status" list --status finished
bad "an unknown format" list --format xml
bad "a count that is no number" list --due-within soon
bad "no duty named" done
bad "progress that is no percentage" progress vp-1 lots
bad "a date that is none" done vp-1 --on 2022-02-30
bad "a date in no known form" done vp-1 --on yesterday
bad "a day after today" --today 2022-01-20 done vp-1 --on 2022-01-25
bad "a bad --today" --today soon list
bad "a note that is not UTF-8" done vp-1 --note $'\xff'
bad "a checklist of a unit and all" checklist --unit vp --all

begin_test "a broken plan's error in the language of each run"
sync_fixtures small.yaml
sed -e 's/^  id: thu-nghiem$/&\n  tet: 2022/' -e 's/^        due: 2022-01-25$/        due: tet+1000/' \
	"$CLI_DATA/small.yaml" >"$PLANS/small.yaml"
KEHOACH_LANG=en kh sync
expect_exit 1 "an English sync of the broken plan"
expect_contains "…in English" "$ERR" "is too far from Tết"
KEHOACH_LANG=vi kh sync
expect_exit 1 "a Vietnamese sync of the same file"
expect_contains "…in Vietnamese" "$ERR" "quá xa Tết"
expect_not_contains "…not the English of the sync before" "$ERR" "too far"
expect_match "…at its line" "$ERR" 'small\.yaml:[0-9]+:[0-9]+: '
KEHOACH_LANG=en kh sync
expect_contains "English again" "$ERR" "is too far from Tết"

summary
