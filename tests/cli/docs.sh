# The plan-format documents (docs/plan-format.md and its Vietnamese
# version) stay true: every yaml example is checked by kehoach check (those
# marked "yaml invalid" must be refused, at their line marked ✗), every
# date the documents give is the one kehoach computes, console transcripts
# are what kehoach prints, and the two documents show the same dates.
#
# What counts as an example: tests/cli/docs_extract.py.
source "$(dirname "$0")/lib.sh" "$@"

DOCS=$KEHOACH_SOURCE_ROOT/docs
# The documents' own language is set where it matters (console
# transcripts); everything else reads dates, the same in every language.
export KEHOACH_LANG=en

# extract DOC: the examples of DOC into $X (a folder of this test).
extract() {
	X=$T/examples
	mkdir -p "$X"
	run python3 "$CLI_DIR/docs_extract.py" "$1" "$X"
	expect_exit 0 "docs_extract.py reads $(basename "$1")"
}

# at_least WHAT N FILE: FILE has at least N lines, so that an extraction
# gone wrong cannot pass as a document without examples.
at_least() {
	local n
	n=$(wc -l <"$3")
	if ((n >= $2)); then
		pass
	else
		fail "$1" "at least $2" "$n"
	fi
}

# lunar_of VALUE TET: runs kehoach lunar on VALUE (around the Tết of TET,
# unless TET is "-"); sets SOLAR and LUNAR from its "DD/MM/YYYY — LUNAR"
# line.
lunar_of() {
	if [[ $2 != - ]]; then
		kh_raw lunar "$1" --tet "$2"
	else
		kh_raw lunar "$1"
	fi
	SOLAR=${OUT%% — *}
	LUNAR=${OUT#* — }
}

# deadlines_of PLAN-FILE: loads it alone into a fresh database; sets
# DEADLINES to "ID DUE" lines (DUE as DD/MM/YYYY, "none" without one), one
# for each assignment.
deadlines_of() {
	DEADLINES=
	rm -rf "$T/dl" && mkdir -p "$T/dl/plans"
	cp "$1" "$T/dl/plans/"
	run "$KEHOACH" --db "$T/dl/kehoach.db" --plans "$T/dl/plans" list --format json
	if [[ $RC != 0 ]]; then
		fail "$(basename "$1") loads" "exit 0" "exit $RC"
		return
	fi
	DEADLINES=$(jq_py '"\n".join("%s %s" % (r["id"], "none" if r["due"] is None else
		"/".join(reversed(r["due"].split("-")))) for r in d)')
}

# expect_deadline WHAT ID DD/MM/YYYY: every assignment of duty ID in
# $DEADLINES is due on that day, and there is one.
expect_deadline() {
	local mine
	mine=$(grep -E "^$2 " <<<"$DEADLINES")
	expect_match "$1" "$mine" "^$2 $3\$"
	expect_eq "$1 (every unit's)" "" "$(grep -Ev "^$2 $3\$" <<<"$mine")"
}

check_doc() {
	local doc=$DOCS/$1 lang=$2 name=$1
	local n kind line value tet solar lunar id form year

	begin_test "$name: the examples are found"
	extract "$doc"
	[[ $RC == 0 ]] || return
	at_least "$name: plans that must pass" 5 <(grep -P '\tvalid\t' "$X/blocks.tsv")
	at_least "$name: plans that must be refused" 6 <(grep -P '\tinvalid\t' "$X/blocks.tsv")
	at_least "$name: dates beside values" 15 "$X/values.tsv"
	at_least "$name: deadlines beside duties" 6 "$X/deadlines.tsv"
	at_least "$name: rows of the date tables" 18 "$X/dates.tsv"
	at_least "$name: refused dates" 10 "$X/refused.tsv"
	at_least "$name: console transcripts" 2 "$X/consoles.tsv"
	local ex=$X
	expect_nfc_file "$name" "$doc"

	begin_test "$name: every yaml example is checked"
	local at
	while IFS=$'\t' read -r n kind line at; do
		kh check "$ex/block-$n.yaml"
		if [[ $kind == valid ]]; then
			expect_exit 0 "$name:$line: kehoach check accepts the example"
		else
			expect_exit 1 "$name:$line: kehoach check refuses the example"
			# The line marked ✗ is where the mistake is: refused for it,
			# not for another mistake in the example.
			expect_contains "$name:$((line + at)): the error names the line marked ✗" \
				"$ERR" "block-$n.yaml:$at:"
		fi
	done <"$ex/blocks.tsv"

	begin_test "$name: the date beside each value"
	while IFS=$'\t' read -r n line value tet solar lunar; do
		lunar_of "$value" "$tet"
		expect_exit 0 "$name:$line: kehoach lunar reads '$value'"
		expect_eq "$name:$line: the day '$value' is" "$solar" "$SOLAR"
		if [[ $lunar != - ]]; then
			expect_eq "$name:$line: '$value' in the lunar calendar" "$lunar" "$LUNAR"
		fi
	done <"$ex/values.tsv"

	begin_test "$name: the deadline beside each duty"
	local loaded=
	while IFS=$'\t' read -r n line id solar; do
		if [[ $n != "$loaded" ]]; then
			deadlines_of "$ex/block-$n.yaml"
			loaded=$n
		fi
		expect_deadline "$name:$line: the deadline of $id" "$id" "$solar"
	done <"$ex/deadlines.tsv"

	begin_test "$name: the date tables"
	# One plan a Tết year, one duty a row, loaded as kehoach loads plans;
	# and each row through kehoach lunar.
	local years
	years=$(cut -f1 "$ex/dates.tsv" | sort -u)
	for year in $years; do
		{
			printf 'kehoach: 1\nplan:\n  id: bang-%s\n  title: "Bảng"\n' "$year"
			printf '  issuer: "Văn phòng"\n  tet: %s\nunits:\n' "$year"
			printf '  - id: vp\n    name: "Văn phòng"\n    duties:\n'
			awk -F'\t' -v y="$year" '$1 == y {
				printf "      - id: d%d\n        text: \"x\"\n        due: %s\n", NR, $2 }' \
				"$ex/dates.tsv"
		} >"$T/table-$year.yaml"
		deadlines_of "$T/table-$year.yaml"
		while IFS=$'\t' read -r row form solar line; do
			expect_deadline "$name:$line: '$form' in a plan with tet: $year" "d$row" "$solar"
		done < <(awk -F'\t' -v y="$year" '$1 == y { print NR "\t" $2 "\t" $3 "\t" $5 }' "$ex/dates.tsv")
	done
	while IFS=$'\t' read -r year form solar lunar line; do
		lunar_of "$form" "$year"
		expect_eq "$name:$line: kehoach lunar '$form' --tet $year" "$solar — $lunar" "$SOLAR — $LUNAR"
	done <"$ex/dates.tsv"

	begin_test "$name: the refused dates are refused"
	while IFS=$'\t' read -r year form line; do
		printf 'kehoach: 1\nplan:\n  id: p\n  title: "T"\n  issuer: "V"\n  tet: %s\nunits:\n  - id: vp\n    name: "V"\n    duties:\n      - id: d\n        text: "x"\n        due: %s\n' \
			"$year" "$form" >"$T/refused.yaml"
		kh check "$T/refused.yaml"
		expect_exit 1 "$name:$line: a plan with due: $form is refused"
		kh_raw lunar "$form" --tet "$year"
		expect_ne "$name:$line: kehoach lunar '$form' --tet $year fails" 0 "$RC"
	done <"$ex/refused.tsv"

	begin_test "$name: console transcripts"
	local -a args
	while IFS=$'\t' read -r n line; do
		mapfile -d '' -t args <"$ex/console-$n.args"
		KEHOACH_LANG=$lang run "$KEHOACH" "${args[@]}"
		expect_exit 0 "$name:$line: kehoach ${args[*]}"
		expect_eq "$name:$line: what kehoach ${args[*]} prints" \
			"$(cat "$ex/console-$n.out"; echo x)" "$OUT"$'\n'x
	done <"$ex/consoles.tsv"
	DONE_EXAMPLES[$name]=$ex
}

declare -A DONE_EXAMPLES
check_doc plan-format.md en
check_doc plan-format.vi.md vi

begin_test "the English and Vietnamese documents agree"
en=${DONE_EXAMPLES[plan-format.md]:-}
vi=${DONE_EXAMPLES[plan-format.vi.md]:-}
if [[ -n $en && -n $vi ]]; then
	expect_eq "the same date tables (Tết, form, day, lunar date)" \
		"$(cut -f1-4 "$en/dates.tsv")" "$(cut -f1-4 "$vi/dates.tsv")"
	expect_eq "the same refused dates" \
		"$(cut -f1-2 "$en/refused.tsv")" "$(cut -f1-2 "$vi/refused.tsv")"
	expect_eq "the same yaml examples, valid and refused, in the same order" \
		"$(cut -f2 "$en/blocks.tsv")" "$(cut -f2 "$vi/blocks.tsv")"
	expect_eq "the same dates beside values" \
		"$(cut -f3- "$en/values.tsv")" "$(cut -f3- "$vi/values.tsv")"
	expect_eq "the same deadlines" \
		"$(cut -f3- "$en/deadlines.tsv")" "$(cut -f3- "$vi/deadlines.tsv")"
else
	fail "both documents' examples were extracted" "both" "en='$en' vi='$vi'"
fi

begin_test "the README links both documents"
readme=$(cat "$KEHOACH_SOURCE_ROOT/README.md")
expect_contains "README.md links docs/plan-format.md" "$readme" "(docs/plan-format.md)"
expect_contains "README.md links docs/plan-format.vi.md" "$readme" "(docs/plan-format.vi.md)"
expect_not_contains "README.md has no link out of the repository" "$readme" "](../"

summary
