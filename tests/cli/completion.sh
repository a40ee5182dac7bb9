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

begin_test "__complete: silent on a mistake"
kh_raw __complete nosuchkind ''
expect_exit 2 "an unknown kind"
expect_eq "nothing on stdout" "" "$OUT"
expect_eq "nothing on stderr" "" "$ERR"

summary
