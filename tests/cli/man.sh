# The manual pages (docs/kehoach.1, docs/kehoach.vi.1, as the build fills
# them in) render without a warning, and cannot fall behind the program:
# every command of `kehoach --help` has an entry, with every option of its
# own --help; every global option and every KEHOACH_* variable the sources
# read is there; and the language rules are stated. The pages of the plan
# format (docs/kehoach-plan.5, docs/kehoach-plan.vi.5) render without a
# warning, have an entry for every key of docs/plan-format.md, and their
# example plan passes `kehoach check`.
#
#     bash tests/cli/man.sh build/kehoach [build/docs/kehoach.1 build/docs/kehoach.vi.1 \
#         build/docs/kehoach-plan.5 build/docs/kehoach-plan.vi.5]
source "$(dirname "$0")/lib.sh" "$@"

DOCS=$(dirname "$KEHOACH")/docs
PAGES=("${2:-$DOCS/kehoach.1}" "${3:-$DOCS/kehoach.vi.1}")
PLAN_PAGES=("${4:-$DOCS/kehoach-plan.5}" "${5:-$DOCS/kehoach-plan.vi.5}")
for i in "${!PAGES[@]}"; do
	[[ ${PAGES[i]} == /* ]] || PAGES[i]=$PWD/${PAGES[i]}
	[[ ${PLAN_PAGES[i]} == /* ]] || PLAN_PAGES[i]=$PWD/${PLAN_PAGES[i]}
done
# --help is read in English, the language of the command and option names
# (the Vietnamese one has the same names).
export KEHOACH_LANG=en

if ! command -v groff >/dev/null; then
	echo "FATAL: groff is needed to check the manual pages (Debian: groff-base)" >&2
	exit 1
fi

kh_raw --help
HELP=$OUT
# The commands: "  check [PATH…]   validate …" (options start with "--").
COMMANDS=$(grep -oE '^  [a-z]+' <<<"$HELP" | tr -d ' ')
# The global options: every --name on a line that starts with one.
GLOBALS=$(grep -E '^  --' <<<"$HELP" | grep -oE -- '--[a-z]+' | sort -u)
# The variables the program reads, from the sources.
VARIABLES=$(grep -ohE '(getenv|env_value)\("KEHOACH_[A-Z_]+"\)' \
	"$KEHOACH_SOURCE_ROOT"/src/*.c | grep -oE 'KEHOACH_[A-Z_]+' | sort -u)

begin_test "what the pages are checked against"
n=$(count_lines "$COMMANDS")
if ((n >= 15)); then pass; else fail "commands found in kehoach --help" "at least 15" "$n"; fi
expect_contains "global options in kehoach --help" "$GLOBALS" "--lang"
expect_contains "variables read by src/" "$VARIABLES" "KEHOACH_LANG"

# entry_of TAG-PREFIX: the text of the entry whose tag starts with
# TAG-PREFIX followed by a space or the end (from $ENTRIES).
entry_of() {
	awk -F'\t' -v t="$1" '$1 == t || index($1, t " ") == 1 { print $1 " " $2 }' <<<"$ENTRIES"
}

# expect_renders PAGE: PAGE is built, renders without a warning, has every
# @VARIABLE@ filled in and is in NFC (in a test named after it).
expect_renders() {
	local page=$1 name
	name=$(basename "$page")
	begin_test "$name: renders without warnings"
	expect_file "$name is built" "$page" || return 1
	run groff -k -man -Tutf8 -ww -z "$page"
	expect_exit 0 "groff -ww renders $name"
	expect_eq "groff's warnings for $name" "" "$ERR"
	expect_no_match "$name: every @VARIABLE@ is filled in" "$(cat "$page")" '@[A-Z_]+@'
	expect_nfc_file "$name" "$page"
}

for page in "${PAGES[@]}"; do
	name=$(basename "$page")
	expect_renders "$page" || continue

	# One line a paragraph, so that no name is cut at a line's end.
	run groff -k -man -Tutf8 -P-cbou -rLL=1000n "$page"
	expect_exit 0 "groff renders $name as text"
	TEXT=$OUT
	ENTRIES=$(python3 "$CLI_DIR/man_entries.py" <<<"$TEXT")

	begin_test "$name: every command, with its options"
	listed=$(cut -f1 <<<"$ENTRIES" | grep -oE '^kehoach [a-z]+' | cut -d' ' -f2)
	expect_eq "$name: the commands with an entry are those of kehoach --help" \
		"$(sort <<<"$COMMANDS")" "$(sort <<<"$listed")"
	for command in $COMMANDS; do
		entry=$(entry_of "kehoach $command")
		kh_raw "$command" --help
		expect_exit 0 "kehoach $command --help"
		for option in $(grep -oE -- '(^|[ [])(-o|--[a-z][a-z-]*)' <<<"$OUT" |
				grep -oE -- '-o|--[a-z][a-z-]*' | sort -u); do
			expect_match "$name: kehoach $command, option $option" "$entry" \
				"(^|[^a-z-])$option([^a-z-]|\$)"
		done
	done

	begin_test "$name: every global option"
	for option in $GLOBALS; do
		expect_match "$name: an entry for $option" "$(cut -f1 <<<"$ENTRIES")" \
			"^$option([ ,]|\$)|, $option([ ,]|\$)"
	done

	begin_test "$name: every KEHOACH_* variable"
	for variable in $VARIABLES; do
		expect_match "$name: an entry for $variable" "$(cut -f1 <<<"$ENTRIES")" \
			"(^|, )$variable(,|\$)"
	done

	begin_test "$name: the language rules"
	# Vietnamese by default; English one setting away, each of the three.
	for way in "--lang en" "KEHOACH_LANG=en" "lang: en"; do
		expect_contains "$name: English through $way" "$TEXT" "$way"
	done
	expect_match "$name: --lang, else \$KEHOACH_LANG, else lang: of the configuration" \
		"$TEXT" '--lang[^a-z][^.]*\$KEHOACH_LANG[^A-Za-z_][^.]*[^a-z]lang:'
done

# The keys of the format: the first column of the tables of
# docs/plan-format.md ("| `from`, `to` | no | …").
KEYS=$(grep -oE '^\| `[a-z]+`(, `[a-z]+`)* \|' "$KEHOACH_SOURCE_ROOT/docs/plan-format.md" |
	grep -oE '`[a-z]+`' | tr -d '`' | sort -u)

for page in "${PLAN_PAGES[@]}"; do
	name=$(basename "$page")
	expect_renders "$page" || continue
	begin_test "$name: every key of the format"
	n=$(count_lines "$KEYS")
	if ((n >= 20)); then pass; else fail "keys found in plan-format.md" "at least 20" "$n"; fi
	run groff -k -man -Tutf8 -P-cbou -rLL=1000n "$page"
	TAGS=$(python3 "$CLI_DIR/man_entries.py" <<<"$OUT" | cut -f1)
	for key in $KEYS; do
		expect_match "$name: an entry for the key $key" "$TAGS" "(^|, )$key( |,|\$)"
	done

	begin_test "$name: the example plan passes kehoach check"
	# The last example of the page, from the roff source: its escapes undone.
	awk '/^\.EX/ { ex = ""; on = 1; next } /^\.EE/ { on = 0; last = ex; next }
		on { ex = ex $0 "\n" } END { printf "%s", last }' "$page" |
		sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/^\\&//' >"$T/example.yaml"
	expect_match "$name: the example is a whole plan" "$(cat "$T/example.yaml")" '^units:'
	kh check "$T/example.yaml"
	expect_exit 0 "kehoach check of the example of $name"
done

summary
