#!/usr/bin/env bash
# People, not logins: `people:` in the configuration names the person
# behind an OS login. Checklists (every format), the monthly report, show
# and history then name the person; history keeps the login beside the
# name; the database keeps logins only, so that the configuration may
# change. A login nobody is named by is shown as before.
source "$(dirname "$0")/lib.sh" "$@"

NAME="Nguyễn Thị Hằng"

# people_config LOGIN [NAME]: the user's configuration names LOGIN.
people_config() {
	mkdir -p "$XDG_CONFIG_HOME/kehoach"
	printf 'people:\n  %s: { name: "%s", title: "Trưởng phòng Văn phòng", email: "hang.nt@example.gov.vn" }\n' \
		"$1" "${2:-$NAME}" >"$XDG_CONFIG_HOME/kehoach/config.yaml"
}

have_pdf() {
	[[ ${KEHOACH_HAVE_PDF:-0} == 1 ]] && command -v pdftotext >/dev/null 2>&1
}

# pdf_words FILE: the PDF's text, NFC, on one line with single spaces.
pdf_words() {
	pdftotext -enc UTF-8 "$1" - | python3 -c '
import sys, unicodedata
print(" ".join(unicodedata.normalize("NFC", sys.stdin.read()).split()))'
}

begin_test "checklist: the person who marked a duty, by name, in every format"
people_config "$OS_USER"
sync_fixtures small.yaml
kh --today 2022-01-25 done vp-1 --on 2022-01-24 --note "Đã gửi quà"
expect_exit 0
kh --lang en --today 2022-01-30 checklist --unit vp
expect_exit 0
expect_match "text: done, on the day, by name" "$OUT" "^ +Done: 24/01/2022 .*, $NAME\$"
expect_no_match "text: not the login" "$OUT" ", $OS_USER\$"
# The unit's head, as the plan names them, still signs it.
expect_match "text: the plan's head signs" "$(tail -n 3 <<<"$OUT")" "Chánh Văn phòng *\$"
expect_not_contains "text: the marker does not sign" "$(tail -n 3 <<<"$OUT")" "$NAME"
kh --lang en --today 2022-01-30 checklist --unit vp --format md
expect_contains "Markdown: by name" "$OUT" ", $NAME"
kh --lang en --today 2022-01-30 checklist --unit vp --format html
expect_contains "HTML: by name" "$OUT" ", $NAME"
if have_pdf; then
	kh --lang en --today 2022-01-30 checklist --unit vp -o vp.pdf
	expect_exit 0
	expect_contains "PDF: by name" "$(pdf_words vp.pdf)" ", $NAME"
else
	echo "# (no PDF in this build, or no pdftotext: PDF not checked)"
fi

begin_test "report: the results name who did them, only when the configuration names them"
copy_plans "$REPO_PLANS/thai-binh-2022-01.yaml" "$REPO_PLANS/thai-binh-2022-02.yaml"
kh --today 2022-01-31 done stttt-tb-2022-01/ttbc-xb-bc-1 --on 2022-01-31 \
	--note "Các cơ quan báo chí Trung ương đã có 773 tin, bài về tỉnh Thái Bình"
expect_exit 0
# Nobody named: neither a name nor a login (the office's report names no
# account).
kh --lang en --today 2022-02-03 report --month 2022-01 --plan stttt-tb-2022-01
expect_exit 0
expect_no_match "unnamed: no login" "$OUT" ", $OS_USER\$"
expect_not_contains "unnamed: no name" "$OUT" "$NAME"
people_config "$OS_USER"
kh --lang en --today 2022-02-03 report --month 2022-01 --plan stttt-tb-2022-01
expect_exit 0
expect_match "named: done, on the day, by name" "$OUT" "^ +Done: 31/01/2022 .*, $NAME\$"
if have_pdf; then
	kh --lang en --today 2022-02-03 report --month 2022-01 --plan stttt-tb-2022-01 -o r.pdf
	expect_exit 0
	expect_contains "PDF: by name" "$(pdf_words r.pdf)" ", $NAME"
fi

begin_test "show and history: the name, with the login kept beside it in history"
people_config "$OS_USER"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --today 2022-01-25 done vp-2 --on 2022-01-24
kh --lang en --today 2022-01-25 show vp-2
expect_exit 0
expect_contains "show: the status names who changed it" "$OUT" "(by $NAME, "
expect_match "show: the history names them, with the login" "$OUT" \
	"^  [0-9/]+ [0-9:]+  $NAME \($OS_USER\)  todo → done\$"
kh --lang en history
expect_exit 0
expect_match "history: name (login)" "$OUT" \
	"^[0-9/]+ [0-9:]+  $NAME \($OS_USER\)  stttt-ht-tet-2022/vp-2  todo → done\$"
kh history --format json
expect_json "history --format json" "$OUT"
expect_eq "JSON: the login stays in user" "$OS_USER" "$(jq_py 'd[0]["user"]')"
expect_eq "JSON: the name beside it" "$NAME" "$(jq_py 'd[0]["name"]')"
# The database keeps logins, never names.
expect_eq "the history row holds the login" "$OS_USER" "$(sql 'SELECT user FROM history')"
expect_eq "the assignment holds the login" "$OS_USER" \
	"$(sql 'SELECT changed_by FROM assignment WHERE changed_by IS NOT NULL')"
expect_not_contains "no name in the database" "$(db_dump)" "Hằng"
# So a change of the configuration shows at once, the database untouched.
people_config "$OS_USER" "Nguyễn Thị Thu Hằng"
kh --lang en --today 2022-01-25 show vp-2
expect_contains "a new name, at once" "$OUT" "(by Nguyễn Thị Thu Hằng, "

begin_test "a login the configuration does not name: the login, as before"
people_config hang.nt
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --today 2022-01-25 done vp-2 --on 2022-01-24
kh --lang en --today 2022-01-25 show vp-2
expect_contains "show: the login" "$OUT" "(by $OS_USER, "
expect_not_contains "show: nobody else's name" "$OUT" "$NAME"
kh --lang en history
expect_match "history: the login alone" "$OUT" "^[0-9/]+ [0-9:]+  $OS_USER  stttt-ht-tet-2022/vp-2  "
kh history --format json
expect_eq "JSON: user" "$OS_USER" "$(jq_py 'd[0]["user"]')"
expect_eq "JSON: name is null" "null" "$(jq_py 'd[0]["name"]')"
kh --lang en --today 2022-01-30 checklist --unit vp
expect_match "checklist: the login" "$OUT" "^ +Done: 24/01/2022 .*, $OS_USER\$"

begin_test "names are shown in NFC, whatever form the configuration has"
people_config "$OS_USER" "$(nfd "$NAME")"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --today 2022-01-25 done vp-2 --on 2022-01-24
kh --lang en --today 2022-01-25 show vp-2
expect_contains "show: the name in NFC" "$(hex "$OUT")" "$(hex "(by $NAME, ")"

begin_test "a mistake under people: is refused at file:line:column"
mkdir -p "$XDG_CONFIG_HOME/kehoach"
printf 'people:\n  hang.nt: { title: "Trưởng phòng" }\n' >"$XDG_CONFIG_HOME/kehoach/config.yaml"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --lang en units
expect_exit 1
expect_contains "where, and what to write" "$ERR" \
	"$XDG_CONFIG_HOME/kehoach/config.yaml:2:3: hang.nt has no name: add name: \"…\" with the person's full name"
kh --lang vi units
expect_exit 1
expect_contains "in Vietnamese too" "$ERR" "hang.nt chưa có tên"

summary
