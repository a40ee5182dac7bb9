# Plans over the years: a plan rolled to the next Tết and archived leaves
# the views of current work, keeps its statuses with its outcomes frozen
# on the day it was archived, is listed by `kehoach plans`, and still
# prints when named; bare ids mean the current plan's duty; archiving is
# the office's once heads are set.
#
#     bash tests/cli/archive.sh build/kehoach
source "$(dirname "$0")/lib.sh" "$@"

HT=$REPO_PLANS/ha-tinh-tet-2022.yaml

begin_test "roll --archive: only the new plan is current work"
cp "$HT" "$PLANS/"
kh --today 2022-01-25 "done" vp-1
expect_exit 0
kh --today 2027-01-10 roll "$PLANS/ha-tinh-tet-2022.yaml" --to 2027 --archive \
	-o "$PLANS/ha-tinh-tet-2027.yaml"
expect_exit 0 "roll --archive"
expect_contains "it says the old plan is archived" "$ERR" "stttt-ht-tet-2022 archived on 10/01/2027"
kh --today 2027-01-10 units --format json
expect_exit 0
expect_eq "units: only the 2027 plan" "stttt-ht-tet-2027" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted({u["plan"] for u in json.load(sys.stdin)})))' <<<"$OUT")"
kh --today 2027-03-01 list --overdue --format json
expect_eq "list --overdue: only 2027 duties" "stttt-ht-tet-2027" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted({r["plan"] for r in json.load(sys.stdin)})))' <<<"$OUT")"
kh --today 2027-03-01 stats --format json
expect_eq "stats: only the 2027 plan" "stttt-ht-tet-2027" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted({r["plan"] for r in json.load(sys.stdin)["units"]})))' <<<"$OUT")"
kh --today 2027-01-12 "done" vp-1
expect_exit 0 "done vp-1: the bare id means the current plan's"
expect_eq "…the 2027 duty is done (state 2)" "2" \
	"$(sql "SELECT a.state FROM assignment a JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key WHERE p.id = 'stttt-ht-tet-2027' AND d.id = 'vp-1'")"
kh show stttt-ht-tet-2022/vp-1
expect_contains "the archived plan's duty by its full name, still done" "$OUT" "done, done on 25/01/2022"

begin_test "plans: current and archived, counts frozen on the day of archiving"
cp "$HT" "$PLANS/"
kh --today 2022-02-10 archive stttt-ht-tet-2022 --note "hết kỳ"
expect_exit 0 "archive"
first_frozen='' days_late=''
for day in 2022-03-01 2024-06-01; do
	kh --today $day plans --format json
	expect_exit 0 "plans on $day"
	expect_eq "$day: the plan, archived, its overdue count as on 10/02/2022" \
		"stttt-ht-tet-2022 True 2022-02-10 43" \
		"$(python3 -c 'import json,sys; p = json.load(sys.stdin)[0]; print(p["plan"], p["archived"], p["archived_on"], p["total"])' <<<"$OUT")"
	frozen=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["overdue"])' <<<"$OUT")
	: "${first_frozen:=$frozen}"
	expect_eq "$day: overdue frozen" "$first_frozen" "$frozen"
	kh --today $day list --archived --format json
	late=$(python3 -c 'import json,sys; print(max(r["days_late"] for r in json.load(sys.stdin)))' <<<"$OUT")
	: "${days_late:=$late}"
	expect_eq "$day: days late frozen too" "$days_late" "$late"
done
expect_ne "something was overdue when archived" "0" "$first_frozen"
kh --today 2024-06-01 units
expect_contains "units says why it shows nothing" "$OUT" "1 plan is archived"
kh --today 2024-06-01 units --archived --format json
expect_ne "units --archived shows it" "[]" "$OUT"
kh --today 2024-06-01 checklist --plan stttt-ht-tet-2022 --unit vp
expect_exit 0 "a checklist of the archived plan, named"
expect_contains "…prints its duties" "$OUT" "vp-1"
expect_eq "the archiving is in the plans' history" "1|hết kỳ" \
	"$(sql 'SELECT count(*), note FROM plan_history')"
kh --today 2024-06-01 unarchive stttt-ht-tet-2022
expect_exit 0 "unarchive"
kh --today 2024-06-01 units --format json
expect_ne "current again" "[]" "$OUT"
kh --today 2024-06-01 plans --format json
expect_eq "…and no longer frozen: overdue as of today" "False" \
	"$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["archived"])' <<<"$OUT")"

begin_test "archive is the office's once heads are set"
cp "$HT" "$PLANS/"
printf 'heads:\n  %s: [vp]\n' "$OS_USER" >"$T/head.yaml"
printf 'heads:\n  someone-else: [vp]\noffice: [%s]\n' "$OS_USER" >"$T/office.yaml"
kh --config "$T/head.yaml" archive stttt-ht-tet-2022
expect_exit 1 "a head may not archive"
expect_contains "…only the office may" "$ERR" "only the office"
expect_eq "nothing recorded" "0" "$(sql 'SELECT count(*) FROM plan_history')"
kh --config "$T/office.yaml" archive stttt-ht-tet-2022
expect_exit 0 "the office may"
kh --config "$T/office.yaml" unarchive stttt-ht-tet-2022 --note $'bad \xff'
expect_exit 2 "a note that is not UTF-8, checked as every text option is"
expect_eq "…nothing recorded" "1" "$(sql 'SELECT count(*) FROM plan_history')"
kh archive no-such-plan
expect_exit 1 "an unknown plan"
expect_contains "…says so" "$ERR" "no plan 'no-such-plan'"

begin_test "names: every suggestion works as typed; a head's bare group id is their part"
sync_fixtures small.yaml
sed 's/id: thu-nghiem$/id: thu-nghiem-2/' "$CLI_DATA/small.yaml" >"$PLANS/second.yaml"
kh "done" chung-1
expect_exit 1 "a group duty's id in two plans"
suggestions=$(sed -n "s/.*say which: //p" <<<"$ERR" | tr -d ',')
expect_contains "…suggests the unit too" "$suggestions" "thu-nghiem/chung-1@vp"
for name in $suggestions; do
	kh reopen "$name"
	expect_exit 0 "the suggestion '$name' works as typed"
done
printf 'heads:\n  %s: [vp]\n' "$OS_USER" >"$T/head.yaml"
kh --config "$T/head.yaml" "done" thu-nghiem/chung-1
expect_exit 0 "a head of vp names the group's duty without @vp"
expect_eq "…and marks vp's part of it" "thu-nghiem/chung-1@vp: done" "$OUT"

summary
