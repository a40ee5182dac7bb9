#!/bin/bash
# Global options and exit statuses: --help, --version, usage errors (exit
# 2), --today and KEHOACH_TODAY, --db (created where asked, or in
# $XDG_DATA_HOME/kehoach/kehoach.db by default), --plans (missing → exit 1).
source "$(dirname "$0")/lib.sh" "$@"

COMMANDS=(check sync units list show done start reopen undo history overview)

# ---------------------------------------------------------------------------
begin_test "--help and --version"
kh_raw --help
expect_exit 0
expect_match "usage line" "$OUT" '^Usage: kehoach '
for c in "${COMMANDS[@]}"; do
	expect_match "--help lists $c" "$OUT" "^  $c( |\$)"
done
expect_contains "--help names --db" "$OUT" "--db"
expect_contains "--help names --plans" "$OUT" "--plans"
expect_contains "--help names --today" "$OUT" "--today"
expect_eq "nothing on stderr" "" "$ERR"
kh_raw -h
expect_exit 0 "-h"
kh_raw --version
expect_exit 0
version=$(sed -n "s/^ *version *: *'\\([^']*\\)'.*/\\1/p" "$KEHOACH_SOURCE_ROOT/meson.build" | head -n 1)
expect_eq "--version prints the project version" "kehoach $version" "$OUT"
for c in "${COMMANDS[@]}"; do
	kh "$c" --help
	expect_exit 0 "$c --help"
	expect_match "$c --help: its usage" "$OUT" "^Usage: kehoach $c"
done
expect_no_file "--help opens no database" "$DB"

begin_test "unknown commands and options: exit 2"
kh bogus
expect_exit 2 "unknown command"
expect_contains "names the command" "$ERR" "bogus"
expect_eq "nothing on stdout" "" "$OUT"
kh_raw --bogus
expect_exit 2 "unknown global option"
expect_contains "names the option" "$ERR" "--bogus"
kh_raw -x list
expect_exit 2 "unknown short option"
for c in "${COMMANDS[@]}"; do
	kh "$c" --bogus
	expect_exit 2 "$c --bogus"
done
kh list --db "$T/other.db"
expect_exit 2 "a global option after the command"
kh list extra
expect_exit 2 "list takes no arguments"
kh list --overdue=yes
expect_exit 2 "a flag given a value"
kh units --format tsv
expect_exit 2 "units has no tsv"
expect_no_file "usage errors open no database" "$DB"

begin_test "a missing option value: exit 2"
kh_raw --db
expect_exit 2 "--db"
expect_contains "--db: says so" "$ERR" "--db"
kh_raw --plans
expect_exit 2 "--plans"
kh_raw --today
expect_exit 2 "--today"
kh list --plan
expect_exit 2 "list --plan"
kh list --search
expect_exit 2 "list --search"
kh list --format
expect_exit 2 "list --format"
kh done vp-1 --note
expect_exit 2 "done --note"
kh done vp-1 --on
expect_exit 2 "done --on"
kh history --format
expect_exit 2 "history --format"
kh units --plan
expect_exit 2 "units --plan"

begin_test "--today and KEHOACH_TODAY: bad dates are usage errors"
copy_plans small.yaml
for bad in 2022-02-30 2021-02-29 2022-13-01 32/01/2022 yesterday 2022/01/26 "26-01-2022" "" "2022-01-26x"; do
	kh --today "$bad" list
	expect_exit 2 "--today '$bad'"
	[[ -n $ERR ]] && pass || fail "--today '$bad': a message" "a message on stderr" "nothing"
	KEHOACH_TODAY=$bad kh list
	if [[ -n $bad ]]; then
		expect_exit 2 "KEHOACH_TODAY='$bad'"
	fi
done
for good in 2022-01-26 26/01/2022 2024-02-29; do
	kh --today "$good" list
	expect_exit 0 "--today '$good'"
done
kh --today 2022-01-26 overview
expect_exit 0 "overview"
expect_match "the overview shows the day given" "$OUT" '26/01/2022'
KEHOACH_TODAY=2022-02-03 kh overview
expect_match "the overview shows KEHOACH_TODAY" "$OUT" '03/02/2022'
kh --today=2022-02-04 overview
expect_match "--today=DATE" "$OUT" '04/02/2022'
kh done vp-1 --on 2022-02-30
expect_exit 2 "done --on an impossible date"

begin_test "--db in a missing folder is created"
copy_plans small.yaml
db=$T/new/deeper/still/kehoach.db
run "$KEHOACH" --db "$db" --plans "$PLANS" list
expect_exit 0
expect_file "the database file exists" "$db"
expect_eq "it is a kehoach database" "1263030348" "$(sqlite3 "$db" 'PRAGMA application_id')"
expect_eq "with the plan in it" "thu-nghiem" "$(sqlite3 "$db" 'SELECT id FROM plan')"
run "$KEHOACH" --db="$T/eq/k.db" --plans="$PLANS" list
expect_exit 0 "--db=PATH --plans=DIR"
expect_file "--db=PATH creates the database" "$T/eq/k.db"
run "$KEHOACH" --db "kehoach-rel.db" --plans "plans" list
expect_exit 0 "relative --db and --plans"
expect_file "relative --db" "$T/kehoach-rel.db"
expect_no_file "--db given: the default folder is not made" "$XDG_DATA_HOME/kehoach"

begin_test "the default database: \$XDG_DATA_HOME/kehoach/kehoach.db"
copy_plans small.yaml
run "$KEHOACH" --plans "$PLANS" list
expect_exit 0
expect_file "created on first use" "$XDG_DATA_HOME/kehoach/kehoach.db"
expect_eq "it holds the plan" "thu-nghiem" \
	"$(sqlite3 "$XDG_DATA_HOME/kehoach/kehoach.db" 'SELECT id FROM plan' 2>&1)"
run "$KEHOACH" --plans "$PLANS" done vp-1
expect_exit 0
expect_eq "later commands use it" "2" \
	"$(sqlite3 "$XDG_DATA_HOME/kehoach/kehoach.db" "SELECT a.state FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'" 2>&1)"
expect_no_file "not under \$HOME when XDG_DATA_HOME is set" "$HOME/.local/share/kehoach"

begin_test "the default database without XDG_DATA_HOME: ~/.local/share/kehoach"
copy_plans small.yaml
unset XDG_DATA_HOME
run "$KEHOACH" --plans "$PLANS" list
expect_exit 0
expect_file "created under \$HOME" "$HOME/.local/share/kehoach/kehoach.db"
export XDG_DATA_HOME=relative/data
run "$KEHOACH" --plans "$PLANS" list
expect_exit 0 "a relative XDG_DATA_HOME"
expect_no_file "a relative XDG_DATA_HOME is ignored (XDG spec)" "$T/relative"

begin_test "HOME empty or relative: refused, not a database in the current folder"
copy_plans small.yaml
unset XDG_DATA_HOME XDG_CONFIG_HOME
# A user's file under ./relative would be read, were HOME taken as it is.
mkdir -p "$T/relative/.config/kehoach"
printf 'bogus: 1\n' >"$T/relative/.config/kehoach/config.yaml"
for home in "" relative; do
	run env HOME="$home" "$KEHOACH" --plans "$PLANS" list
	expect_exit 1 "HOME='$home'"
	expect_eq "HOME='$home': says why and what to do" \
		"kehoach: HOME is '$home', not an absolute path, so kehoach cannot tell where your database is: set HOME to your home folder, or give --db PATH" \
		"$ERR"
done
expect_no_file "no database under the current folder" "$T/relative/.local"
mkdir "$T/elsewhere"
cd "$T/elsewhere" || exit 1
run env HOME=relative "$KEHOACH" --db "$DB" list
cd "$T" || exit 1
expect_exit 1 "HOME=relative, no ./plans"
expect_eq "the plans folder is refused too" \
	"kehoach: HOME is 'relative', not an absolute path, so kehoach cannot tell where your plans folder is: set HOME to your home folder, or give --plans DIR" \
	"$ERR"
run env HOME=relative "$KEHOACH" --db "$DB" --plans "$PLANS" list
expect_exit 0 "HOME=relative with --db and --plans"
expect_eq "…and no user's file is read under the current folder" "" "$ERR"
export XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
run env -u HOME "$KEHOACH" --plans "$PLANS" list
expect_exit 0 "HOME unset, XDG_DATA_HOME set: no need of HOME"
expect_file "the database under XDG_DATA_HOME" "$XDG_DATA_HOME/kehoach/kehoach.db"

begin_test "the default plans folder: ./plans, else \$XDG_CONFIG_HOME/kehoach/plans"
copy_plans small.yaml
run "$KEHOACH" --db "$DB" list --format tsv
expect_exit 0 "./plans"
expect_lines "./plans: the plan's 7 assignments" 7 "$OUT"
mkdir -p "$XDG_CONFIG_HOME/kehoach/plans" elsewhere
cp "$CLI_DATA/ongoing.yaml" "$XDG_CONFIG_HOME/kehoach/plans/"
cd elsewhere || exit 1
run "$KEHOACH" --db "$T/other.db" list --format tsv
cd "$T" || exit 1
expect_exit 0 "no ./plans"
expect_eq "the XDG plans folder is used" "thuong-xuyen" \
	"$(printf '%s\n' "$OUT" | cut -f1 | sort -u)"

begin_test "--plans: a missing folder is a failure with a clear message"
for c in list sync units "show vp-1" "done vp-1" history undo; do
	# shellcheck disable=SC2086
	run "$KEHOACH" --db "$DB" --plans "$T/no-such-folder" $c
	expect_exit 1 "$c with a missing plans folder"
	expect_contains "$c: names the folder" "$ERR" "$T/no-such-folder"
	expect_match "$c: says what is wrong" "$ERR" 'plans folder|No such file'
done
copy_plans small.yaml
run "$KEHOACH" --db "$DB" --plans "$PLANS/small.yaml" list
expect_exit 1 "--plans naming a file"
expect_contains "names it" "$ERR" "small.yaml"
unset XDG_CONFIG_HOME
cd "$T/home" || exit 1
run "$KEHOACH" --db "$DB" list
cd "$T" || exit 1
expect_exit 1 "no ./plans and no default plans folder"
expect_contains "names the default folder" "$ERR" "$HOME/.config/kehoach/plans"

begin_test "--db that is not a kehoach database is refused untouched"
copy_plans small.yaml
echo "hello, not a database" >text.db
sum=$(md5sum <text.db)
run "$KEHOACH" --db "$T/text.db" --plans "$PLANS" list
expect_exit 1 "a text file"
expect_contains "names it" "$ERR" "text.db"
expect_eq "left untouched" "$sum" "$(md5sum <text.db)"
sqlite3 other.db 'CREATE TABLE x(a); INSERT INTO x VALUES (1);'
sum=$(md5sum <other.db)
run "$KEHOACH" --db "$T/other.db" --plans "$PLANS" list
expect_exit 1 "another program's SQLite database"
expect_eq "left untouched" "$sum" "$(md5sum <other.db)"
kh sync
sqlite3 "$DB" 'PRAGMA user_version = 99'
sum=$(md5sum <"$DB")
kh list
expect_exit 1 "a database from a newer kehoach"
expect_eq "left untouched" "$sum" "$(md5sum <"$DB")"
run "$KEHOACH" --db "$T" --plans "$PLANS" list
expect_exit 1 "--db naming a folder"

begin_test "exit statuses of ordinary commands"
copy_plans small.yaml
kh sync
expect_exit 0 "sync"
kh --today 2022-01-26 list
expect_exit 0 "list"
kh units
expect_exit 0 "units"
kh show vp-1
expect_exit 0 "show"
kh show nosuch
expect_exit 1 "show an unknown duty"
kh history
expect_exit 0 "history"
kh undo
expect_exit 0 "undo with nothing to undo"
kh done nosuch
expect_exit 1 "done an unknown duty"

begin_test "the interface refuses what is not a terminal"
copy_plans small.yaml
# stdin is /dev/null and stdout a file: one line, exit 1, no escape byte.
kh --today 2022-01-26
expect_exit 1 "no terminal"
expect_eq "nothing on stdout" "" "$OUT"
expect_lines "one line on stderr" 1 "$ERR"
expect_contains "says why" "$ERR" "terminal"
expect_eq "no escape byte" 0 "$(grep -c $'\e' "$OUT_FILE" || true)"
# TERM unset or unknown, even on a terminal, is refused before any escape
# byte; `script` gives kehoach a real pseudo-terminal.
if command -v script >/dev/null; then
	for term in "" "no-such-terminal"; do
		log=$TEST_ROOT/typescript
		TERM=$term script -qec "$KEHOACH --db $DB --plans $PLANS" "$log" </dev/null >/dev/null 2>&1
		code=$?
		expect_eq "TERM='$term': exit 1" 1 "$code"
		expect_eq "TERM='$term': no escape byte" 0 "$(grep -c $'\e' "$log" || true)"
	done
fi

begin_test "--db that SQLite would keep in memory is refused, not lost"
copy_plans small.yaml
for db in "" ":memory:" "file:kehoach.db"; do
	run "$KEHOACH" --db "$db" --plans "$PLANS" done vp-1
	expect_exit 1 "--db '$db'"
	expect_contains "--db '$db': says it is no database file" "$ERR" "is not the path of a database file"
done

summary
