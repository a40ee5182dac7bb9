#!/bin/bash
# Translations: --lang vi|en and KEHOACH_LANG choose the language even
# under LC_ALL=C.UTF-8 (and plain C), the build tree's catalogue is used,
# what users type and what scripts read stays untranslated, and po/vi.po
# is valid and covers every marked string.
source "$(dirname "$0")/lib.sh" "$@"

# The caller's language settings must not leak in; nor lib.sh's English.
unset LANGUAGE KEHOACH_LANG KEHOACH_LOCALEDIR LC_MESSAGES LANG

NO_UTF8_LOCALE=${2:-}
[[ -z $NO_UTF8_LOCALE || $NO_UTF8_LOCALE == /* ]] || NO_UTF8_LOCALE=$PWD/$NO_UTF8_LOCALE
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

begin_test "Vietnamese by default, whatever the server's locale says"
# A server's en_US.UTF-8, C.UTF-8 or unset LANG is not a user asking
# for English. (Through env: bash would warn about a locale it cannot load.)
for loc in unset C POSIX C.UTF-8 en_US.UTF-8 en_US.ISO-8859-1 vi_VN.UTF-8; do
	if [[ $loc == unset ]]; then
		run env -u LC_ALL -u LANG -u LC_MESSAGES "$KEHOACH" --help
	else
		run env -u LC_ALL LANG=$loc "$KEHOACH" --help
	fi
	expect_exit 0 "LANG $loc"
	expect_match "LANG $loc: Vietnamese" "$OUT" '^Cách dùng: kehoach '
	expect_eq "LANG $loc: the output is valid UTF-8" "ok" \
		"$(printf '%s' "$OUT" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && echo ok)"
done
run env LC_ALL=en_US.UTF-8 LANGUAGE=en_US:en "$KEHOACH" --help
expect_match "an English desktop's LANGUAGE does not decide either" "$OUT" '^Cách dùng: kehoach '
kh_raw --help
expect_match "C.UTF-8 without a language setting: Vietnamese" "$OUT" '^Cách dùng: kehoach '
expect_contains "--help says the default" "$OUT" "vi, bất kể locale"

begin_test "no UTF-8 locale at all: the interface says so in one line"
if [[ -z $NO_UTF8_LOCALE || ! -f $NO_UTF8_LOCALE ]]; then
	fail "the setlocale shim is given as the second argument" "a file" "'$NO_UTF8_LOCALE'"
else
	copy_plans small.yaml
	# ASan wants to be first among the libraries; the shim only wraps setlocale.
	run env -u LC_ALL LANG=C LD_PRELOAD="$NO_UTF8_LOCALE" TERM=xterm-256color \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		"$KEHOACH" --db "$DB" --plans "$PLANS"
	expect_exit 1 "the interface"
	# Without any UTF-8 locale gettext cannot translate (it ignores
	# $LANGUAGE under plain C): the one line is in English.
	expect_contains "says there is no UTF-8 locale" "$ERR" "no UTF-8 locale"
	expect_contains "…and how to get one" "$ERR" "locale-gen vi_VN.UTF-8"
	expect_eq "one line" 1 "$(grep -c . <<<"$ERR")"
	expect_no_file "nothing was opened" "$DB"
	run env -u LC_ALL LANG=C LD_PRELOAD="$NO_UTF8_LOCALE" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		"$KEHOACH" --db "$DB" --plans "$PLANS" list --format tsv
	expect_exit 0 "commands still work"
	expect_contains "…and print the Vietnamese of the plans as UTF-8" "$OUT" \
		"Kiểm tra công tác trực Tết"
fi

begin_test "documents are Vietnamese administrative documents by default"
copy_plans small.yaml
for doc in "checklist --unit vp" "report --month 2022-01"; do
	# shellcheck disable=SC2086
	run env LANG=en_US.UTF-8 "$KEHOACH" --db "$DB" --plans "$PLANS" --today 2022-01-27 \
		$doc --format text
	expect_exit 0 "$doc"
	expect_contains "$doc: the national heading" "$OUT" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	expect_contains "$doc: the motto" "$OUT" "Độc lập - Tự do - Hạnh phúc"
	expect_contains "$doc: the date in words" "$OUT" "gày 27 tháng 01 năm 2022"
	expect_not_contains "$doc: no English heading" "$OUT" "SOCIALIST REPUBLIC"
done
if [[ ${KEHOACH_HAVE_PDF:-0} == 1 ]]; then
	run env LANG=en_US.UTF-8 "$KEHOACH" --db "$DB" --plans "$PLANS" --today 2022-01-27 \
		checklist --unit vp -o "$T/c.pdf"
	expect_exit 0 "checklist PDF"
	pdf_text=$(pdftotext -layout "$T/c.pdf" - 2>/dev/null)
	expect_contains "the PDF: the national heading" "$pdf_text" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	expect_contains "the PDF: Vietnamese signature title" "$pdf_text" "NGƯỜI LẬP"
fi

begin_test "--lang, then KEHOACH_LANG, then lang: of the configuration"
mkdir -p "$T/xdg/kehoach"
export XDG_CONFIG_HOME=$T/xdg
kh_raw --lang en --help
expect_match "--lang en" "$OUT" '^Usage: kehoach '
KEHOACH_LANG=en kh_raw --help
expect_match "KEHOACH_LANG=en" "$OUT" '^Usage: kehoach '
KEHOACH_LANG= kh_raw --help
expect_match "an empty KEHOACH_LANG is ignored" "$OUT" '^Cách dùng: kehoach '
printf 'lang: en\n' >"$T/xdg/kehoach/config.yaml"
kh_raw --help
expect_match "lang: en in the user's configuration" "$OUT" '^Usage: kehoach '
KEHOACH_LANG=vi kh_raw --help
expect_match "KEHOACH_LANG=vi wins over lang: en" "$OUT" '^Cách dùng: kehoach '
KEHOACH_LANG=en kh_raw --lang vi --help
expect_match "--lang vi wins over KEHOACH_LANG=en" "$OUT" '^Cách dùng: kehoach '
printf 'lang: vi\n' >"$T/later.yaml"
kh_raw --config "$T/later.yaml" --help
expect_match "a later layer's lang: wins" "$OUT" '^Cách dùng: kehoach '
copy_plans small.yaml
kh units
expect_exit 0
expect_contains "lang: en: messages in English" "$OUT" " total "
printf 'lang: fr\n' >"$T/xdg/kehoach/config.yaml"
kh units
expect_exit 1 "lang: fr"
expect_contains "lang: fr is refused at its line and column" "$ERR" "config.yaml:1:7:"
expect_contains "…saying what it may be" "$ERR" "vi"
rm -f "$T/xdg/kehoach/config.yaml"
kh units
expect_exit 0
expect_contains "no setting: the units in Vietnamese" "$OUT" "nhiệm vụ"
unset XDG_CONFIG_HOME

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
expect_contains "names the formats" "$ERR" "text, tsv, json hoặc xlsx"
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
