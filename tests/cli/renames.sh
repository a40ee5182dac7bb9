# A duty renamed in its plan file keeps its status, note and history when
# the new duty says `was: [OLD]`; renamed without it, the sync says which
# duty with marks left the plan and what to add; bad `was:` values are
# refused with file:line:column.
#
#     bash tests/cli/renames.sh build/kehoach
source "$(dirname "$0")/lib.sh" "$@"

begin_test "was: the renamed duty keeps status, note and history"
sync_fixtures small.yaml
kh --today 2022-01-20 "done" vp-2 --note "đã gửi báo cáo"
expect_exit 0
sed -i 's/- id: vp-2$/- id: vp-02\n        was: [vp-2]/' "$PLANS/small.yaml"
kh --today 2022-01-21 list --format json
expect_exit 0 "the renamed plan loads"
expect_eq "no warning" "" "$ERR"
expect_eq "vp-02 is done, with its note and day" "done|đã gửi báo cáo|2022-01-20" \
	"$(python3 -c 'import json,sys; r = [r for r in json.load(sys.stdin) if r["id"] == "vp-02"][0]; print(r["state"], r["note"], r["done_on"], sep="|")' <<<"$OUT")"
expect_not_contains "vp-2 is gone" "$OUT" '"id": "vp-2"'
kh --today 2022-01-21 list --search vp-02 --format tsv
expect_contains "a search finds it by its new id" "$OUT" "vp-02"
kh history vp-02
expect_contains "its history came with it" "$OUT" "todo → done"
kh undo
expect_exit 0 "the change can still be undone under the new name"
expect_contains "…named by its new id" "$OUT" "vp-02"

begin_test "renamed without was: the sync names the duty and what to add"
sync_fixtures small.yaml
kh --today 2022-01-20 "done" vp-1
sed -i 's/- id: vp-1$/- id: vp-01/' "$PLANS/small.yaml"
kh units
expect_exit 0
expect_contains "it names the duty that left" "$ERR" "duty vp-1 has marks"
expect_contains "…and suggests the was: to add" "$ERR" "If vp-01 is vp-1 renamed, add 'was: [vp-1]' to vp-01"
kh units
expect_eq "said once, when it happens" "" "$ERR"
# The advice, followed a sync later: vp-01 was loaded empty meanwhile.
sed -i 's/- id: vp-01$/- id: vp-01\n        was: [vp-1]/' "$PLANS/small.yaml"
kh --today 2022-01-21 list --format json
expect_exit 0 "the plan with the was: added loads"
expect_eq "vp-01 took over vp-1's status" "done" \
	"$(python3 -c 'import json,sys; print([r for r in json.load(sys.stdin) if r["id"] == "vp-01"][0]["state"])' <<<"$OUT")"
kh history vp-01
expect_contains "…and its history" "$OUT" "todo → done"

begin_test "bad was: values, with file, line and column"
sync_fixtures small.yaml
cp "$PLANS/small.yaml" "$T/bad.yaml"
sed -i 's/- id: vp-2$/- id: vp-02\n        was: [vp-3]/' "$T/bad.yaml"
kh check "$T/bad.yaml"
expect_exit 1 "was: naming a duty still there"
expect_match "…at its line and column" "$ERR" "bad.yaml:[0-9]+:[0-9]+: 'was: vp-3' names a duty this plan still has"
cp "$PLANS/small.yaml" "$T/twice.yaml"
sed -i -e 's/- id: vp-2$/- id: vp-02\n        was: [old-1]/' -e 's/- id: vp-3$/- id: vp-03\n        was: [old-1]/' "$T/twice.yaml"
kh check "$T/twice.yaml"
expect_exit 1 "the same old id claimed twice"
expect_contains "…says so" "$ERR" "'old-1' is in 'was' of two duties"
cp "$PLANS/small.yaml" "$T/badid.yaml"
sed -i 's/- id: vp-2$/- id: vp-02\n        was: [Bad Id]/' "$T/badid.yaml"
kh check "$T/badid.yaml"
expect_exit 1 "a was: that is no id"
expect_contains "…says so" "$ERR" "bad duty id 'Bad Id'"

begin_test "typos in heads: and office: are named by check and doctor, with file and line"
sync_fixtures small.yaml
printf 'heads:\n  %s: [vpp]\n  nosuch-%s: [vp]\noffice: [ghost-%s]\n' "$OS_USER" "$$" "$$" >"$T/rules.yaml"
for command in check doctor; do
	kh --config "$T/rules.yaml" $command
	expect_exit 0 "$command: warnings only"
	expect_contains "$command: a unit no plan has, at its line" "$ERR" \
		"$T/rules.yaml:2: warning: 'heads:' gives $OS_USER the unit 'vpp', which no current plan has"
	expect_contains "$command: a head who is no user" "$ERR" "$T/rules.yaml:3: warning: 'heads:' names 'nosuch-$$'"
	expect_contains "$command: an office login that is no user" "$ERR" "$T/rules.yaml:4: warning: 'office:' names 'ghost-$$'"
done
printf 'heads:\n  %s: [vp]\n' "$OS_USER" >"$T/good.yaml"
kh --config "$T/good.yaml" doctor
expect_eq "right rules: no warning" "" "$ERR"

summary
