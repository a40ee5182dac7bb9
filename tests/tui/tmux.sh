#!/bin/bash
# End-to-end tests of the interface in a real terminal: tmux runs the real
# binary (TERM=xterm-256color) in a detached 100x30 pane on a private
# server; keys go in with send-keys, the screen comes out of capture-pane,
# and every wait polls for the text it wants (no fixed sleeps).
#
#     bash tests/tui/tmux.sh build/kehoach
#
# In the pane kehoach runs under a small shell that saves `stty -g` before
# and after it and its exit status, so that the terminal settings can be
# compared once it is gone. Skipped (exit 77) only when tmux is missing.
TMPDIR=/tmp
source "$(dirname "$0")/../cli/lib.sh" "$@"

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed; the interface's end-to-end tests need it" \
		"(scripts/test installs it: keep 'tmux' in TEST_PACKAGES in scripts/common.sh)" >&2
	exit 77
fi

TUI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TODAY=2022-01-27
SOCKET=kehoach-test-$$
# The server's own folder, in the test root: nothing shared with the
# user's tmux, and gone with the test root.
export TMUX_TMPDIR=$TEST_ROOT
unset TMUX TMUX_PANE
TMUX_CMD=(tmux -L "$SOCKET" -f /dev/null)

tm() {
	"${TMUX_CMD[@]}" "$@"
}

stop_server() {
	tm kill-server >/dev/null 2>&1
}
trap 'stop_server; cleanup' EXIT

# capture: the pane's text now.
capture() {
	tm capture-pane -p -t kh 2>/dev/null
}

# wait_for TEXT [SECONDS]: until the pane shows TEXT (fixed string).
wait_for() {
	local text=$1 limit=${2:-10} i
	for ((i = 0; i < limit * 20; i++)); do
		# Not `capture | grep -q`: grep leaving at its match could
		# kill capture-pane with SIGPIPE, a failure under pipefail.
		if grep -qF -- "$text" <<<"$(capture)"; then
			return 0
		fi
		sleep 0.05
	done
	fail "the pane shows '$text' within ${limit}s" "'$text' on screen" \
		"$(capture | sed 's/^/    | /')"
	return 1
}

# wait_file PATH [SECONDS]: until PATH exists and is not empty.
wait_file() {
	local i limit=${2:-10}
	for ((i = 0; i < limit * 20; i++)); do
		[[ -s $1 ]] && return 0
		sleep 0.05
	done
	fail "$1 is written within ${limit}s" "the file" "nothing (pane: $(capture | head -n 3))"
	return 1
}

# start: a fresh session running kehoach on this test's database and the
# fixture plans, 100x30, under a shell that records the terminal settings
# before and after, kehoach's pid and its exit status.
start() {
	cp "$TUI_DIR"/plans/*.yaml "$PLANS/"
	rm -f "$T/before" "$T/after" "$T/rc" "$T/pid"
	local inner run
	inner=$(printf 'echo $$ >%q; exec env TERM=xterm-256color %q --db %q --plans %q --today %q' \
		"$T/pid" "$KEHOACH" "$DB" "$PLANS" "$TODAY")
	run=$(printf 'cd %q; stty -g >%q; sh -c %q; echo $? >%q.tmp; stty -g >%q; mv %q.tmp %q' \
		"$T" "$T/before" "$inner" "$T/rc" "$T/after" "$T/rc" "$T/rc")
	# LC_ALL for tmux itself too: the pane's cells and send-keys -l are
	# UTF-8 only when the server runs in a UTF-8 locale.
	LC_ALL=C.UTF-8 tm -u new-session -d -s kh -x 100 -y 30 \
		"env LC_ALL=C.UTF-8 TZ=$TZ HOME=$HOME sh -c $(printf '%q' "$run")"
	tm set-option -g window-size manual >/dev/null 2>&1
	wait_file "$T/pid"
	wait_for "Today Thứ Năm, 27/01/2022"
}

# finish CODE: kehoach has exited with CODE and left the terminal as it
# found it; the session is over.
finish() {
	if wait_file "$T/rc"; then
		expect_eq "exit status" "$1" "$(cat "$T/rc")"
		expect_eq "terminal settings (stty -g) after = before" \
			"$(cat "$T/before")" "$(cat "$T/after")"
	fi
	tm kill-session -t kh >/dev/null 2>&1
	return 0
}

keys() {
	tm send-keys -t kh "$@"
}

# ---------------------------------------------------------------------------
begin_test "navigate, done, a Vietnamese note, undo, quit"
start
# vp, its duties, vp-1: done
keys Down
wait_for "│Văn phòng Sở — 9 duties"
keys Tab Down Down
keys x
wait_for "Marked done."
wait_for "[x] vp-1"
# a note, typed as UTF-8 text
keys n
wait_for "Note:"
keys -l "Đã gửi quà Tết"
wait_for "Note: Đã gửi quà Tết"
# Backspace removes the last letter ("t"), then a composed "ư" goes
keys BSpace
wait_for "Note: Đã gửi quà Tế"
keys -l "t"
keys Enter
wait_for "Note saved."
# the detail shows it
keys Enter
wait_for "Note:         Đã gửi quà Tết"
# u: the last change (the note) is undone
keys u
wait_for "Undone: ke-hoach-tet/vp-1 is done again."
keys Escape
wait_for "[x] vp-1"
keys q
finish 0
expect_eq "history: done, note, undo of the note" \
	"0>2|-|- 2>2|-|Đã gửi quà Tết 2>2|2|-" \
	"$(sql "SELECT group_concat(old_state || '>' || new_state || '|' || coalesce(undoes, '-') || '|' || coalesce(new_note, '-'), ' ') FROM (SELECT * FROM history ORDER BY seq)")"
expect_eq "history: by this user" "3" \
	"$(sql "SELECT count(*) FROM history WHERE user = '$OS_USER' AND uid = $(id -u)")"
expect_eq "vp-1 done, no note; nothing else changed" "vp-1|2|-" \
	"$(sql "SELECT d.id || '|' || a.state || '|' || coalesce(a.note, '-') FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE a.state <> 0 OR a.note IS NOT NULL")"

begin_test "m: the unit's checklist mailed to the user, no file left here"
mkdir -p "$XDG_CONFIG_HOME/kehoach"
# A stand-in for sendmail that keeps the message: the real MTA path is
# tests/cli/remind.sh's; here it is the interface's key.
cat >"$XDG_CONFIG_HOME/kehoach/config.yaml" <<YAML
people:
  $(id -un): { name: "Đỗ Minh Tâm", email: tam.dm@so.example.gov.vn }
sendmail: ["/bin/sh", "-c", "cat >$T/mail.eml"]
YAML
start
keys m
wait_for "Checklist sent to Đỗ Minh Tâm"
wait_file "$T/mail.eml"
mail=$(cat "$T/mail.eml")
expect_contains "to the user's address" "$mail" "tam.dm@so.example.gov.vn"
if [[ ${KEHOACH_HAVE_PDF:-0} == 1 ]]; then
	expect_contains "the checklist attached" "$mail" "application/pdf"
fi
expect_eq "no checklist file left in the folder" "" \
	"$(find "$T" -maxdepth 1 -name 'kehoach-*' -print)"
keys q
finish 0
rm -f "$XDG_CONFIG_HOME/kehoach/config.yaml"

begin_test "m without an email: the message says what to add"
start
keys m
wait_for "has no email in the configuration"
keys q
finish 0

begin_test "d: the summary table, ranked as kehoach stats ranks it; Enter opens the unit"
start
# kt-1 done on time, vp-1 late, mc-09 late: the ranking moves off the
# plan's order
"$KEHOACH" --db "$DB" --plans "$PLANS" --today "$TODAY" done kt-1 --on 2022-01-19 >/dev/null
"$KEHOACH" --db "$DB" --plans "$PLANS" --today "$TODAY" done vp-1 mc-09 >/dev/null
keys d
wait_for "Summary as of 27/01/2022"
# the change by the command line shows within the poll
wait_for "~ 2 late"
want=$("$KEHOACH" --db "$DB" --plans "$PLANS" --today "$TODAY" stats --format json |
	python3 -c 'import json, sys; print(" ".join(u["unit"] for u in json.load(sys.stdin)["units"]))')
got=$(capture | awk '/^ *[0-9]+  [a-z0-9-]+ / { printf "%s%s", n++ ? " " : "", $2 } END { print "" }')
expect_ne "the summary shows units" "" "$got"
expect_eq "its rows in the order of 'kehoach stats'" "$(cut -d' ' -f1-"$(wc -w <<<"$got")" <<<"$want")" "$got"
screen=$(capture)
expect_contains "the legend" "$screen" "= 1 on time  ~ 2 late"
expect_contains "the key line" "$screen" "Enter open"
# the second unit: its duties
keys Down Enter
second=$(cut -d' ' -f2 <<<"$want")
wait_for "$(python3 - "$DB" "$second" <<'EOF_PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT name FROM unit WHERE id = ? AND retired = 0", (sys.argv[2],)).fetchone()[0][:20])
EOF_PY
)"
wait_for "x done"
# d again, and Esc: back to the duties
keys d
wait_for "Summary as of"
keys Escape
wait_for "x done"
keys q
finish 0

begin_test "a resize storm, down to 10x5 and back"
start
keys Down Tab
wait_for "│Văn phòng Sở — 9 duties"
sizes=(80x24 60x20 50x10 49x10 50x9 40x12 30x8 20x6 10x5 11x6 10x5 120x40
	33x7 10x5 70x15 200x50 10x5 51x10 52x11 99x29)
for round in 1 2 3 4 5; do
	for s in "${sizes[@]}"; do
		tm resize-window -t kh -x "${s%x*}" -y "${s#*x}" 2>/dev/null
	done
done
tm resize-window -t kh -x 10 -y 5
wait_for "(10x5;"
tm resize-window -t kh -x 100 -y 30
wait_for "│Văn phòng Sở — 9 duties"
expect_eq "kehoach still runs after the storm" "yes" \
	"$(kill -0 "$(cat "$T/pid")" 2>/dev/null && echo yes || echo no)"
expect_eq "the pane is alive" "0" "$(tm display-message -p -t kh '#{pane_dead}')"
# still answers keys
keys Down
wait_for "[ ] vp-1"
keys q
finish 0

begin_test "control characters in a duty are shown as text"
start
# vp, its duties, vp-4 (the sixth)
keys Down Tab Down Down Down Down Down Enter
wait_for "ke-hoach-tet/vp-4"
screen=$(capture)
expect_contains "ESC shown as ^[" "$screen" "Kiểm tra ^[[31mmàu đỏ^G chuông"
expect_contains "the bidi override shown as <U+202E>" "$screen" "<U+202E>đảo chiều<U+202C>"
expect_contains "C1 CSI and DEL as text" "$screen" "<U+009B>2J xóa^? hết"
# Had ESC [31m reached tmux, it would have set a colour and "[31m" would
# not be text; had the CSI, "2J" would have cleared the screen.
expect_contains "the rest of the screen is there" "$screen" "Esc back"
keys q
finish 0

begin_test "SIGTERM while the interface runs"
start
keys Down Tab Enter
wait_for "History:"
kill -TERM "$(cat "$T/pid")"
finish 143

begin_test "SIGINT right after a mark: the mark kept, the database sound"
start
keys Down
wait_for "│Văn phòng Sở — 9 duties"
keys Tab Down Down x
wait_for "[x] vp-1"
kill -INT "$(cat "$T/pid")"
finish 130
expect_eq "the mark was kept" "1" "$(sql 'SELECT count(*) FROM history')"
expect_eq "the database is sound" "ok" "$(sql 'PRAGMA integrity_check')"

begin_test "SIGHUP while the interface runs"
start
keys Tab n
keys -l "dở dang"
wait_for "Note: dở dang"
kill -HUP "$(cat "$T/pid")"
finish 129
expect_eq "a note being typed is not saved by a hangup" "0" "$(sql 'SELECT count(*) FROM history')"

begin_test "q in the note editor is a letter; q quits"
start
keys Tab n q
wait_for "Note: q"
keys Escape
wait_for "Cancelled."
keys q
finish 0

begin_test "a 20 KB paste into the note editor: at once, cut to 4096 bytes"
start
keys Down Tab Down Down
wait_for "│Văn phòng Sở — 9 duties"
keys n
wait_for "Note:"
# 20 KB of Vietnamese in NFC, no newline, shifted so that byte 4096 falls
# inside a letter: the note must stop before that letter, not in it.
python3 - "$T/paste" "$T/expected" <<'EOF_PY'
import sys
line = "Đã gửi quà Tết tới 37 gia đình chính sách, hộ nghèo ở xã Thạch Hưng; "
for pad in range(8):
    text = "." * pad + line * (20480 // len(line.encode()) + 1)
    data = text.encode()[:20480]
    try:
        data[:4096].decode()
    except UnicodeDecodeError:
        break
else:
    sys.exit("no padding puts byte 4096 inside a letter")
open(sys.argv[1], "wb").write(data)
open(sys.argv[2], "wb").write(data[:4096].decode(errors="ignore").encode())
EOF_PY
expect_eq "the paste is 20480 bytes" 20480 "$(stat -c %s "$T/paste")"
tm load-buffer -b paste "$T/paste"
started=$(date +%s%N)
tm paste-buffer -b paste -t kh
# Each character used to redraw the screen and measure the whole line
# again: these 20 KB took 7.7 s in this pane (55 s in the report). Now the
# editor measures what changes and the paste is drawn once it is in:
# 0.1-0.2 s, 0.3 s in the sanitised build. The bound leaves room for a
# loaded machine.
PASTE_BOUND_MS=2000
wait_for "A note holds at most 4096 bytes" $((PASTE_BOUND_MS / 1000 + 1))
keys Enter
wait_for "Note saved." $((PASTE_BOUND_MS / 1000 + 1))
elapsed=$((($(date +%s%N) - started) / 1000000))
echo "# 20 KB paste and save: $elapsed ms"
if ((elapsed <= PASTE_BOUND_MS)); then
	pass
else
	fail "the paste is handled within ${PASTE_BOUND_MS} ms" "<= $PASTE_BOUND_MS ms" "$elapsed ms"
fi
keys q
finish 0
# Compared in Python: on a failure, where they part rather than 4 KB twice.
verdict=$(python3 - "$DB" "$T/expected" <<'EOF_PY'
import sqlite3, sys, unicodedata
want = open(sys.argv[2], "rb").read()
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT CAST(a.note AS BLOB) FROM assignment a JOIN duty d ON d.key = a.duty_key"
    " WHERE d.id = 'vp-1'").fetchone()
got = row[0] if row and row[0] is not None else b""
if got == want:
    text = got.decode()
    print("the first %d bytes, NFC: %s" % (len(want), unicodedata.is_normalized("NFC", text)))
else:
    at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    print("%d bytes, not the %d expected; they part at byte %d: %r" % (
        len(got), len(want), at, got[max(0, at - 10):at + 10]))
EOF_PY
)
expect_eq "the note saved: what was pasted up to the letter byte 4096 falls in" \
	"the first $(stat -c %s "$T/expected") bytes, NFC: True" "$verdict"
expect_ne "that letter is left out whole" 4096 "$(stat -c %s "$T/expected")"

begin_test "Vietnamese by default and drawn right under LANG unset, C, C.UTF-8, en_US.UTF-8"
cp "$TUI_DIR"/plans/*.yaml "$PLANS/"
for loc in unset C C.UTF-8 en_US.UTF-8; do
	rm -f "$T/rc"
	if [[ $loc == unset ]]; then set_lang=""; else set_lang="LANG=$loc"; fi
	# No language setting of kehoach's, and the locale as an SSH login
	# from a minimal client would give it (tmux itself stays UTF-8).
	inner=$(printf 'env -u LC_ALL -u LANG -u LC_CTYPE -u LC_MESSAGES -u KEHOACH_LANG %s TERM=xterm-256color %q --db %q --plans %q --today %q; echo $? >%q' \
		"$set_lang" "$KEHOACH" "$DB" "$PLANS" "$TODAY" "$T/rc")
	LC_ALL=C.UTF-8 tm -u new-session -d -s kh -x 100 -y 30 \
		"env LC_ALL=C.UTF-8 TZ=$TZ HOME=$HOME sh -c $(printf '%q' "$inner")"
	if wait_for "Hôm nay Thứ Năm, 27/01/2022"; then
		screen=$(capture)
		expect_contains "LANG $loc: a unit's name drawn whole" "$screen" "Văn phòng Sở"
		expect_contains "LANG $loc: the key line in Vietnamese" "$screen" "thoát"
		expect_not_contains "LANG $loc: no English" "$screen" "Today"
		keys q
		wait_file "$T/rc" && expect_eq "LANG $loc: exit status" 0 "$(cat "$T/rc")"
	fi
	tm kill-session -t kh >/dev/null 2>&1
done

begin_test "TERM=dumb, unset, unknown or without cursor addressing: refused, with the way out"
# A terminal type of our own without cursor addressing ("cup"): the
# check is on the capability, not on a list of names.
mkdir -p "$T/terminfo"
printf 'kh-nocup|a terminal that cannot move the cursor,\n\tam, cols#80, lines#24, bel=^G, cr=\\r, cud1=\\n, ind=\\n,\n' \
	>"$T/nocup.ti"
tic -o "$T/terminfo" "$T/nocup.ti"
expect_eq "the terminal type without cup is made" "yes" \
	"$(TERMINFO=$T/terminfo infocmp kh-nocup >/dev/null 2>&1 && echo yes)"
for term in dumb kh-nocup no-such-terminal unset; do
	rm -f "$T/rc" "$T/go" "$T/out"
	cp "$TUI_DIR"/plans/*.yaml "$PLANS/"
	if [[ $term == unset ]]; then set_term="-u TERM"; else set_term="TERM=$term"; fi
	# kehoach starts once the pane's output is being recorded.
	inner=$(printf 'while [ ! -e %q ]; do sleep 0.05; done; env %s TERMINFO=%q %q --db %q --plans %q; echo $? >%q' \
		"$T/go" "$set_term" "$T/terminfo" "$KEHOACH" "$DB" "$PLANS" "$T/rc")
	LC_ALL=C.UTF-8 tm -u new-session -d -s kh -x 100 -y 30 \
		"env LC_ALL=C.UTF-8 HOME=$HOME sh -c $(printf '%q' "$inner"); sleep 30"
	tm pipe-pane -t kh "cat >$(printf '%q' "$T/out")"
	touch "$T/go"
	if wait_file "$T/rc"; then
		expect_eq "TERM $term: exit status" 1 "$(cat "$T/rc")"
		out=$(tr -d '\r' <"$T/out")
		expect_contains "TERM $term: says how to fix it" "$out" "TERM=xterm-256color"
		expect_contains "TERM $term: or what to use instead" "$out" "kehoach list"
		expect_eq "TERM $term: one line" 1 "$(grep -c . <<<"$out")"
		expect_eq "TERM $term: not an escape byte written" 0 "$(grep -c $'\e' "$T/out")"
		expect_no_file "TERM $term: refused before the database is made" "$DB"
	fi
	tm kill-session -t kh >/dev/null 2>&1
done


begin_test "a damaged database: a mark pressed at once is refused, the file untouched"
# The quick check runs beside the session (the first screen does not wait
# for it): a mark waits for it, and a damaged database ends the session
# before anything is written, saying so as it always has.
cp "$TUI_DIR"/plans/*.yaml "$PLANS/"
"$KEHOACH" --db "$DB" --plans "$PLANS" --today "$TODAY" done kt-1 >/dev/null
sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
# The page of an index the start does not read, overwritten with garbage.
page=$(sql 'PRAGMA page_size')
victim=$(sql "SELECT rootpage FROM sqlite_schema WHERE name = 'history_by_at'")
printf '%*s' "$page" '' | tr ' ' '\377' | dd of="$DB" bs="$page" seek=$((victim - 1)) conv=notrunc status=none
before=$(sha256sum "$DB")
rm -f "$T/rc" "$T/pid" "$T/err"
inner=$(printf 'echo $$ >%q; exec env TERM=xterm-256color %q --db %q --plans %q --today %q 2>%q' \
	"$T/pid" "$KEHOACH" "$DB" "$PLANS" "$TODAY" "$T/err")
run=$(printf 'sh -c %q; echo $? >%q.tmp; mv %q.tmp %q' "$inner" "$T/rc" "$T/rc" "$T/rc")
LC_ALL=C.UTF-8 tm -u new-session -d -s kh -x 100 -y 30 \
	"env LC_ALL=C.UTF-8 TZ=$TZ HOME=$HOME sh -c $(printf '%q' "$run")"
wait_file "$T/pid"
# At once: the units pane's first unit, its first duty, x.
keys Down Tab x
if wait_file "$T/rc"; then
	expect_eq "exit status" 1 "$(cat "$T/rc")"
	err=$(cat "$T/err")
	expect_contains "the session says the database is damaged" "$err" \
		"is damaged; nothing was changed. Run 'kehoach doctor'"
	expect_contains "…and what is wrong" "$err" "First problem: "
fi
tm kill-session -t kh >/dev/null 2>&1
expect_eq "the file is untouched" "$before" "$(sha256sum "$DB")"

summary
