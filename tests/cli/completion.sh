# Shell completion (completion/kehoach.bash) offers exactly the commands
# of the table, as `kehoach --help` lists them, through the hidden
# `kehoach __complete command PREFIX`.
#
#     bash tests/cli/completion.sh build/kehoach
source "$(dirname "$0")/lib.sh" "$@"

COMPLETION=$KEHOACH_SOURCE_ROOT/completion/kehoach.bash

# COMPREPLY for the words given, the last being completed; kehoach is
# the binary under test.
complete_words() {
	COMP_WORDS=("$KEHOACH" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_kehoach
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

begin_test "completion: every command of --help, nothing else"
# shellcheck source=/dev/null
source "$COMPLETION"
KEHOACH_LANG=en kh_raw --help
HELP_COMMANDS=$(grep -oE '^  [a-z]+' <<<"$OUT" | tr -d ' ' | sort)
expect_ne "commands in --help" "" "$HELP_COMMANDS"
kh_raw __complete command ''
expect_exit 0 "__complete command ''"
expect_eq "__complete lists the commands of --help" "$HELP_COMMANDS" "$(sort <<<"$OUT")"
expect_eq "bash offers the commands of --help" "$HELP_COMMANDS" "$(complete_words '')"
expect_eq "after a global option and its value" "$HELP_COMMANDS" \
	"$(complete_words --db x.db '')"
expect_eq "a prefix" $'reopen\nreport\nroll' "$(complete_words r)"
expect_eq "global options" $'--db\n--today' "$(complete_words --d; complete_words --t)"
expect_eq "nothing after the command (yet)" "" "$(complete_words list '')"

begin_test "completion: --unit, --plan and duties from the database, without syncing"
sync_fixtures small.yaml
expect_eq "--unit" $'kt\nnhom\nvp' "$(complete_words --db "$DB" list --unit '')"
expect_eq "--unit with a prefix" "kt" "$(complete_words --db "$DB" checklist --unit k)"
expect_eq "--plan" "thu-nghiem" "$(complete_words --db "$DB" units --plan t)"
expect_contains "duty names" "$(complete_words --db "$DB" done '')" "chung-1@vp"
expect_eq "duty names with a prefix" $'chung-1@kt\nchung-1@vp' \
	"$(complete_words --db "$DB" show chung)"
expect_eq "not for a command without a duty" "" "$(complete_words --db "$DB" sync '')"
# A plan file added since the last sync is not read: completion is quick.
sed 's/id: thu-nghiem/id: moi/' "$CLI_DATA/small.yaml" >"$PLANS/moi.yaml"
expect_eq "no sync" "thu-nghiem" "$(complete_words --db "$DB" --plans "$PLANS" units --plan '')"
expect_eq "no database: nothing, and none made" "" \
	"$(complete_words --db "$T/none.db" list --unit '')"
expect_no_file "no database made" "$T/none.db"

begin_test "__complete: silent on a mistake"
kh_raw __complete nosuchkind ''
expect_exit 2 "an unknown kind"
expect_eq "nothing on stdout" "" "$OUT"
expect_eq "nothing on stderr" "" "$ERR"

summary
