# Shell completion (completion/kehoach.bash, completion/_kehoach for zsh)
# offers exactly the commands of the table, as `kehoach --help` lists
# them, their options, the values of the options and the arguments,
# through the hidden `kehoach __complete command|option|value|argument`.
#
#     bash tests/cli/completion.sh build/kehoach
source "$(dirname "$0")/lib.sh" "$@"

COMPLETION=$KEHOACH_SOURCE_ROOT/completion/kehoach.bash
ZSH_COMPLETION=$KEHOACH_SOURCE_ROOT/completion/_kehoach

if ! command -v zsh >/dev/null; then
	echo "FATAL: zsh is needed to check completion/_kehoach (Debian: zsh)" >&2
	exit 1
fi

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
expect_eq "a prefix" $'remind\nreopen\nreport\nroll' "$(complete_words r)"
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

begin_test "__complete option: the options of a command"
kh_raw __complete option list --s
expect_exit 0 "__complete option list --s"
expect_eq "list's options beginning with --s" $'--search\n--status' "$(sort <<<"$OUT")"
kh_raw __complete option checklist ''
expect_contains "checklist's options" "$OUT" "--output"
expect_contains "checklist's options" "$OUT" "--print"
expect_eq "bash: options for a word that starts with '-'" "--overdue" \
	"$(complete_words list --ov)"
expect_eq "bash: after the duty" "--note" "$(complete_words done vp-1 --no)"

begin_test "__complete value: the values of an option"
kh_raw __complete value list --format ''
expect_eq "--format" $'json\ntext\ntsv\nxlsx' "$(sort <<<"$OUT")"
kh_raw __complete value list --phase d
expect_eq "--phase with a prefix" "during" "$OUT"
kh_raw __complete value list --status ''
expect_eq "--status" $'doing\ndone\ntodo' "$(sort <<<"$OUT")"
kh_raw __complete value checklist -o ''
expect_eq "-o: a file name" ":file" "$OUT"
kh_raw __complete value list --overdue ''
expect_exit 0 "a flag"
expect_eq "a flag: nothing" "" "$OUT"
kh_raw __complete value list --search ''
expect_eq "free text: nothing" "" "$OUT"
touch "$T/ke-hoach.txt"
expect_eq "bash: file names for -o" "ke-hoach.txt" "$(complete_words checklist -o ke-)"
expect_eq "bash: the fixed choices" "during" "$(complete_words list --phase du)"
expect_eq "bash: nothing for free text" "" "$(complete_words list --search '')"

begin_test "__complete argument: the arguments of a command"
sync_fixtures small.yaml
kh __complete argument show chung
expect_exit 0 "__complete argument show chung"
expect_eq "duties, from the database" $'chung-1@kt\nchung-1@vp' "$(sort <<<"$OUT")"
kh_raw __complete argument check ''
expect_eq "check: file names" ":file" "$OUT"
kh_raw __complete argument list ''
expect_exit 0 "a command without arguments"
expect_eq "a command without arguments: nothing" "" "$OUT"
touch "$T/ke-hoach.yaml"
expect_eq "bash: file names for check" "ke-hoach.yaml" "$(complete_words check ke-hoach.y)"

begin_test "__complete: silent on a mistake"
for words in "nosuchkind ''" "option nosuchcommand ''" "value list --nosuchoption ''" \
		"argument nosuchcommand ''" "option list" "value list --format" "argument"; do
	eval "kh_raw __complete $words"
	expect_exit 2 "__complete $words"
	expect_eq "__complete $words: nothing on stdout" "" "$OUT"
	expect_eq "__complete $words: nothing on stderr" "" "$ERR"
done

# zsh_complete LINE…: the command lines as a real zsh's completion leaves
# them after Tab, one a line (see zsh_complete.zsh).
zsh_complete() {
	rm -f "$T/zsh.out"
	timeout 60 zsh -f "$CLI_DIR/zsh_complete.zsh" "$KEHOACH_SOURCE_ROOT/completion" \
		"$KEHOACH" "$T/zsh.out" "$@" >/dev/null 2>&1
	cat "$T/zsh.out" 2>/dev/null
}

begin_test "zsh: _kehoach in a real zsh"
run zsh -n "$ZSH_COMPLETION"
expect_exit 0 "zsh -n parses _kehoach"
expect_eq "the first line names the command" "#compdef kehoach" "$(head -n 1 "$ZSH_COMPLETION")"
expect_eq "commands, global options and their values" \
	"[$KEHOACH overview ]"$'\n'"[$KEHOACH --db x.db sync ]"$'\n'"[$KEHOACH --lang ]"$'\n'"[$KEHOACH --lang en ]" \
	"$(zsh_complete overv '--db x.db sy' --la '--lang e')"
sync_fixtures small.yaml
expect_eq "options, values and duties from the database given" \
	"[$KEHOACH --db $DB list --overdue ]"$'\n'"[$KEHOACH --db $DB list --unit kt ]"$'\n'"[$KEHOACH --db $DB done chung-1@vp ]" \
	"$(zsh_complete "--db $DB list --ov" "--db $DB list --unit k" "--db $DB done chung-1@v")"

summary
