#!/bin/bash
# Translations: --lang vi|en and KEHOACH_LANG choose the language even
# under LC_ALL=C.UTF-8 (and plain C), the build tree's catalogue is used,
# what users type and what scripts read stays untranslated, and po/vi.po
# is valid and covers every marked string.
source "$(dirname "$0")/lib.sh" "$@"

# The caller's language settings must not leak in.
unset LANGUAGE KEHOACH_LANG KEHOACH_LOCALEDIR LC_MESSAGES LANG

COMMANDS=(check sync units list show done start reopen undo history)
PO_DIR=$KEHOACH_SOURCE_ROOT/po

# ---------------------------------------------------------------------------
begin_test "--lang vi --help is in Vietnamese"
kh_raw --lang vi --help
expect_exit 0
expect_match "usage line" "$OUT" '^Cách dùng: kehoach '
expect_contains "commands heading" "$OUT" "Các lệnh:"
expect_contains "global options heading" "$OUT" "Tùy chọn chung"
expect_not_contains "no English heading" "$OUT" "Commands:"
for c in "${COMMANDS[@]}"; do
	expect_match "--help still lists $c by its name" "$OUT" "^  $c( |\$)"
done
for o in --db --plans --today --lang; do
	expect_contains "option $o keeps its name" "$OUT" "$o"
done
expect_eq "nothing on stderr" "" "$ERR"
kh_raw --lang=vi --help
expect_match "--lang=vi works too" "$OUT" '^Cách dùng: kehoach '

begin_test "--lang en and the default are English"
kh_raw --lang en --help
expect_exit 0
expect_match "usage line" "$OUT" '^Usage: kehoach '
expect_contains "commands heading" "$OUT" "Commands:"
expect_not_contains "no Vietnamese" "$OUT" "Cách dùng"
expect_contains "--help names --lang" "$OUT" "--lang vi|en"
kh_raw --help
expect_match "C.UTF-8 without a language: English" "$OUT" '^Usage: kehoach '

begin_test "KEHOACH_LANG"
KEHOACH_LANG=vi kh_raw --help
expect_exit 0
expect_match "KEHOACH_LANG=vi" "$OUT" '^Cách dùng: kehoach '
KEHOACH_LANG=vi kh_raw --lang en --help
expect_match "--lang en wins over KEHOACH_LANG=vi" "$OUT" '^Usage: kehoach '
KEHOACH_LANG=en LANGUAGE=vi kh_raw --help
expect_match "KEHOACH_LANG=en wins over LANGUAGE=vi" "$OUT" '^Usage: kehoach '
KEHOACH_LANG= kh_raw --help
expect_match "an empty KEHOACH_LANG is ignored" "$OUT" '^Usage: kehoach '

begin_test "forcing works under every C locale"
for loc in C.UTF-8 C POSIX; do
	LC_ALL=$loc kh_raw --lang vi --help
	expect_match "LC_ALL=$loc --lang vi" "$OUT" '^Cách dùng: kehoach '
	LC_ALL=$loc KEHOACH_LANG=vi kh_raw --help
	expect_match "LC_ALL=$loc KEHOACH_LANG=vi" "$OUT" '^Cách dùng: kehoach '
	LC_ALL=$loc kh_raw --lang en --help
	expect_match "LC_ALL=$loc --lang en" "$OUT" '^Usage: kehoach '
done
LC_ALL=C kh_raw --help
expect_match "plain C without a language: English" "$OUT" '^Usage: kehoach '

begin_test "the locale's language, even when that locale is not installed"
# Vietnamese whether or not vi_VN.UTF-8 was generated on this machine.
# (Through env: bash would warn about a locale it cannot load.)
run env LC_ALL=vi_VN.UTF-8 "$KEHOACH" --help
expect_match "LC_ALL=vi_VN.UTF-8" "$OUT" '^Cách dùng: kehoach '
run env LC_ALL= LANG=vi_VN.UTF-8 "$KEHOACH" --help
expect_match "LANG=vi_VN.UTF-8" "$OUT" '^Cách dùng: kehoach '
run env LC_ALL=vi_VN.UTF-8 LANGUAGE=en "$KEHOACH" --help
expect_match "LANGUAGE=en wins over the locale" "$OUT" '^Usage: kehoach '
run env LC_ALL=vi_VN.UTF-8 "$KEHOACH" --lang en --help
expect_match "--lang en wins over the locale" "$OUT" '^Usage: kehoach '

begin_test "KEHOACH_LOCALEDIR"
mkdir -p "$T/no-catalogues"
KEHOACH_LOCALEDIR=$T/no-catalogues kh_raw --lang vi --help
expect_match "a folder without catalogues: English" "$OUT" '^Usage: kehoach '
mkdir -p "$T/locale/vi/LC_MESSAGES"
msgfmt -o "$T/locale/vi/LC_MESSAGES/kehoach.mo" - <<'EOF'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgid ""
"Usage: kehoach [GLOBAL OPTIONS] [COMMAND [ARGS]]\n"
"\n"
"kehoach keeps the duties of work plans (kế hoạch) and their status.\n"
"Without a command it opens the interface (on a terminal).\n"
"\n"
"Commands:\n"
msgstr "Catalogue from KEHOACH_LOCALEDIR\n"
EOF
KEHOACH_LOCALEDIR=$T/locale kh_raw --lang vi --help
expect_match "the catalogue in KEHOACH_LOCALEDIR is used" "$OUT" \
	'^Catalogue from KEHOACH_LOCALEDIR$'

begin_test "usage errors in Vietnamese name what was wrong"
kh --lang vi bogus-cmd
expect_exit 2 "unknown command"
expect_contains "says so in Vietnamese" "$ERR" "không có lệnh"
expect_contains "names the command" "$ERR" "'bogus-cmd'"
expect_contains "points to --help" "$ERR" "kehoach --help"
expect_eq "nothing on stdout" "" "$OUT"
kh --lang vi list --bogus
expect_exit 2 "unknown option of list"
expect_contains "names the command and the option" "$ERR" "list: không có tùy chọn '--bogus'"
expect_contains "points to list --help" "$ERR" "kehoach list --help"
kh --lang vi list --status finished
expect_exit 2 "unknown status"
expect_contains "names the value and the ones to type" "$ERR" \
	"'finished' (todo, doing hoặc done)"
kh --lang vi list --format xml
expect_exit 2 "unknown format"
expect_contains "names the formats" "$ERR" "text, tsv hoặc json"
kh_raw --lang fr --help
expect_exit 2 "--lang fr"
expect_contains "names the language" "$ERR" "'fr'"
expect_eq "no help on stdout" "" "$OUT"
kh_raw --lang
expect_exit 2 "--lang without a value"
expect_no_file "usage errors open no database" "$DB"

begin_test "subcommand help: descriptions translated, syntax kept"
for c in "${COMMANDS[@]}"; do
	kh --lang vi "$c" --help
	expect_exit 0 "$c --help"
	expect_match "$c --help in Vietnamese" "$OUT" "^Cách dùng: kehoach $c( |\$)"
done
kh --lang vi list --help
for word in --plan --unit --phase --status --overdue --due-within --search \
	before during after todo doing done "text|tsv|json"; do
	expect_contains "list --help keeps '$word'" "$OUT" "$word"
done
expect_contains "list --help explains the phases" "$OUT" "trước Tết"

begin_test "output: messages translated, data and machine formats not"
copy_plans small.yaml
kh --lang vi --today 2022-01-27 overview
expect_exit 0
expect_contains "overview: today" "$OUT" "Hôm nay: 27/01/2022"
expect_contains "overview: overdue heading" "$OUT" "Nhiệm vụ quá hạn:"
expect_match "overview: unit counts" "$OUT" '^  vp +4 nhiệm vụ +0 hoàn thành +1 quá hạn  Văn phòng$'
kh --lang vi --today 2022-01-27 list --status todo --unit kt
expect_exit 0 "list with the values typed in English"
expect_match "list: overdue flag" "$OUT" '^\[ \] kt-1 .* quá hạn kt +Quyết toán kinh phí năm 2021$'
expect_match "list: due-soon flag" "$OUT" '^\[ \] kt-2 .* sắp hạn kt '
for f in json tsv; do
	kh --lang vi --today 2022-01-27 list --format $f
	vi_out=$OUT
	kh --lang en --today 2022-01-27 list --format $f
	expect_eq "list --format $f is the same in both languages" "$OUT" "$vi_out"
done
kh --lang vi --today 2022-01-27 done vp-1 --note "Đã trao quà"
expect_exit 0
expect_eq "done: the state keeps its name" "vp-1: done" "$OUT"
kh --lang vi --today 2022-01-27 show vp-1
expect_exit 0
expect_contains "show: the deadline label" "$OUT" "Hạn:"
expect_contains "show: the done date" "$OUT" "hoàn thành ngày 27/01/2022"
expect_contains "show: the note" "$OUT" "Đã trao quà"

begin_test "po/vi.po is valid and complete"
expect_file "LINGUAS" "$PO_DIR/LINGUAS"
expect_file "vi.po" "$PO_DIR/vi.po"
run msgfmt --check --statistics -o /dev/null "$PO_DIR/vi.po"
expect_exit 0 "msgfmt --check po/vi.po"
expect_no_match "no untranslated or fuzzy messages" "$ERR" 'untranslated|fuzzy'
while read -r f; do
	[[ -z $f || $f == \#* ]] && continue
	expect_file "POTFILES entry $f" "$KEHOACH_SOURCE_ROOT/$f"
done <"$PO_DIR/POTFILES"
# Every string marked in the sources of POTFILES has its translation.
run xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ \
	--flag=N_:1:pass-c-format -D "$KEHOACH_SOURCE_ROOT" \
	-f "$PO_DIR/POTFILES" -o "$T/kehoach.pot"
expect_exit 0 "xgettext over po/POTFILES"
run msgcmp "$PO_DIR/vi.po" "$T/kehoach.pot"
expect_exit 0 "msgcmp: po/vi.po translates every marked string"

summary
