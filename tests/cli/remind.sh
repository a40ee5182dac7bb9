#!/bin/bash
# kehoach remind: the morning mail, through a real MTA (msmtp) to an SMTP
# sink this test starts on 127.0.0.1 and stops itself (smtp_sink.py).
# One message per head with their units' overdue and due-soon duties and
# each unit's checklist as a PDF that pdftotext reads; the office's
# summary; subjects and bodies decoded in Vietnamese; nothing twice a day,
# nothing on a day off (weekends, holidays: workdays.h) unless --force; history shows đôn đốc; --dry-run
# sends nothing; a failing sendmail is one line and exit 1. Also
# checklist --mail.
source "$(dirname "$0")/lib.sh" "$@"

for tool in msmtp pdftotext; do
	if ! command -v "$tool" >/dev/null; then
		echo "FATAL: $tool is needed (scripts/common.sh TEST_PACKAGES)" >&2
		exit 1
	fi
done
# The sink's Python: one with aiosmtpd (Debian's, when python3 is
# another), else one whose standard library still has smtpd.
SINK_PYTHON=
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import aiosmtpd' 2>/dev/null; then SINK_PYTHON=$py; break; fi
done
if [[ -z $SINK_PYTHON ]] && python3 -W ignore -c 'import smtpd' 2>/dev/null; then
	SINK_PYTHON=python3
fi
if [[ -z $SINK_PYTHON ]]; then
	echo "FATAL: python3-aiosmtpd is needed (scripts/common.sh TEST_PACKAGES)" >&2
	exit 1
fi

SINK_PID=
stop_sink() {
	if [[ -n $SINK_PID ]]; then
		kill "$SINK_PID" 2>/dev/null
		wait "$SINK_PID" 2>/dev/null
		SINK_PID=
	fi
}
trap 'stop_sink; cleanup' EXIT

# start_sink: a fresh sink for this test; its messages land in $MAIL.
start_sink() {
	stop_sink
	MAIL=$T/mail
	mkdir -p "$MAIL"
	rm -f "$T/port"
	"$SINK_PYTHON" "$CLI_DIR/smtp_sink.py" "$MAIL" "$T/port" 2>"$T/sink.log" &
	SINK_PID=$!
	for _ in $(seq 100); do
		[[ -s $T/port ]] && break
		sleep 0.1
	done
	PORT=$(cat "$T/port" 2>/dev/null)
	if [[ -z $PORT ]]; then
		echo "FATAL: the SMTP sink did not start" >&2
		cat "$T/sink.log" >&2
		exit 1
	fi
}

# A plan of two units; on Monday 2024-01-22: vp-1 (7 days late, after an
# extension) and tt-1 overdue, vp-2 and tt-2 due soon, vp-3 later, vp-4
# done. Heads: hang.nt (vp) and minh.lv (tt), and lan.pt (no email);
# the office: thu.tv.
write_setup() {
	cat >"$PLANS/remind.yaml" <<'YAML'
kehoach: 1
plan:
  id: tet
  title: "Kế hoạch công tác Tết Giáp Thìn"
  issuer: "Sở Thông tin và Truyền thông"
  from: 2024-01-01
  to: 2024-03-01
units:
  - id: vp
    name: "Văn phòng Sở"
    duties:
      - { id: vp-1, text: "Trực Tết và bảo đảm an toàn", due: 2024-01-10 }
      - { id: vp-2, text: "Báo cáo tình hình đón Tết", due: 2024-01-23 }
      - { id: vp-3, text: "Tổng kết công tác", due: 2024-02-20 }
      - { id: vp-4, text: "Đã xong", due: 2024-01-10 }
  - id: tt
    name: "Thanh tra Sở"
    duties:
      - { id: tt-1, text: "Kiểm tra việc chấp hành", due: 2024-01-20 }
      - { id: tt-2, text: "Thanh tra đột xuất", due: 2024-01-24 }
YAML
	kh sync
	kh --today 2024-01-09 done vp-4
	kh --today 2024-01-12 extend vp-1 --to 2024-01-15 --reason "chờ kinh phí"
	write_config '["msmtp", "--host=127.0.0.1", "--port='"$PORT"'", "--from=kehoach@so.example.gov.vn", "-t"]'
}

# write_config SENDMAIL [EXTRA]: the configuration, with that command.
write_config() {
	cat >"$T/kehoach.yaml" <<YAML
heads:
  hang.nt: [vp]
  minh.lv: [tt]
  lan.pt: [vp]
office: [thu.tv]
sendmail: $1
mail_from: kehoach@so.example.gov.vn
people:
  hang.nt: { name: "Nguyễn Thị Hằng", email: hang.nt@so.example.gov.vn }
  minh.lv: { name: "Lê Văn Minh", email: minh.lv@so.example.gov.vn }
  lan.pt: { name: "Phạm Thị Lan" }
  thu.tv: { name: "Trần Văn Thu", email: thu.tv@so.example.gov.vn }
  ${ME:-me}: { name: "Đỗ Minh Tâm", email: tam.dm@so.example.gov.vn }
${2:-}
YAML
}
ME=$(id -un)

# rk ARGS…: kehoach in Vietnamese with the test's configuration.
rk() {
	KEHOACH_LANG=vi kh --config "$T/kehoach.yaml" "$@"
}

# decode FILE: the message's To, Subject, body and attachments, decoded
# with Python's email package (one field a line: To:, Subject:, Body:,
# Attachment: NAME, and the PDF written beside the message as FILE.N.pdf).
decode() {
	python3 - "$1" <<'PY'
import email, email.policy, sys
path = sys.argv[1]
with open(path, "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
print("To:", msg["To"])
print("From:", msg["From"])
print("Subject:", msg["Subject"])
print("Type:", msg.get_content_type())
body = msg.get_body(preferencelist=("plain",))
print("Charset:", body.get_content_charset())
print("Encoding:", body["Content-Transfer-Encoding"])
print("Body:")
print(body.get_content())
n = 0
for part in msg.iter_attachments():
    n += 1
    print("Attachment:", part.get_filename(), part.get_content_type())
    with open("%s.%d.pdf" % (path, n), "wb") as out:
        out.write(part.get_content())
PY
}

# to_file ADDRESS: the message in $MAIL sent to ADDRESS, or nothing.
to_file() {
	grep -l -i "^To:.*$1" "$MAIL"/*.eml 2>/dev/null
}

mail_count() {
	find "$MAIL" -name '*.eml' | wc -l
}

# ---------------------------------------------------------------------------
begin_test "remind: one message per head with email, and the office's summary"
start_sink
write_setup
rk --today 2024-01-22 remind
expect_exit 0 "remind"
expect_eq "nothing on stderr" "" "$ERR"
expect_eq "three messages: two heads and the office" 3 "$(mail_count)"
expect_match "said whom it reminded" "$OUT" '^Đã nhắc Nguyễn Thị Hằng \(hang.nt\) <hang.nt@so.example.gov.vn>'
HANG=$(to_file hang.nt@)
expect_file "hang.nt's message" "$HANG"
D=$(decode "$HANG")
expect_match "the subject, decoded, in Vietnamese" "$D" '^Subject: Việc cần làm ngày 22/01/2024: 1 việc quá hạn, 1 việc sắp đến hạn$'
expect_match "the recipient's name, decoded" "$D" '^To: Nguyễn Thị Hằng <hang.nt@so.example.gov.vn>$'
expect_match "the sender, named in Vietnamese" "$D" '^From: Đôn đốc kế hoạch công tác <kehoach@so.example.gov.vn>$'
expect_match "multipart/mixed" "$D" '^Type: multipart/mixed$'
expect_match "UTF-8 text" "$D" '^Charset: utf-8$'
expect_match "quoted-printable" "$D" '^Encoding: quoted-printable$'
expect_match "the greeting" "$D" '^Kính gửi Nguyễn Thị Hằng,$'
expect_match "the overdue duty" "$D" 'vp-1  Trực Tết và bảo đảm an toàn'
expect_match "how late, and the extension" "$D" 'hạn 15/01/2024, trễ 7 ngày, gia hạn từ 10/01/2024 \(lý do: chờ kinh phí\)'
expect_match "the duty due soon" "$D" 'vp-2  Báo cáo tình hình đón Tết'
expect_not_contains "not a later duty" "$D" "vp-3"
expect_not_contains "not a done duty" "$D" "vp-4"
expect_not_contains "not another unit's" "$D" "tt-1"
expect_match "the checklist attached, its name encoded" "$D" '^Attachment: Danh sách kiểm tra tet vp.pdf application/pdf$'
if grep -qi "filename\*=utf-8''" "$HANG"; then pass; else fail "RFC 2231 filename" "filename*=utf-8''…" "$(grep -i filename "$HANG")"; fi
if grep -qi '^Subject: =?utf-8?' "$HANG"; then pass; else fail "RFC 2047 subject" "=?utf-8?…" "$(grep '^Subject' "$HANG")"; fi
run pdftotext "$HANG.1.pdf" -
expect_exit 0 "pdftotext reads the PDF"
expect_contains "the checklist: the plan" "$OUT" "Kế hoạch công tác Tết Giáp Thìn"
expect_contains "the checklist: the unit's duty" "$OUT" "Trực Tết và bảo đảm an toàn"
expect_not_contains "the checklist: not another unit's" "$OUT" "Kiểm tra việc chấp hành"
MINH=$(to_file minh.lv@)
D=$(decode "$MINH")
expect_match "minh.lv: his unit's overdue duty" "$D" 'tt-1  Kiểm tra việc chấp hành'
expect_match "minh.lv: 2 days late" "$D" 'hạn 20/01/2024, trễ 2 ngày$'
expect_not_contains "minh.lv: not vp's" "$D" "vp-1"
THU=$(to_file thu.tv@)
D=$(decode "$THU")
expect_match "the office: the summary's subject" "$D" '^Subject: Tổng hợp tình hình thực hiện nhiệm vụ ngày 22/01/2024: 2 việc quá hạn$'
expect_contains "the office: the summary table" "$D" "Thanh tra Sở"
expect_contains "the office: the total" "$D" "Tổng số"
expect_eq "nobody reminded without an email" "" "$(to_file lan.pt)"

begin_test "remind: history shows each reminded duty as đôn đốc"
cp "$TEST_ROOT"/01-*/kehoach.db "$DB"
cp "$TEST_ROOT"/01-*/kehoach.yaml "$T/"
cp "$TEST_ROOT"/01-*/plans/* "$PLANS/"
rk history vp-1
expect_exit 0 "history"
expect_match "the reminder, to whom" "$OUT" 'tet/vp-1  đôn đốc Nguyễn Thị Hằng \(hang.nt\) <hang.nt@so.example.gov.vn>'
rk history tt-1
expect_match "minh.lv's" "$OUT" 'đôn đốc Lê Văn Minh'
rk history vp-3
expect_not_contains "not a duty the reminder did not list" "$OUT" "đôn đốc"
kh --config "$T/kehoach.yaml" history --format json vp-1
expect_contains "JSON: the reminder" "$OUT" '"reminded": "hang.nt"'
kh --today 2024-01-22 undo
expect_exit 0 "undo"
expect_contains "undo undoes the latest change, not a reminder" "$OUT" "vp-1"

begin_test "remind: nothing twice the same day; --dry-run sends nothing"
start_sink
write_setup
rk --today 2024-01-22 remind --to hang.nt
expect_exit 0 "the first"
expect_eq "one message" 1 "$(mail_count)"
rk --today 2024-01-22 remind
expect_exit 0 "the second run"
expect_eq "only the others" 3 "$(mail_count)"
expect_match "hang.nt: already reminded" "$OUT" '^Nguyễn Thị Hằng \(hang.nt\): đã nhắc hôm nay'
rk --today 2024-01-22 remind
expect_eq "a third run sends nothing" 3 "$(mail_count)"
expect_contains "says so" "$OUT" "Không có thư nhắc nào cần gửi."
rk --today 2024-01-23 remind --dry-run
expect_exit 0 "--dry-run"
expect_eq "--dry-run sends nothing" 3 "$(mail_count)"
expect_match "--dry-run shows the message" "$OUT" '^Tiêu đề: Việc cần làm ngày 23/01/2024'
expect_match "--dry-run shows the attachment" "$OUT" '^Đính kèm: Danh sách kiểm tra tet vp.pdf'
expect_contains "--dry-run: who has no email" "$OUT" "lan.pt: không có email"
rk --today 2024-01-23 remind --to hang.nt
expect_eq "the next day, again" 4 "$(mail_count)"
rk --today 2024-01-23 remind --to nobody.here
expect_exit 1 "--to someone unknown"

begin_test "remind: nothing on a day off unless --force"
start_sink
write_setup
rk --today 2024-01-20 remind
expect_exit 0 "a Saturday"
expect_eq "nothing sent on a Saturday" 0 "$(mail_count)"
expect_contains "says why" "$OUT" "20/01/2024 không phải ngày làm việc"
rk --today 2024-02-12 remind
expect_exit 0 "Monday in the Tết holiday"
expect_eq "nothing sent in the Tết holiday" 0 "$(mail_count)"
expect_contains "says why (Tết)" "$OUT" "12/02/2024 không phải ngày làm việc"
write_config '["msmtp", "--host=127.0.0.1", "--port='"$PORT"'", "--from=kehoach@so.example.gov.vn", "-t"]' \
	$'holidays:\n  2024: [2024-01-23]'
rk --today 2024-01-23 remind
expect_eq "nothing on a day off the configuration adds" 0 "$(mail_count)"
rk --today 2024-01-21 remind --force --to minh.lv
expect_exit 0 "--force"
expect_eq "--force sends" 1 "$(mail_count)"

begin_test "remind: remind_attach none; a failing sendmail"
start_sink
write_setup
write_config '["msmtp", "--host=127.0.0.1", "--port='"$PORT"'", "--from=kehoach@so.example.gov.vn", "-t"]' "remind_attach: none"
rk --today 2024-01-22 remind --to hang.nt
D=$(decode "$(to_file hang.nt@)")
expect_match "text only" "$D" '^Type: text/plain$'
expect_not_contains "no attachment" "$D" "Attachment:"
write_config '["false"]'
rk --today 2024-01-22 remind --to minh.lv
expect_exit 1 "sendmail fails"
expect_eq "one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
expect_match "naming the person" "$ERR" '^kehoach: .*Lê Văn Minh \(minh.lv\) <minh.lv@so.example.gov.vn>.*false'
write_config '["msmtp", "--host=127.0.0.1", "--port='"$PORT"'", "--from=kehoach@so.example.gov.vn", "-t"]'
rk --today 2024-01-22 remind --to minh.lv
expect_exit 0 "not recorded when it failed: sent now"
expect_eq "minh.lv's, now" 2 "$(mail_count)"
write_config '["msmtp", "--host=127.0.0.1", "--port=1", "-t"]'
rk --today 2024-01-22 remind --to thu.tv
expect_exit 1 "no MTA listening"
expect_eq "nothing more" 2 "$(mail_count)"

begin_test "checklist --mail: to oneself, or to the person named"
start_sink
write_setup
rk --today 2024-01-22 checklist --unit tt --mail
expect_exit 0 "checklist --mail"
D=$(decode "$(to_file tam.dm@)")
expect_match "to the user running it" "$D" '^To: Đỗ Minh Tâm <tam.dm@so.example.gov.vn>$'
expect_match "the PDF" "$D" '^Attachment: .*\.pdf application/pdf$'
run pdftotext "$(to_file tam.dm@).1.pdf" -
expect_contains "the unit's duties" "$OUT" "Kiểm tra việc chấp hành"
rk --today 2024-01-22 checklist --unit tt --mail minh.lv
expect_exit 0 "checklist --mail LOGIN"
expect_file "to minh.lv" "$(to_file minh.lv@)"
rk --today 2024-01-22 checklist --unit tt --mail lan.pt
expect_exit 1 "nobody's email"
expect_contains "says so" "$ERR" "lan.pt"
rk --today 2024-01-22 checklist --unit tt minh.lv
expect_exit 2 "a login without --mail"
expect_contains "says it goes with --mail" "$ERR" "checklist --mail LOGIN"

begin_test "configuration: sendmail, mail_from and remind_attach are checked"
write_config '[]'
rk remind --dry-run
expect_exit 1 "an empty sendmail"
write_config '["msmtp"]' "mail_from: not-an-address"
rk remind --dry-run
expect_exit 1 "a bad mail_from"
write_config '["msmtp"]' "remind_attach: docx"
rk remind --dry-run
expect_exit 1 "a bad remind_attach"

stop_sink
summary
