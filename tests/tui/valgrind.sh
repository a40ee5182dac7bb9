#!/bin/bash
# The interface under valgrind: one headless session (valgrind.keys, most
# keys of every screen) on the fixture plans. Fails on any memory error
# (invalid read or write, use of uninitialised memory, bad free) and on
# any block definitely lost; still-reachable memory is not an error, and
# ncurses' own (see ncurses.supp) and pango's default-language cache (see
# pango.supp) are suppressed. In a build with PDF, `p` writes PDF: the
# session goes through pango, cairo and fontconfig too.
#
#     bash tests/tui/valgrind.sh build/kehoach
#
# Skipped (exit 77) when valgrind is missing.
source "$(dirname "$0")/../cli/lib.sh" "$@"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIP: valgrind is not installed; the interface's memory test needs it" \
		"(scripts/test installs it: keep 'valgrind' in TEST_PACKAGES in scripts/common.sh)" >&2
	exit 77
fi

TUI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

begin_test "a scripted session under valgrind"
cp "$TUI_DIR"/plans/*.yaml "$PLANS/"
# The build may use AddressSanitizer, which cannot run under valgrind.
if grep -aq __asan_init "$KEHOACH"; then
	echo "SKIP: $KEHOACH is built with AddressSanitizer, which valgrind cannot run" >&2
	exit 77
fi
# kehoach's key scripts have no comments: the "#" lines go, as in
# screens.sh (typed, they would be keys).
grep -v '^#' "$TUI_DIR/valgrind.keys" >"$T/keys"
KEHOACH_TUI_KEYS=$T/keys KEHOACH_TUI_SIZE=80x24 \
	KEHOACH_TUI_SCREEN=$T/screen.txt \
	run valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
	--error-exitcode=9 --suppressions="$TUI_DIR/ncurses.supp" \
	--suppressions="$TUI_DIR/pango.supp" \
	--log-file="$T/valgrind.log" \
	"$KEHOACH" --db "$DB" --plans "$PLANS" --today 2022-01-27
expect_exit 0 "exit status under valgrind (9: memory errors or definite leaks)"
if [[ $RC != 0 ]]; then
	sed 's/^/    | /' "$T/valgrind.log" | head -n 80 >&2
fi
expect_eq "nothing in the valgrind log (errors, leaks)" "" "$(cat "$T/valgrind.log")"
# The session went through the whole script: the <Dump> before q, and the
# final screen, both the main view at 80x24.
expect_eq "two screens written" "2" "$(grep -c '^--$' "$T/screen.txt")"
expect_match "the last screen is the interface" "$(cat "$T/screen.txt")" \
	'^Kế hoạch tổ chức Tết .* Today Thứ Năm, 27/01/2022$'
ext=txt
[[ ${KEHOACH_HAVE_PDF:-0} == 1 ]] && ext=pdf
expect_file "the checklist of nhom was written" "$T/kehoach-ke-hoach-tet-nhom-2022-01-27.$ext"
expect_file "the checklist of the plan was written" "$T/kehoach-ke-hoach-tet-2022-01-27.$ext"
expect_ne "the session changed the database" "0" "$(sql 'SELECT count(*) FROM history')"
# "Đã gửi qu", a + U+0300, Backspace (both go), "à", ←, "X", →, Del (at
# the end: nothing), Home, Del ("Đ" goes), End, " xong"
expect_eq "the note as typed and edited" "ã gửi quXà xong" \
	"$(sql "SELECT new_note FROM history WHERE new_note IS NOT NULL ORDER BY seq LIMIT 1")"

summary
