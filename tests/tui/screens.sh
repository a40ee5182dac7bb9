#!/bin/bash
# Headless screen tests of the interface: each tests/tui/screens/NAME.keys
# is a key script, run at 80x24 and at 120x40 against a fresh database
# and a fresh copy of tests/tui/plans/, with --today 2022-01-27; the
# screens it dumps must equal screens/NAME.COLSxROWS.txt byte for byte.
#
#     bash tests/tui/screens.sh build/kehoach [NAME…]
#     UPDATE=1 bash tests/tui/screens.sh build/kehoach [NAME…]
#
# UPDATE=1 writes the expected files instead of comparing: read every
# changed file by eye before committing it (`git diff tests/tui/screens`).
#
# A key file holds kehoach's key-script syntax (include/kehoach/tui.h)
# plus two kinds of lines that this runner takes out:
#   # …        a comment
#   $ CMD      a shell command, run in the test's folder (the interface's
#              current folder, holding plans/ and kehoach.db) with
#              `kh ARGS…` meaning the command line on this database and
#              plans folder with the same --today. Commands before the
#              first key run before the interface starts. A command between
#              keys runs while the interface is running: the runner then
#              feeds the keys through a FIFO, sends a <Dump> before the
#              command (or a run of commands; that screen is part of the
#              expected output) and waits for it, so that every key before
#              the command has been handled. Commands after the last key run once the interface
#              has exited. A command that fails fails the test: use them
#              for checks too. A folder bin/ made there comes first on
#              the interface's PATH: a key file can put a stand-in for a
#              program there (an lp for P).
#   # clock: YYYY-MM-DD HH:MM:SS
#              the interface runs without --today, on a clock of its own
#              (KEHOACH_TUI_CLOCK) that <Clock +SECONDS> moves on
#   # env: NAME=VALUE
#              one more variable in the interface's environment (the value
#              runs to the end of the line); VISUAL and EDITOR are unset
#              but for these
#   # expected: by hand
#              the expected files show the correct behaviour where kehoach
#              has a bug: they were written by hand (UPDATE=1 writes them
#              only when they are missing, as a start), and UPDATE=1 leaves
#              them alone (it prints what it would have written).
# A key line may continue over several lines; newlines are ignored.
#
# Every dump is checked for raw control characters (C0, DEL, C1, bidi
# overrides and isolates) on top of the comparison. What differs from run
# to run is replaced before comparing: the temporary folder by
# /tmp/kehoach-cli.XXXXXX (same length, so cuts stay where they were), a
# date and time of a change (the clock, not --today) by dd/mm/yyyy hh:mm,
# and the OS user by <user>.
#
# Beyond the key files: the plans in NFD give byte-identical screens to
# the plans in NFC (they are stored in NFC).

# The temporary folder's path has a fixed length, whatever TMPDIR says.
TMPDIR=/tmp
source "$(dirname "$0")/../cli/lib.sh" "$@"
shift

TUI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCREENS=$TUI_DIR/screens
FIXTURE_PLANS=$TUI_DIR/plans
TODAY=2022-01-27
SIZES=(80x24 120x40)
UPDATE=${UPDATE:-0}
N_UPDATED=0

if [[ ${#TEST_ROOT} != 23 ]]; then
	echo "FATAL: expected a temporary folder /tmp/kehoach-cli.XXXXXX, got $TEST_ROOT" >&2
	exit 1
fi

# A reader with a stuck FIFO must not hang the suite.
LIVE_PID=
kill_live() {
	if [[ -n $LIVE_PID ]] && kill -0 "$LIVE_PID" 2>/dev/null; then
		kill -9 "$LIVE_PID" 2>/dev/null
	fi
}
trap 'kill_live; cleanup' EXIT

# normalize FILE: what differs between runs, replaced in place.
normalize() {
	local user_re
	user_re=$(printf '%s' "$OS_USER" | sed 's/[][\.*^$/]/\\&/g')
	sed -i -E \
		-e "s#$TEST_ROOT#/tmp/kehoach-cli.XXXXXX#g" \
		-e 's#[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}#dd/mm/yyyy hh:mm#g' \
		-e "s#(Changed by: +)$user_re, #\\1<user>, #" \
		-e "s#(dd/mm/yyyy hh:mm  )$user_re  #\\1<user>  #" \
		-e "s#(dd/mm/yyyy hh:mm  [^(]*)\\($user_re\\)  #\\1(<user>)  #" \
		-e "s#$user_re( changed this duty)#<user>\\1#" \
		"$1"
}

# Raw control characters a terminal would act on: C0 but newline, DEL, C1
# (U+0080–U+009F), LRM/RLM, the bidi embeddings and overrides
# (U+202A–U+202E) and isolates (U+2066–U+2069).
RAW_CONTROLS=$'[\x01-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
expect_no_raw_controls() {   # WHAT FILE
	if LC_ALL=C grep -aqE "$RAW_CONTROLS" "$2"; then
		fail "$1: no raw control characters" "none" \
			"$(LC_ALL=C grep -anE "$RAW_CONTROLS" "$2" | head -n 3 | od -c | head -n 8)"
	else
		pass
	fi
}

# The detector must see what it is for: ESC, BEL, DEL, C1 CSI, RLO, LRI.
for sample in $'a\033[31m' $'\a' $'\x7f' $'\xc2\x9b' $'\xe2\x80\xae' $'\xe2\x81\xa6'; do
	printf 'ok %s ok\n' "$sample" >"$TEST_ROOT/.sample"
	if ! LC_ALL=C grep -aqE "$RAW_CONTROLS" "$TEST_ROOT/.sample"; then
		echo "FATAL: the raw control detector misses $(printf '%s' "$sample" | od -An -tx1)" >&2
		exit 1
	fi
done
printf 'ok ^[[31m <U+202E> đảo █ … ok\n' >"$TEST_ROOT/.sample"
if LC_ALL=C grep -aqE "$RAW_CONTROLS" "$TEST_ROOT/.sample"; then
	echo "FATAL: the raw control detector flags visible text" >&2
	exit 1
fi

# The key file split into steps, one a line: "K <keys>" or "C <command>".
parse_keys() {   # FILE
	local line keys=""
	while IFS= read -r line || [[ -n $line ]]; do
		case $line in
		'#'*) ;;
		'$ '*)
			[[ -n $keys ]] && printf 'K %s\n' "$keys"
			keys=""
			printf 'C %s\n' "${line#\$ }"
			;;
		*) keys+=$line ;;
		esac
	done <"$1"
	[[ -n $keys ]] && printf 'K %s\n' "$keys"
	return 0
}

count_dumps() {   # FILE: the number of screens written so far
	if [[ -f $1 ]]; then grep -c '^--$' "$1"; else echo 0; fi
}

# wait_for COUNT FILE PID: until FILE holds COUNT screens (10 s at most).
wait_for() {
	local i
	for ((i = 0; i < 1000; i++)); do
		(($(count_dumps "$2") >= $1)) && return 0
		kill -0 "$3" 2>/dev/null || { (($(count_dumps "$2") >= $1)); return; }
		sleep 0.01
	done
	return 1
}

# run_step_cmd CMD: one "$" line, in the test's folder.
run_step_cmd() {
	local out rc
	out=$(cd "$RUN" && eval "$1" 2>&1)
	rc=$?
	if ((rc != 0)); then
		fail "command '$1' in $NAME.keys at $SIZE" "exit 0" "exit $rc: $out"
	else
		pass
	fi
}

kh_cli() {
	"$KEHOACH" --db "$RUN/kehoach.db" --plans "$RUN/plans" --today "$TODAY" "$@"
}

# run_script NAME SIZE RUNDIR PLANSRC: runs screens/NAME.keys in RUNDIR,
# leaving the screens in RUNDIR/screen.txt; sets RUN_RC.
run_script() {
	NAME=$1 SIZE=$2 RUN=$3
	local plans_src=$4 steps i
	rm -rf "$RUN"
	mkdir -p "$RUN/plans"
	cp "$plans_src"/*.yaml "$RUN/plans/"
	mapfile -t steps < <(parse_keys "$SCREENS/$NAME.keys")
	# Commands before the first keys run first; after the last, at the end.
	local first_keys=${#steps[@]} last_keys=-1
	for ((i = 0; i < ${#steps[@]}; i++)); do
		if [[ ${steps[i]} == K* ]]; then
			((i < first_keys)) && first_keys=$i
			last_keys=$i
		fi
	done
	local live=0
	for ((i = first_keys; i < last_keys; i++)); do
		[[ ${steps[i]} == C* ]] && live=1
	done
	local -a env=(env -u VISUAL -u EDITOR KEHOACH_TUI_SIZE="$SIZE"
		KEHOACH_TUI_SCREEN="$RUN/screen.txt" KEHOACH_CHECKLIST_FORMAT=text
		PATH="$RUN/bin:$PATH")
	local extra
	while IFS= read -r extra; do
		env+=("$extra")
	done < <(sed -n 's/^# env: //p' "$SCREENS/$NAME.keys")
	local -a cmd=("$KEHOACH" --db "$RUN/kehoach.db" --plans "$RUN/plans" --today "$TODAY")
	local clock
	clock=$(sed -n 's/^# clock: //p' "$SCREENS/$NAME.keys")
	if [[ -n $clock ]]; then
		env+=(KEHOACH_TUI_CLOCK="$clock")
		cmd=("$KEHOACH" --db "$RUN/kehoach.db" --plans "$RUN/plans")
	fi
	# `kh` in the commands: the command line on the same database.
	kh() { kh_cli "$@"; }
	for ((i = 0; i < first_keys && i < ${#steps[@]}; i++)); do
		run_step_cmd "${steps[i]#C }"
	done
	if ((live == 0)); then
		: >"$RUN/keys"
		for ((i = first_keys; i <= last_keys; i++)); do
			printf '%s' "${steps[i]#K }" >>"$RUN/keys"
		done
		(cd "$RUN" && timeout 20 "${env[@]}" KEHOACH_TUI_KEYS="$RUN/keys" "${cmd[@]}" \
			</dev/null >"$RUN/stdout" 2>"$RUN/stderr")
		RUN_RC=$?
	else
		mkfifo "$RUN/keys.fifo"
		(cd "$RUN" && exec "${env[@]}" KEHOACH_TUI_KEYS="$RUN/keys.fifo" "${cmd[@]}" \
			</dev/null >"$RUN/stdout" 2>"$RUN/stderr") &
		LIVE_PID=$!
		local fd sent=0 n synced=1
		# Read-write: opening does not wait for the reader, and the
		# reader sees the end only when this side closes.
		exec {fd}<>"$RUN/keys.fifo"
		for ((i = first_keys; i <= last_keys; i++)); do
			if [[ ${steps[i]} == K* ]]; then
				printf '%s' "${steps[i]#K }" >&"$fd"
				n=$(grep -o '<Dump>' <<<"${steps[i]}" | wc -l)
				sent=$((sent + n))
				synced=0
			else
				# One dump before a run of commands.
				if ((!synced)); then
					printf '<Dump>' >&"$fd"
					sent=$((sent + 1))
					synced=1
				fi
				if ! wait_for "$sent" "$RUN/screen.txt" "$LIVE_PID"; then
					fail "$NAME at $SIZE: screen $sent before '${steps[i]#C }'" \
						"dumped within 10 s" "$(count_dumps "$RUN/screen.txt") screens"
					break
				fi
				run_step_cmd "${steps[i]#C }"
			fi
		done
		exec {fd}>&-
		for ((n = 0; n < 1000; n++)); do
			kill -0 "$LIVE_PID" 2>/dev/null || break
			sleep 0.01
		done
		kill_live
		wait "$LIVE_PID"
		RUN_RC=$?
		LIVE_PID=
	fi
	for ((i = (last_keys < 0 ? ${#steps[@]} : last_keys + 1); i < ${#steps[@]}; i++)); do
		run_step_cmd "${steps[i]#C }"
	done
	unset -f kh
}

# check_run NAME SIZE RUNDIR: exit status, stderr, raw controls.
check_run() {
	expect_eq "$1 at $2: exit status" "0" "$RUN_RC"
	expect_eq "$1 at $2: nothing on stderr" "" "$(cat "$3/stderr")"
	expect_eq "$1 at $2: nothing on stdout (screens go to KEHOACH_TUI_SCREEN)" \
		"" "$(cat "$3/stdout")"
	expect_no_raw_controls "$1 at $2" "$3/screen.txt"
}

compare_screens() {   # NAME SIZE GOT EXPECTED
	if [[ $UPDATE == 1 && -f $4 ]] && grep -qx '# expected: by hand' "$SCREENS/$1.keys"; then
		if ! cmp -s "$3" "$4"; then
			echo "kept $(basename "$4") (expected by hand); kehoach now shows:"
			diff -u "$4" "$3" | head -n 40
		fi
		pass
	elif [[ $UPDATE == 1 ]]; then
		if ! cmp -s "$3" "$4"; then
			cp "$3" "$4"
			N_UPDATED=$((N_UPDATED + 1))
			echo "updated $(basename "$4")"
		fi
		pass
	elif [[ ! -f $4 ]]; then
		fail "$1 at $2: expected screens" "a file $4 (run with UPDATE=1)" "none"
	elif cmp -s "$3" "$4"; then
		pass
	else
		fail "$1 at $2: screens equal $(basename "$4")" "no difference" \
			"$(diff -u "$4" "$3" | head -n 60)"
	fi
}

# ---------------------------------------------------------------------------
names=("$@")
if ((${#names[@]} == 0)); then
	for f in "$SCREENS"/*.keys; do
		names+=("$(basename "$f" .keys)")
	done
fi

for name in "${names[@]}"; do
	if [[ ! -f $SCREENS/$name.keys ]]; then
		echo "FATAL: no key file $SCREENS/$name.keys" >&2
		exit 2
	fi
	begin_test "$name"
	# The folder's path must not depend on which tests run: it shows in
	# the checklist message.
	for size in "${SIZES[@]}"; do
		dir=$TEST_ROOT/s/$name/$size
		run_script "$name" "$size" "$dir" "$FIXTURE_PLANS"
		check_run "$name" "$size" "$dir"
		normalize "$dir/screen.txt"
		compare_screens "$name" "$size" "$dir/screen.txt" \
			"$SCREENS/$name.$size.txt"
	done
done

# The plans in NFD (every letter decomposed, as some editors save them)
# must give the very same screens as in NFC: the tour goes through the
# lists, the detail, a search typed without accents and the overdue view.
if ((${#@} == 0)) || [[ " $* " == *" nfc-tour "* ]]; then
	begin_test "NFD plans give the NFC screens"
	mkdir -p "$T/nfd-plans"
	for f in "$FIXTURE_PLANS"/*.yaml; do
		python3 -c 'import sys, unicodedata
sys.stdout.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()))' \
			"$f" >"$T/nfd-plans/$(basename "$f")"
	done
	expect_ne "the NFD copy differs from the NFC file" \
		"$(hex "$(cat "$FIXTURE_PLANS/ke-hoach-tet.yaml")")" \
		"$(hex "$(cat "$T/nfd-plans/ke-hoach-tet.yaml")")"
	for size in "${SIZES[@]}"; do
		run_script nfc-tour "$size" "$T/nfc-$size" "$FIXTURE_PLANS"
		check_run "nfc-tour (NFC)" "$size" "$T/nfc-$size"
		run_script nfc-tour "$size" "$T/nfd-$size" "$T/nfd-plans"
		check_run "nfc-tour (NFD)" "$size" "$T/nfd-$size"
		if cmp -s "$T/nfc-$size/screen.txt" "$T/nfd-$size/screen.txt"; then
			pass
		else
			fail "NFD plans at $size: byte-identical screens" "no difference" \
				"$(diff -u "$T/nfc-$size/screen.txt" "$T/nfd-$size/screen.txt" | head -n 40)"
		fi
	done
fi

# The header counts the days to and from the plan's Tết (01/02/2022).
if ((${#@} == 0)); then
	begin_test "tet-countdown"
	mkdir -p "$T/plans"
	cp "$FIXTURE_PLANS"/*.yaml "$T/plans/"
	printf '<Dump>' >"$T/keys"
	for pair in "2022-01-31|1 day to Tết" "2022-02-01|Tết today" \
		"2022-02-05|4 days after Tết"; do
		day=${pair%%|*} want=${pair#*|}
		run env KEHOACH_TUI_KEYS="$T/keys" KEHOACH_TUI_SIZE=120x40 \
			"$KEHOACH" --db "$T/db-$day" --plans "$T/plans" --today "$day"
		expect_exit 0 "--today $day"
		expect_contains "--today $day: header" "$(head -n 1 <<<"$OUT")" "$want"
	done
fi

# A day pinned by --today or KEHOACH_TODAY stays, past midnight too (the
# key file midnight.keys shows it move when it is not pinned).
if ((${#@} == 0)); then
	begin_test "a pinned day stays past midnight"
	mkdir -p "$T/plans"
	cp "$FIXTURE_PLANS"/*.yaml "$T/plans/"
	# vp-1, then past midnight: an idle tick, and a mark
	printf '<Down><Tab><Down><Down><Clock +15><Wait>x' >"$T/keys"
	for how in --today KEHOACH_TODAY; do
		db=$T/db-$how
		args=() vars=()
		if [[ $how == --today ]]; then
			args=(--today 2022-01-28)
		else
			vars=(KEHOACH_TODAY=2022-01-28)
		fi
		run env "${vars[@]}" KEHOACH_TUI_KEYS="$T/keys" KEHOACH_TUI_SIZE=120x40 \
			KEHOACH_TUI_CLOCK="2022-01-28 23:59:50" \
			"$KEHOACH" --db "$db" --plans "$T/plans" "${args[@]}"
		expect_exit 0 "$how"
		expect_contains "$how: the header stays on 28/01" "$(head -n 1 <<<"$OUT")" \
			"Today Thứ Sáu, 28/01/2022"
		expect_eq "$how: done on the pinned day" 2022-01-28 \
			"$("$KEHOACH" --db "$db" --plans "$T/plans" list --format json |
				python3 -c 'import json, sys; print([r["done_on"] for r in json.load(sys.stdin) if r["name"] == "vp-1"][0])')"
	done
	run env KEHOACH_TUI_KEYS="$T/keys" KEHOACH_TUI_CLOCK="2022-01-28 24:00:00" \
		"$KEHOACH" --db "$T/db-bad" --plans "$T/plans"
	expect_exit 1 "KEHOACH_TUI_CLOCK out of range"
	expect_contains "says what it wants" "$ERR" "KEHOACH_TUI_CLOCK must be 'YYYY-MM-DD HH:MM:SS'"
fi

if [[ $UPDATE == 1 ]]; then
	echo "# UPDATE=1: $N_UPDATED expected file(s) written; read them before committing"
fi
summary
