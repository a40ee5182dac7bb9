#!/usr/bin/env bash
# kehoach checklist and kehoach report: golden text and Markdown, HTML that
# escapes everything, PDF read back with poppler, -o, --print through lp.
source "$(dirname "$0")/lib.sh" "$@"

# The user who marks duties is this machine's; goldens say USER instead
# (at a line's end, or before Markdown's hard break "\").
anonymise() {
	local who=$OS_USER
	printf '%s\n' "$1" | sed -E "s/, $who(\\\\?)\$/, USER\1/"
}

# The Thái Bình January plan marked done with the seed report's results.
mark_thai_binh_january() {
	local d
	for d in cntt-vt-1 cntt-vt-2 cntt-vt-3 cntt-vt-4 cntt-vt-5 cntt-vt-6 \
		cntt-vt-8 cntt-vt-9 cntt-vt-10 cntt-vt-11 ttbc-xb-bc-2 \
		ttbc-xb-bc-3 ttbc-xb-bc-4 ttbc-xb-bc-6 ttbc-xb-bc-7 ttbc-xb-bc-8 \
		ttbc-xb-bc-9 ttbc-xb-bc-10 thanh-tra-1 thanh-tra-2; do
		kh --today 2022-01-31 done "stttt-tb-2022-01/$d" --on 2022-01-28
	done
	kh --today 2022-01-31 done stttt-tb-2022-01/cntt-vt-7 --on 2022-01-28 \
		--note "Đề xuất 04 bài toán"
	kh --today 2022-01-31 done stttt-tb-2022-01/ttbc-xb-bc-1 --on 2022-01-31 \
		--note "Các cơ quan báo chí Trung ương đã có 773 tin, bài về tỉnh Thái Bình"
	kh --today 2022-01-31 done stttt-tb-2022-01/ttbc-xb-bc-5 --on 2022-01-31 \
		--note "05 tài liệu không kinh doanh (492 trang)"
	kh --today 2022-01-31 done stttt-tb-2022-01/thanh-tra-3 --on 2022-01-31 \
		--note "Không có vụ việc khiếu nại tố cáo phát sinh"
}

begin_test "checklist: text, a unit of the Hà Tĩnh directive (golden)"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --today 2022-01-25 done vp-2 --on 2022-01-24 --note "Đã ban hành kế hoạch số 12/KH-VP"
kh --today 2022-01-25 start vp-5
kh --lang vi --today 2022-01-30 checklist --unit vp
expect_exit 0
expect_golden checklist-vp.txt "$(anonymise "$OUT")"
# Every line fits in 80 columns (by characters, not bytes).
long=$(printf '%s\n' "$OUT" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
expect_eq "the widest line, in columns" 80 "$((long <= 80 ? 80 : long))"
# The lunar date beside the solar one (issue 5): under it, whole, when
# the column cannot hold both; on the same line when it can.
expect_match "the place and date" "$OUT" '  Hà Tĩnh, ngày 30 tháng 01 năm 2022$'
expect_match "…the lunar date under it" "$OUT" '^ {20,}\(28 tháng Chạp năm Tân Sửu\)$'
kh --lang vi --today 2022-01-30 checklist --unit vp --width 60
long=$(printf '%s\n' "$OUT" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
expect_eq "--width 60: the widest line" 60 "$((long <= 60 ? 60 : long))"
expect_match "--width 60: the lunar date whole" "$OUT" '^ +\(28 tháng Chạp năm Tân Sửu\)$'
kh --lang vi --today 2022-01-30 checklist --unit vp --width 120
expect_match "--width 120: both dates on one line" "$OUT" \
	'  Hà Tĩnh, ngày 30 tháng 01 năm 2022 \(28 tháng Chạp năm Tân Sửu\)$'

begin_test "checklist: Markdown (golden), --status and --phase"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --today 2022-01-25 done ttcntt-1 --on 2022-01-24 --note "Trực 24/24"
kh --lang vi --today 2022-01-30 checklist --unit ttcntt --format md
expect_exit 0
expect_golden checklist-ttcntt.md "$(anonymise "$OUT")"
kh --lang vi --today 2022-01-30 checklist --unit ttcntt --status done
expect_contains "--status done lists the done duty" "$OUT" "ttcntt-1 —"
expect_not_contains "--status done leaves the others out" "$OUT" "ttcntt-2 —"
kh --lang vi --today 2022-01-30 checklist --unit ttcntt --phase during
expect_no_match "--phase during: only duties of that phase" "$OUT" 'Hạn: .*(trước|sau) Tết$'
expect_match "--phase during: its duties" "$OUT" 'trong Tết$'

begin_test "checklist: every unit, and which plan"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml" "$REPO_PLANS/thai-binh-2022-01.yaml"
kh --lang vi --today 2022-01-30 checklist
expect_exit 1
expect_contains "no plan named among several: says which" "$ERR" "--plan"
expect_contains "…and lists them" "$ERR" "stttt-ht-tet-2022, stttt-tb-2022-01"
kh --lang vi --today 2022-01-30 checklist --plan stttt-ht-tet-2022 --all
expect_exit 0
expect_match "a section per unit" "$OUT" '^1\. Văn phòng Sở'
expect_match "…numbered, groups left out (their duties are their members')" "$OUT" '^6\. Phòng Thông tin, Báo chí xuất bản$'
expect_contains "the whole plan" "$OUT" "Tất cả các đơn vị"
kh --lang vi --today 2022-01-30 checklist --unit cntt-vt
expect_exit 0
expect_contains "a unit in one plan: that plan" "$OUT" "Kết quả hoạt động Thông tin và Truyền thông"
kh --today 2022-01-30 checklist --unit nope
expect_exit 1
expect_contains "an unknown unit is named" "$ERR" '"nope"'
kh --today 2022-01-30 checklist --plan stttt-ht-tet-2022 --unit nope
expect_exit 1
expect_contains "…within a plan too" "$ERR" 'has no unit "nope"'
kh checklist --unit vp --all
expect_exit 2
kh checklist --format docx
expect_exit 2
expect_contains "an unknown format" "$ERR" "'docx'"
kh checklist --phase sometime
expect_exit 2
kh checklist --width 10
expect_exit 2

begin_test "report: Thái Bình, January 2022, reads like the seed (golden)"
copy_plans "$REPO_PLANS/thai-binh-2022-01.yaml" "$REPO_PLANS/thai-binh-2022-02.yaml"
mark_thai_binh_january
kh --lang vi --today 2022-02-03 report --month 2022-01 --plan stttt-tb-2022-01
expect_exit 0
expect_golden report-tb-2022-01.txt "$(anonymise "$OUT")"
text=$OUT
# Each of the seed's results is in it, under its field, with its note.
expect_contains "the report's heading" "$text" "Kết quả thực hiện nhiệm vụ tháng 01 năm 2022"
expect_contains "a result written in a note" "$text" "Kết quả: Các cơ quan báo chí Trung ương đã có 773 tin, bài"
expect_contains "next month's tasks" "$text" "II. NHIỆM VỤ TRỌNG TÂM THÁNG 02/2022"
expect_contains "…from the February plan" "$text" "37/2021/QĐ-TTg"
expect_match "24 done, none open" "$text" 'hoàn thành 24, chưa hoàn thành 0, quá hạn 0; tháng 02/2022: 6'
# One form of name for the report's plan, though the February plan has
# duties with the same ids: the short id; a duty of the February plan
# says whose it is.
expect_match "a duty of the report's plan: its id" "$text" '^ +3\. \[x\] cntt-vt-3 — '
expect_match "…as the next one, whose id no other plan has" "$text" '^ +4\. \[x\] cntt-vt-4 — '
expect_no_match "…never with the plan's id" "$text" 'stttt-tb-2022-01/'
part2=${text#*II. NHIỆM VỤ TRỌNG TÂM}
expect_match "a duty of the February plan says whose" "$part2" '^ +1\. \[ \] stttt-tb-2022-02/cntt-vt-1 — '
expect_no_match "…every one of them" "$part2" '\] [^/ ]+ — '
# What was done and its result, not which account marked it.
expect_no_match "no user name on the done lines" "$OUT" ", ${OS_USER}\$"
kh --lang vi --today 2022-02-03 checklist --plan stttt-tb-2022-01 --unit cntt-vt
expect_match "a checklist: the short id too" "$OUT" '^ +3\. \[x\] cntt-vt-3 — '
expect_match "…and who marked it" "$OUT" "^ +Hoàn thành: 28/01/2022 \\(26/12 ÂL\\), đúng hạn, ${OS_USER}\$"
kh --lang vi --today 2022-02-03 report --month 2022-01
expect_match "a report on several plans: every duty says whose" "$OUT" '\] stttt-tb-2022-01/cntt-vt-4 — '
expect_no_match "…every one" "$OUT" '\] [^/ ]+ — '
kh --lang vi --today 2022-02-03 report --month 2022-01 --plan stttt-tb-2022-01 --format md
expect_exit 0
expect_golden report-tb-2022-01.md "$(anonymise "$OUT")"
expect_no_match "no user name in Markdown either" "$OUT" ", ${OS_USER}(\\\\)?\$"

begin_test "report: open and overdue duties, an empty month"
copy_plans "$REPO_PLANS/thai-binh-2022-01.yaml"
kh --today 2022-01-31 done cntt-vt-1 --on 2022-01-20
kh --lang vi --today 2022-01-20 report --month 2022-01
expect_exit 0
expect_match "done that month" "$OUT" '^  a\) Đã hoàn thành \(1\)$'
expect_match "still open before the deadline" "$OUT" '^  b\) Chưa hoàn thành \(10\)$'
expect_match "the one plan loaded: short ids" "$OUT" '^ +1\. \[x\] cntt-vt-1 — '
expect_contains "…and the plan named in the header" "$OUT" "Kết quả hoạt động Thông tin và Truyền thông tháng 01 năm 2022"
expect_no_match "nothing overdue yet" "$OUT" 'Quá hạn \('
kh --lang vi --today 2022-02-10 report --month 2022-01
expect_match "after the deadline: overdue" "$OUT" '^  b\) Quá hạn \(10\)$'
expect_match "…each says by how much" "$OUT" '! Quá hạn: 10 ngày'
kh --lang vi --today 2022-02-10 report --month 2022-03
expect_match "overdue duties of earlier months are still reported" "$OUT" '^  a\) Quá hạn \(10\)$'
kh --lang vi --today 2021-12-05 report --month 2021-11
expect_contains "a month with nothing in it says so" "$OUT" "Không có nhiệm vụ đến hạn hoặc hoàn thành trong tháng 11/2021."
expect_contains "…and so does the next" "$OUT" "Không có nhiệm vụ đến hạn trong tháng 12/2021."
kh report
expect_exit 2
expect_contains "--month is needed" "$ERR" "--month"
for bad in 2022-13 2022-1 22-01 2022-01-05 abc; do
	kh report --month "$bad"
	expect_exit 2 "--month $bad"
done
kh report --month 01/2022 --plan nope
expect_exit 1
expect_contains "an unknown plan" "$ERR" '"nope"'

begin_test "report: the month's figures are kehoach stats's; a group's duty once"
copy_plans small.yaml
kh --today 2022-02-10 done chung-1@vp --on 2022-02-05 --note "Trực đủ"
kh --today 2022-02-10 done chung-1@kt --on 2022-02-08
kh --today 2022-02-10 done vp-1 --on 2022-01-24
kh --today 2022-02-10 done kt-1 --on 2022-01-22
kh --today 2022-02-10 extend vp-2 --to 2022-02-25 --reason "Chờ số liệu"
kh --today 2022-02-10 cancel kt-2 --reason "Không còn phù hợp"
# February, reported on 10/02: its figures as they stand on that day.
for month in 2022-02:2022-02-10:2022-02-01:2022-02-28 2022-01:2022-01-31:2022-01-01:2022-01-31; do
	IFS=: read -r m asof first last <<<"$month"
	kh --today "$asof" stats --from "$first" --to "$last" --format json
	stats=$OUT
	kh --today 2022-02-10 report --month "$m"
	expect_exit 0 "report --month $m"
	figures=$(python3 - "$stats" "$OUT" <<'PY'
import json, re, sys
total = json.loads(sys.argv[1])["total"]
flat = " ".join(sys.argv[2].split())
m = re.search(r"as of [0-9/]+: (\d+) duties; done on time (\d+), done late (\d+),"
              r" not yet due (\d+), overdue (\d+)\.", flat)
got = [int(x) for x in m.groups()] if m else None
want = [total[k] for k in ("total", "done_on_time", "done_late", "in_time", "overdue")]
print("same" if got == want else "stats %s, report %s" % (want, got))
PY
)
	expect_eq "$m: the report's figures are those of stats --from $first --to $last (--today $asof)" same "$figures"
done
kh --today 2022-02-10 report --month 2022-02
flat=$(tr -s ' \n' '  ' <<<"$OUT")
expect_contains "the rates, as stats gives them" "$flat" "Of the 2 that came due: done 100.00%, on time 50.00%, overdue 0.00%."
expect_contains "the withdrawn counted apart" "$OUT" "Withdrawn: 1."
expect_eq "the group's duty once" 1 "$(grep -c 'Kiểm tra công tác trực Tết' <<<"$OUT")"
expect_match "…under the group" "$OUT" '^ +1\. \[x\] chung-1 — Kiểm tra công tác trực Tết$'
expect_match "…each member's state beside it" "$OUT" '^ +Văn phòng: done 05/02/2022 .*, on time — Trực đủ$'
expect_match "…each member's" "$OUT" '^ +Phòng Kế toán: done 08/02/2022 .*, 2 days late$'
expect_match "the appendix" "$OUT" '^ +Appendix: summary table of the results of the duties$'
expect_match "…its total row" "$OUT" '^Total +4 +1 +1 +2 +0 +1 +100.00% +50.00% +0.00% +2$'
KEHOACH_LANG=vi kh --today 2022-02-10 report --month 2022-02
expect_contains "in Vietnamese: Phụ lục" "$OUT" "Phụ lục: Biểu tổng hợp tình hình thực hiện nhiệm vụ"
expect_contains "…the rates with a comma" "$(tr -s ' \n' '  ' <<<"$OUT")" "tỷ lệ hoàn thành 100,00%"
expect_contains "…quá hạn N ngày" "$OUT" "quá hạn 2 ngày"
kh --today 2022-02-10 report --month 2022-02 --format md
expect_eq "Markdown: the group's duty once" 1 "$(grep -c 'Kiểm tra công tác trực Tết' <<<"$OUT")"
expect_match "Markdown: the table's total row" "$OUT" '^\| \*\*Total\*\* \| \*\*4\*\* \|'
kh --today 2022-02-10 report --month 2022-02 --format html
expect_contains "HTML: the table" "$OUT" '<table class="stats">'
expect_contains "…the figures" "$OUT" '<td class="figure">100.00%</td>'
expect_contains "…the figures at the results' head" "$OUT" '<p class="intro">In 02/2022, as of 10/02/2022'

begin_test "report --month: built on several threads, the same document"
# More units than the units built ahead of the writer (8), a group among
# them, duties done, late, extended, withdrawn and in progress: the
# document is byte for byte the one built on the report's thread alone.
# 600 units: more than a pipe and the units built ahead
# (REPORT_UNITS_AHEAD) hold together, for the check that threads are used.
{
	cat <<'YAML'
kehoach: 1
plan:
  id: nhieu-don-vi
  title: "Kế hoạch nhiều đơn vị"
  issuer: "Sở Nội vụ"
  from: 2022-01-01
  to: 2022-02-28
units:
  - id: nhom
    name: "Các đơn vị"
    members: [dv001, dv002, dv003]
    duties:
      - id: chung-1
        text: "Kiểm tra công tác trực Tết của các đơn vị"
        due: 2022-01-28
YAML
	for u in $(seq -w 1 600); do
		printf '  - id: dv%s
    name: "Đơn vị số %s"
    duties:
' "$u" "$u"
		for d in 1 2 3 4; do
			printf '      - id: dv%s-%s
        text: "Nhiệm vụ %s của đơn vị %s, viết đủ dài để xuống dòng trong báo cáo tháng"
        due: 2022-0%s-%s
' \
				"$u" "$d" "$d" "$u" "$(( d % 2 + 1 ))" "$(( 10 + d * 4 ))"
			# Several units to do it with.
			if [ "$u$d" = 0013 ]; then
				printf '        with: [dv002, dv010, dv003]\n'
			fi
		done
	done
} >"$PLANS/nhieu.yaml"
kh --today 2022-01-31 done dv001-1 --on 2022-01-12 --note "Xong sớm"
kh --today 2022-01-31 done dv005-3 --on 2022-01-30
kh --today 2022-01-31 done chung-1@dv002 --on 2022-01-27
kh --today 2022-01-31 extend dv007-2 --to 2022-02-25 --reason "Chờ hướng dẫn"
kh --today 2022-01-31 cancel dv011-1 --reason "Không còn phù hợp"
kh --today 2022-01-31 progress dv020-4 40 --note "Đang làm"
for format in text md html; do
	KEHOACH_THREADS=0 kh --today 2022-01-31 report --month 2022-01 --format "$format"
	expect_exit 0 "$format, on one thread"
	alone=$OUT
	expect_contains "$format: the last unit listed" "$alone" "Đơn vị số 600"
	expect_contains "$format: the units a duty is done with, in their order" "$alone" \
		"Đơn vị số 002, Đơn vị số 010, Đơn vị số 003"
	for threads in 1 3; do
		KEHOACH_THREADS=$threads kh --today 2022-01-31 report --month 2022-01 --format "$format"
		expect_eq "$format, $threads threads beside the writer" "$alone" "$OUT"
	done
done
# To a file, as the benchmark writes it.
KEHOACH_THREADS=0 kh --today 2022-01-31 report --month 2022-01 -o "$T/alone.txt"
KEHOACH_THREADS=2 kh --today 2022-01-31 report --month 2022-01 -o "$T/two.txt"
expect_exit 0 "-o, two threads"
expect_eq "-o: the same file" "$(cat "$T/alone.txt")" "$(cat "$T/two.txt")"
# The comparisons above prove nothing if the helpers silently stayed
# away: while the report waits on a pipe nobody reads yet, the most
# threads its process is seen with (Markdown: written as it goes, where
# the text format writes 256 KiB at a time).
threads_seen() {
	local fifo=$T/report.fifo most=0 n tries pid
	rm -f "$fifo"
	mkfifo "$fifo"
	KEHOACH_THREADS=$1 "$KEHOACH" --db "$DB" --plans "$PLANS" --today 2022-01-31 \
		report --month 2022-01 --format md >"$fifo" &
	pid=$!
	exec 3<"$fifo"
	for ((tries = 0; tries < 40 && most < 2; tries++)); do
		n=$(ls "/proc/$pid/task" 2>/dev/null | wc -l)
		((n > most)) && most=$n
		sleep 0.05
	done
	cat <&3 >/dev/null
	exec 3<&-
	wait "$pid"
	echo "$most"
}
expect_eq "a helper thread builds units beside the writer (KEHOACH_THREADS=1)" 2 "$(threads_seen 1)"
expect_eq "…and none with KEHOACH_THREADS=0" 1 "$(threads_seen 0)"

begin_test "checklist: extensions, progress, outcomes, withdrawn duties"
copy_plans small.yaml
kh --today 2022-02-10 extend vp-2 --to 2022-02-25 --reason "Chờ số liệu"
kh --today 2022-02-10 progress vp-3 60 --note "Đã học 3 chuyên đề"
kh --today 2022-02-10 done vp-1 --on 2022-01-27
kh --today 2022-02-10 cancel kt-2 --reason "Không còn phù hợp"
KEHOACH_LANG=vi kh --today 2022-02-10 checklist --unit vp
expect_exit 0
expect_contains "the extension: the new deadline, the plan's, the reason" "$OUT" \
	"Gia hạn: đến 25/02/2022 (hạn theo kế hoạch: 15/02/2022): Chờ số liệu"
expect_contains "progress, with its note" "$OUT" "đang thực hiện, 60%: Đã học 3 chuyên đề"
expect_match "a done duty's outcome" "$OUT" 'Hoàn thành: 27/01/2022 .*, quá hạn 2 ngày, '
KEHOACH_LANG=vi kh --today 2022-02-10 checklist --unit kt
expect_match "a withdrawn duty: not a box to tick" "$OUT" '^ +[0-9]+\. \[-\] kt-2 — '
expect_contains "…with its reason" "$OUT" "Đã rút: Không còn phù hợp"
expect_no_match "…not overdue" "$OUT" 'kt-2 — .*\n.*Quá hạn'
expect_contains "…not counted as open" "$OUT" "đã rút: 1"

begin_test "HTML: stands alone, escapes everything, no control byte"
copy_plans hostile.yaml
kh --today 2022-01-30 checklist --unit vp --format html
expect_exit 0
html=$OUT
expect_match "a whole document" "$html" '^<!DOCTYPE html>$'
expect_contains "…with its style inline" "$html" "<style>"
expect_not_contains "no external resource" "$html" '<link'
expect_not_contains "no script from a plan" "$html" "<script>"
expect_not_contains "no element from a plan" "$html" "<img"
expect_not_contains "…nor from a unit name" "$html" "<script>x"
expect_contains "the text is there, escaped" "$html" "&lt;script&gt;alert(&#39;Tết&#39;)&lt;/script&gt; &amp; &lt;img"
expect_contains "the title too" "$html" "Kế hoạch &lt;b&gt;thử&lt;/b&gt; &amp; &quot;kiểm tra&quot;"
expect_contains "controls are shown, not sent" "$html" "^["
expect_contains "the bidi override is shown" "$html" "&lt;U+202E&gt;"
expect_contains "the lunar date, kept whole where the line wraps" "$html" \
	'<span class="lunar">(28 tháng Chạp năm Tân Sửu)</span></p>'
expect_contains "…by its style" "$html" ".lunar { white-space: nowrap; }"
expect_contains "…and the zero-width space" "$html" "&lt;U+200B&gt;"
for format in text md html; do
	kh --today 2022-01-30 checklist --unit vp --format "$format" -o "out.$format"
	expect_exit 0 "-o out.$format"
	if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "out.$format"; then
		fail "no C0 control byte in the $format file" "none" "found"
	else
		pass
	fi
	if python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8").read(); sys.exit(any(0x80<=ord(c)<=0x9f or 0x202a<=ord(c)<=0x202e or ord(c) in (0x200b,0x2066,0x2067,0x2068,0x2069) for c in t))' "out.$format"; then
		pass
	else
		fail "no C1, bidi or zero-width character in the $format file" "none" "found"
	fi
done
# The HTML parses, and its tags balance.
if python3 - out.html <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "link", "hr", "input"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.bad = False
    def handle_starttag(self, tag, attrs):
        if tag == "script": self.bad = True
        if tag not in VOID: self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag: self.bad = True
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
sys.exit(1 if p.bad or p.stack else 0)
PY
then pass; else fail "the HTML's tags balance, no script" "balanced" "not"; fi
kh --today 2022-01-30 checklist --unit vp --format md
expect_contains "Markdown specials are escaped" "$OUT" '\# not a heading \*not bold\* \_x\_ \[link\](http://x) \`code\` \| pipe\'
expect_contains "…a list marker after a line break too" "$OUT" '1\. not a list'

begin_test "-o: the format from the extension; a failed write keeps the old file"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --today 2022-01-30 checklist --unit vp -o vp.md
expect_exit 0
expect_match "-o vp.md writes Markdown" "$(cat vp.md)" '^# '
kh --today 2022-01-30 checklist --unit vp --output vp.html
expect_match "--output vp.html writes HTML" "$(head -n 1 vp.html)" '^<!DOCTYPE html>$'
kh --today 2022-01-30 checklist --unit vp -o vp.txt --format md
expect_match "--format wins over the extension" "$(cat vp.txt)" '^# '
kh --today 2022-01-30 checklist --unit vp -o missing/vp.txt
expect_exit 1
expect_contains "a folder that is not there: the file is named" "$ERR" "missing/vp.txt"
echo "earlier" >kept.txt
chmod a-w .
if [[ $(id -u) != 0 ]]; then
	kh --today 2022-01-30 checklist --unit vp -o kept.txt
	expect_exit 1 "-o into a read-only folder"
	expect_eq "the earlier file is kept" "earlier" "$(cat kept.txt)"
fi
chmod u+w .
expect_eq "no temporary file is left behind" "" "$(ls | grep tmp- || true)"

begin_test "--print: lp gets the file; no lp, or lp failing, is said clearly"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
mkdir bin
cat >bin/lp <<'LP'
#!/bin/sh
# A stand-in for lp(1): keeps its arguments and what it was asked to print.
printf '%s\n' "$@" >"$LP_SPOOL/lp.args"
[ "$1" = "--" ] && shift
cp "$1" "$LP_SPOOL/printed" && echo "request id is PDF_Printer-7 (1 file(s))"
LP
chmod +x bin/lp
export LP_SPOOL=$T
mkdir spool-tmp
# Does this build write PDF? (pdf.sh checks both kinds of build.)
kh --today 2022-01-30 checklist --unit vp --format pdf -o probe.pdf
have_pdf=$((RC == 0))
TMPDIR=$T/spool-tmp PATH=$T/bin:$PATH kh --lang vi --today 2022-01-30 checklist --unit vp --print
expect_exit 0
expect_eq "lp's answer is shown" "Đã gửi tới máy in: request id is PDF_Printer-7 (1 file(s))" "$OUT"
args=$(cat lp.args)
expect_eq "lp is asked for one file, after --" 2 "$(count_lines "$args")"
expect_eq "…the first argument" "--" "$(head -n 1 <<<"$args")"
if ((have_pdf)); then
	# As the interface's P: a printer shows a PDF as the page it is.
	expect_eq "--print with no format: lp got a PDF" "%PDF-" "$(head -c 5 printed)"
	expect_match "…from a file named so" "$args" '^/.*/spool-tmp/kehoach-[^/]*\.pdf$'
else
	expect_contains "--print with no format, no PDF: lp got the text" \
		"$(cat printed)" "BẢNG THEO DÕI THỰC HIỆN NHIỆM VỤ"
	expect_match "…from a file named so" "$args" '^/.*/spool-tmp/kehoach-[^/]*\.txt$'
fi
expect_eq "the temporary file is gone" "" "$(ls spool-tmp)"
PATH=$T/bin:$PATH kh --lang vi --today 2022-01-30 checklist --unit vp --format text --print
expect_exit 0
expect_contains "--format text --print: lp got the text" "$(cat printed)" "BẢNG THEO DÕI THỰC HIỆN NHIỆM VỤ"
expect_match "…from a .txt file" "$(cat lp.args)" '\.txt$'
PATH=$T/bin:$PATH kh --lang vi --today 2022-02-03 report --month 2022-01 --print
expect_exit 0
if ((have_pdf)); then
	expect_eq "report --print: a PDF too" "%PDF-" "$(head -c 5 printed)"
fi
# Markdown and HTML would reach the paper as their markup: refused
# before anything is done, saying what can be printed.
for format in md html; do
	rm -f lp.args
	PATH=$T/bin:$PATH kh --today 2022-01-30 checklist --unit vp --format "$format" --print
	expect_exit 2 "--format $format --print"
	expect_contains "--format $format --print: says what prints" "$ERR" "'--print' prints text or pdf, not $format"
	expect_contains "…and how to choose" "$ERR" "Try 'kehoach checklist --help'"
	expect_no_file "…lp is not run" lp.args
	PATH=$T/bin:$PATH kh --today 2022-01-30 report --month 2022-01 --format "$format" --print
	expect_exit 2 "report --format $format --print"
	expect_no_file "…lp is not run for the report either" lp.args
done
PATH=$T/bin:$PATH kh --today 2022-01-30 checklist --unit vp -o vp.md --print
expect_exit 2 "-o vp.md --print (Markdown by the extension)"
expect_no_file "…and vp.md is not written" vp.md
expect_no_file "…nor printed" lp.args
PATH=$T/bin:$PATH kh --today 2022-01-30 checklist --unit vp -o vp.txt --print
expect_exit 0
expect_eq "-o with --print: the file is what was printed" "$(cat vp.txt)" "$(cat printed)"
expect_eq "…lp was given that file" "$(printf -- '--\nvp.txt')" "$(cat lp.args)"
cat >bin/lp <<'LP'
#!/bin/sh
echo "lp: Error - No default destination." >&2
exit 1
LP
PATH=$T/bin:$PATH kh --today 2022-01-30 checklist --unit vp --print
expect_exit 1
expect_contains "lp's reason is given" "$ERR" "printing failed: lp: Error - No default destination."
rm bin/lp
for tool in timeout cat cp; do ln -s "$(command -v $tool)" bin/$tool; done
PATH=$T/bin kh --today 2022-01-30 checklist --unit vp --print
expect_exit 1
expect_contains "no lp at all: says so" "$ERR" "no printing system"

summary
