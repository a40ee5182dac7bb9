#!/usr/bin/env python3
"""An independent oracle for the counting of results (tests/cli/outcomes.sh).

It knows nothing of kehoach's code: from a plan it writes itself and a
script of marks, it works out each assignment's outcome and days late as
of a day, and the figures of `kehoach stats`, and compares them with what
kehoach says.

  outcomes_oracle.py replay KEHOACH DB PLANS
      writes the scenario's plans into PLANS, runs its marks through
      kehoach, and at each checkpoint compares `list --format json`
      (outcome, days_late, due, due_plan, extended, cancelled, overdue,
      progress; `list --outcome W`) and `stats` in JSON and CSV with its
      filters. Prints one line per difference; exit 1 when any.
  outcomes_oracle.py big PLANS NAMES-DIR
      writes the 1270/BC-TCTTTg plan (14,068 done on time, 1,983 done
      late, 5,640 in time, 223 overdue as of BIG_TODAY) and, in NAMES-DIR,
      one file of duty names per `done --on DATE` call to make.
  outcomes_oracle.py big-expect KEHOACH DB PLANS
      compares `stats` (JSON, CSV) as of BIG_TODAY with the oracle.

The rules (the specification of the counting):
  done_on_time  done, and done_on <= effective deadline (or no deadline)
  done_late     done, done_on > effective deadline
  in_time       not done, deadline >= D or no deadline
  overdue       not done, deadline < D
  cancelled     withdrawn: in none of the four, not in total
  days_late     overdue: D - deadline; done_late: done_on - deadline; else 0
  due = done_on_time + done_late + overdue; rates over due, None when 0.
"""

import csv
import datetime
import io
import json
import os
import subprocess
import sys

OUTCOMES = ("done_on_time", "done_late", "in_time", "overdue", "cancelled")
COUNTS = ("total",) + OUTCOMES
RATES = ("rate_done", "rate_on_time", "rate_overdue")
TOLERANCE = 1e-9


def day(s):
    return datetime.date.fromisoformat(s) if s else None


# ---------------------------------------------------------------------------
# Plans: a plan is {"id", "title", "units": [{"id", "name", "members"?,
# "duties": [(id, due-or-None)]}]}; the YAML is written from it.

SCENARIO_PLANS = [
    {
        "id": "dem-ket-qua",
        "title": "Kế hoạch kiểm tra việc đếm kết quả thực hiện nhiệm vụ",
        "units": [
            {"id": "nhom", "name": "Các phòng chuyên môn", "members": ["vp", "tc", "tt"],
             "duties": [("nhom-1", "2024-01-19"), ("nhom-2", "2024-02-09"), ("nhom-3", None)]},
            {"id": "vp", "name": "Văn phòng Sở",
             "duties": [("vp-1", "2024-01-12"), ("vp-2", "2024-01-26"), ("vp-3", "2024-02-16"),
                        ("vp-4", None), ("vp-5", "2024-03-01")]},
            {"id": "tc", "name": "Phòng Tài chính",
             "duties": [("tc-1", "2024-01-12"), ("tc-2", "2024-01-19"), ("tc-3", "2024-02-02"),
                        ("tc-4", "2024-02-23"), ("tc-5", None)]},
            {"id": "tt", "name": "Thanh tra Sở",
             "duties": [("tt-1", "2024-01-26"), ("tt-2", "2024-02-09"), ("tt-3", "2024-03-08")]},
            {"id": "nv", "name": "Phòng Nội vụ",
             "duties": [("nv-1", "2024-01-15"), ("nv-2", "2024-01-29"), ("nv-3", "2024-02-12"),
                        ("nv-4", None)]},
        ],
    },
    {
        "id": "phu-tro",
        "title": "Kế hoạch phụ trợ",
        "units": [
            {"id": "vp", "name": "Văn phòng Sở",
             "duties": [("p-vp-1", "2024-01-20"), ("p-vp-2", "2024-02-05")]},
            {"id": "tc", "name": "Phòng Tài chính",
             "duties": [("p-tc-1", "2024-01-10"), ("p-tc-2", None)]},
        ],
    },
]

# The marks: (today, arguments after the command's global options). Each
# must succeed. "check" steps compare everything as of each day listed.
SCENARIO_STEPS = [
    ("2024-01-16", ["done", "vp-1", "--on", "2024-01-11"]),
    ("2024-01-16", ["done", "tc-1", "nv-1", "--on", "2024-01-15"]),
    ("2024-01-16", ["start", "tc-2"]),
    ("2024-01-16", ["progress", "tc-2", "40", "--note", "Đã xong phần đầu"]),
    ("check", ["2024-01-16", "2024-01-20"]),
    ("2024-01-22", ["done", "nhom-1@vp", "--on", "2024-01-18"]),
    ("2024-01-22", ["done", "nhom-1@tc", "--on", "2024-01-22"]),
    ("2024-01-22", ["extend", "tc-2", "--to", "2024-01-31", "--reason", "Chờ số liệu quý IV"]),
    ("2024-01-22", ["done", "vp-4", "p-vp-1", "--on", "2024-01-20"]),
    ("2024-01-22", ["extend", "nhom-2", "--to", "2024-02-16", "--reason", "Lùi theo Công văn 15/UBND"]),
    ("2024-01-22", ["cancel", "nv-2", "--reason", "Không còn phù hợp"]),
    ("check", ["2024-01-22", "2024-01-30"]),
    ("2024-02-01", ["done", "vp-2", "tt-1", "--on", "2024-01-31"]),
    ("2024-02-01", ["extend", "tc-2", "--clear"]),
    ("2024-02-01", ["progress", "tt-2", "nhom-2@vp", "75"]),
    ("2024-02-01", ["reopen", "tc-1"]),
    ("check", ["2024-02-01", "2024-02-10"]),
    ("2024-02-20", ["reopen", "nv-2"]),
    ("2024-02-20", ["cancel", "tc-4", "nhom-3@tt", "--reason", "Chuyển sang kế hoạch năm sau"]),
    ("2024-02-20", ["done", "nhom-2@tc", "--on", "2024-02-14"]),
    ("2024-02-20", ["done", "nv-3", "p-tc-1", "--on", "2024-02-20"]),
    ("2024-02-20", ["extend", "vp-5", "--to", "2024-03-15", "--reason", "Theo đề nghị của Văn phòng"]),
    ("2024-02-20", ["progress", "tt-3", "0"]),
    ("check", ["2024-02-20", "2024-03-10", "2024-03-20"]),
]

# The stats variants: options, each in JSON and CSV at every checkpoint.
STATS_VARIANTS = [
    [],
    ["--plan", "dem-ket-qua"],
    ["--plan", "phu-tro"],
    ["--unit", "tc"],
    ["--plan", "phu-tro", "--unit", "vp"],
    ["--from", "2024-01-15", "--to", "2024-01-31"],
    ["--from", "2024-01-29", "--to", "2024-02-29"],
    ["--from", "2024-01-20", "--to", "2024-02-10", "--unit", "vp"],
    ["--from", "2024-01-01", "--to", "2024-01-14"],
]


def yaml_text(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML one


def plan_yaml(plan):
    out = ["kehoach: 1", "plan:", "  id: " + plan["id"],
           "  title: " + yaml_text(plan["title"]),
           "  issuer: " + yaml_text("Sở Kế hoạch và Đầu tư"), "units:"]
    for u in plan["units"]:
        out.append("  - id: " + u["id"])
        out.append("    name: " + yaml_text(u["name"]))
        if u.get("members"):
            out.append("    members: [" + ", ".join(u["members"]) + "]")
        if u["duties"]:
            out.append("    duties:")
        for did, due in u["duties"]:
            out.append("      - id: " + did)
            out.append("        text: " + yaml_text("Nhiệm vụ " + did))
            if due:
                out.append("        due: " + due)
    return "\n".join(out) + "\n"


def write_plans(plans, folder):
    for p in plans:
        with open(os.path.join(folder, p["id"] + ".yaml"), "w", encoding="utf-8") as f:
            f.write(plan_yaml(p))


# ---------------------------------------------------------------------------
# Assignments and the marks.

class Assignment:
    def __init__(self, plan, duty, unit, unit_name, owner, due):
        self.plan, self.duty, self.unit, self.unit_name = plan, duty, unit, unit_name
        self.owner = owner
        self.due_plan = day(due)
        self.extended_to = None
        self.done_on = None
        self.cancelled = False
        self.progress = None      # None: never set; "?": not known any more
        self.key = (plan, duty, unit)

    def deadline(self):
        return self.extended_to or self.due_plan

    def outcome(self, today):
        if self.cancelled:
            return "cancelled"
        d = self.deadline()
        if self.done_on:
            return "done_late" if d and self.done_on > d else "done_on_time"
        return "overdue" if d and d < today else "in_time"

    def days_late(self, today):
        o = self.outcome(today)
        if o == "overdue":
            return (today - self.deadline()).days
        if o == "done_late":
            return (self.done_on - self.deadline()).days
        return 0


def assignments(plans):
    result = {}
    for p in plans:
        names = {u["id"]: u["name"] for u in p["units"]}
        for u in p["units"]:
            for did, due in u["duties"]:
                for m in u.get("members") or [u["id"]]:
                    a = Assignment(p["id"], did, m, names[m], u["id"], due)
                    result[a.key] = a
    return result


def resolve(assigns, name, whole_group):
    """The assignments a duty name means (ids are unique across plans)."""
    duty, _, unit = name.partition("@")
    found = [a for a in assigns.values() if a.duty == duty and (not unit or a.unit == unit)]
    if not found or (not unit and len(found) > 1 and not whole_group):
        raise ValueError("the scenario names %s, which is not one assignment" % name)
    return found


def split_args(args):
    """(names, options, positional value) of a mark's arguments."""
    names, opts, i = [], {}, 1
    while i < len(args):
        if args[i].startswith("--"):
            if args[i] == "--clear":
                opts["clear"] = True
                i += 1
            else:
                opts[args[i][2:]] = args[i + 1]
                i += 2
        else:
            names.append(args[i])
            i += 1
    return names, opts


def apply_mark(assigns, today, args):
    cmd = args[0]
    names, opts = split_args(args)
    value = None
    if cmd == "progress":
        value = int(names.pop())
    targets = [a for n in names for a in resolve(assigns, n, cmd in ("extend", "cancel"))]
    for a in targets:
        if cmd == "done":
            a.done_on = day(opts.get("on", today))
            a.progress = "?"
        elif cmd == "start":
            pass
        elif cmd == "reopen":
            a.done_on = None
            a.cancelled = False
            a.progress = "?"
        elif cmd == "progress":
            a.progress = value
        elif cmd == "extend":
            a.extended_to = None if opts.get("clear") else day(opts["to"])
        elif cmd == "cancel":
            a.cancelled = True
            a.progress = "?"
        else:
            raise ValueError("unknown mark " + cmd)


# ---------------------------------------------------------------------------
# The figures.

def option(opts, name):
    return opts[opts.index(name) + 1] if name in opts else None


def kept(a, today, frm, to):
    """Whether --from/--to keep an assignment; raises when the rule does
    not say (a cancelled one with its deadline before --from)."""
    if frm is None and to is None:
        return True
    lo = day(frm) or datetime.date.min
    hi = day(to) or datetime.date.max
    d = a.deadline()
    if d and lo <= d <= hi:
        return True
    if a.done_on and not a.cancelled and lo <= a.done_on <= hi:
        return True
    if d and d < lo:
        if a.cancelled and not a.done_on:
            raise LookupError("cancelled with its deadline before --from")
        return not a.done_on or a.done_on >= lo
    return False


def figures(rows, today):
    f = dict.fromkeys(COUNTS, 0)
    f["max_days_late"] = 0
    for a in rows:
        o = a.outcome(today)
        f[o] += 1
        if o != "cancelled":
            f["total"] += 1
        f["max_days_late"] = max(f["max_days_late"], a.days_late(today))
    due = f["done_on_time"] + f["done_late"] + f["overdue"]
    f["rate_done"] = (f["done_on_time"] + f["done_late"]) / due if due else None
    f["rate_on_time"] = f["done_on_time"] / due if due else None
    f["rate_overdue"] = f["overdue"] / due if due else None
    return f


def expected_stats(assigns, today, opts):
    plan, unit = option(opts, "--plan"), option(opts, "--unit")
    frm, to = option(opts, "--from"), option(opts, "--to")
    chosen = [a for a in assigns.values()
              if (plan is None or a.plan == plan) and (unit is None or a.unit == unit)
              and kept(a, today, frm, to)]
    units = {}
    for a in chosen:
        units.setdefault((a.plan, a.unit), []).append(a)
    rows = {}
    for key, rs in units.items():
        rows[key] = figures(rs, today)
        rows[key]["name"] = rs[0].unit_name
    return rows, figures(chosen, today)


# ---------------------------------------------------------------------------
# Comparing.

class Report:
    def __init__(self):
        self.differences = []
        self.checks = 0

    def eq(self, what, expected, got):
        self.checks += 1
        if expected != got:
            self.differences.append("%s: expected %r, got %r" % (what, expected, got))

    def rate(self, what, expected, got):
        self.checks += 1
        if expected is None or got is None:
            ok = expected is None and got is None
        else:
            ok = isinstance(got, (int, float)) and abs(expected - got) <= TOLERANCE
        if not ok:
            self.differences.append("%s: expected %r, got %r" % (what, expected, got))

    def note(self, text):
        self.differences.append(text)


def kehoach(ctx, today, args):
    cmd = [ctx["kehoach"], "--db", ctx["db"], "--plans", ctx["plans"], "--today", today] + args
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def compare_list(rep, ctx, assigns, today):
    rc, out, err = kehoach(ctx, today, ["list", "--format", "json"])
    if rc != 0:
        rep.note("list --format json as of %s: exit %d: %s" % (today, rc, err.strip()))
        return
    try:
        rows = {(r["plan"], r["id"], r["unit"]): r for r in json.loads(out)}
    except (ValueError, KeyError, TypeError) as e:
        rep.note("list --format json as of %s: unreadable: %s" % (today, e))
        return
    d = day(today)
    for key, a in sorted(assigns.items()):
        what = "list as of %s, %s/%s@%s" % (today, *key)
        r = rows.get(key)
        o = a.outcome(d)
        if r is None:
            if o != "cancelled":
                rep.note(what + ": missing")
            continue
        rep.eq(what + " outcome", o, r.get("outcome"))
        rep.eq(what + " days_late", a.days_late(d), r.get("days_late"))
        rep.eq(what + " due", a.deadline() and a.deadline().isoformat(), r.get("due"))
        rep.eq(what + " due_plan", a.due_plan and a.due_plan.isoformat(), r.get("due_plan"))
        rep.eq(what + " extended", a.extended_to is not None, r.get("extended"))
        rep.eq(what + " cancelled", a.cancelled, r.get("cancelled"))
        rep.eq(what + " overdue", o == "overdue", r.get("overdue"))
        if a.progress != "?":
            rep.eq(what + " progress", a.progress, r.get("progress"))
    for key in rows:
        if key not in assigns:
            rep.note("list as of %s: an assignment no plan has: %r" % (today, key))
    for word in OUTCOMES:
        rc, out, err = kehoach(ctx, today, ["list", "--outcome", word, "--format", "json"])
        if rc != 0:
            rep.note("list --outcome %s as of %s: exit %d: %s" % (word, today, rc, err.strip()))
            continue
        got = sorted((r["plan"], r["id"], r["unit"]) for r in json.loads(out))
        want = sorted(k for k, a in assigns.items() if a.outcome(d) == word)
        rep.eq("list --outcome %s as of %s" % (word, today), want, got)


def compare_figures(rep, what, want, got, counts_only=False):
    for k in COUNTS:
        rep.eq("%s %s" % (what, k), want[k], got.get(k))
    for k in RATES:
        rep.rate("%s %s" % (what, k), want[k], got.get(k))
    if not counts_only or "max_days_late" in got:
        rep.eq("%s max_days_late" % what, want["max_days_late"], got.get("max_days_late"))


def is_empty_row(got):
    return all(got.get(k) in (0, None) for k in COUNTS)


def sort_key_ok(rows):
    """Rows sorted by overdue descending, then rate_done ascending (a row
    without a rate, due = 0, may stand anywhere among its equals)."""
    for x, y in zip(rows, rows[1:]):
        if x["overdue"] < y["overdue"]:
            return False
        if x["overdue"] == y["overdue"] and None not in (x["rate_done"], y["rate_done"]) \
                and x["rate_done"] > y["rate_done"] + TOLERANCE:
            return False
    return True


def compare_stats_rows(rep, what, want_rows, want_total, got_rows, got_total):
    seen = set()
    for r in got_rows:
        key = (r.get("plan"), r.get("unit"))
        if key in seen:
            rep.note("%s: two rows for %s/%s" % (what, *key))
        seen.add(key)
        if key not in want_rows:
            if not is_empty_row(r):
                rep.note("%s: a row for %s/%s, which has nothing here: %r" % (what, *key, r))
            continue
        compare_figures(rep, "%s %s/%s" % (what, *key), want_rows[key], r)
        rep.eq("%s %s/%s name" % (what, *key), want_rows[key]["name"], r.get("name"))
    for key in want_rows:
        if key not in seen:
            rep.note("%s: no row for %s/%s" % (what, *key))
    rep.checks += 1
    if not sort_key_ok(got_rows):
        rep.note("%s: rows not sorted by overdue desc, rate_done asc: %s" % (
            what, [(r.get("unit"), r.get("overdue"), r.get("rate_done")) for r in got_rows]))
    compare_figures(rep, what + " total", want_total, got_total, counts_only=True)


def csv_number(s, rate):
    s = s.strip()
    if s in ("", "null", "–", "-"):
        return None
    return float(s) if rate else int(s)


def read_csv_rows(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        for k in COUNTS + ("max_days_late",):
            if k in r and r[k] is not None:
                r[k] = csv_number(r[k], False)
        for k in RATES:
            if k in r and r[k] is not None:
                r[k] = csv_number(r[k], True)
    return rows


def compare_stats(rep, ctx, assigns, today, opts):
    what = "stats %s as of %s" % (" ".join(opts) or "(all)", today)
    try:
        want_rows, want_total = expected_stats(assigns, day(today), opts)
    except LookupError as e:
        print("# skipped %s: %s" % (what, e), file=sys.stderr)
        return
    rc, out, err = kehoach(ctx, today, ["stats"] + opts + ["--format", "json"])
    if rc != 0:
        rep.note("%s json: exit %d: %s" % (what, rc, err.strip()))
    else:
        try:
            d = json.loads(out)
            rep.eq(what + " as_of", today, d.get("as_of"))
            compare_stats_rows(rep, what + " json", want_rows, want_total, d["units"], d["total"])
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            rep.note("%s json: unreadable: %s: %s" % (what, e, out[:300]))
    rc, out, err = kehoach(ctx, today, ["stats"] + opts + ["--format", "csv"])
    if rc != 0:
        rep.note("%s csv: exit %d: %s" % (what, rc, err.strip()))
        return
    try:
        rows = read_csv_rows(out)
        if not rows:
            raise ValueError("no total row")
        compare_stats_rows(rep, what + " csv", want_rows, want_total, rows[:-1], rows[-1])
    except (ValueError, KeyError, TypeError) as e:
        rep.note("%s csv: unreadable: %s: %s" % (what, e, out[:300]))


def replay(ctx):
    write_plans(SCENARIO_PLANS, ctx["plans"])
    assigns = assignments(SCENARIO_PLANS)
    rep = Report()
    for today, args in SCENARIO_STEPS:
        if today == "check":
            for d in args:
                compare_list(rep, ctx, assigns, d)
                for opts in STATS_VARIANTS:
                    compare_stats(rep, ctx, assigns, d, opts)
            continue
        rc, _, err = kehoach(ctx, today, args)
        rep.eq("exit status of %s (as of %s); stderr %r" % (" ".join(args), today, err.strip()), 0, rc)
        apply_mark(assigns, today, args)
    return rep


# ---------------------------------------------------------------------------
# 1270/BC-TCTTTg: 16,274 assignments due, 98.63% done, 1.37% overdue.

BIG_TODAY = "2024-12-20"
BIG_COUNTS = {"done_on_time": 14068, "done_late": 1983, "in_time": 5640, "overdue": 223}
BIG_UNITS = ["bo-a", "bo-b", "bo-c", "bo-d", "bo-e"]
# Deadlines spread over weeks; (deadline, done on) per outcome, in turn.
BIG_DEADLINES = ["2024-10-15", "2024-11-01", "2024-11-20", "2024-12-05"]
BIG_LATER = ["2024-12-31", "2025-01-15", None]


def big_duties():
    """[(duty id, unit, due, done_on or None)], outcome by outcome."""
    duties, n = [], 0
    for outcome, count in BIG_COUNTS.items():
        for i in range(count):
            unit = BIG_UNITS[n % len(BIG_UNITS)]
            if outcome == "in_time":
                due, done = BIG_LATER[i % len(BIG_LATER)], None
            else:
                due = BIG_DEADLINES[i % len(BIG_DEADLINES)]
                delta = {"done_on_time": -(i % 2), "done_late": 1 + i % 12, "overdue": None}[outcome]
                done = None if delta is None else (day(due) + datetime.timedelta(days=delta)).isoformat()
            duties.append(("nv-%05d" % n, unit, due, done))
            n += 1
    return duties


def big_plan():
    units = {u: [] for u in BIG_UNITS}
    for did, unit, due, _ in big_duties():
        units[unit].append((did, due))
    return {"id": "bc-1270", "title": "Báo cáo 1270/BC-TCTTTg: tình hình thực hiện nhiệm vụ",
            "units": [{"id": u, "name": "Bộ " + u[-1].upper(), "duties": units[u]} for u in BIG_UNITS]}


def big_write(plans, names_dir):
    write_plans([big_plan()], plans)
    by_day = {}
    for did, _, _, done in big_duties():
        if done:
            by_day.setdefault(done, []).append(did)
    for done, names in sorted(by_day.items()):
        with open(os.path.join(names_dir, done), "w") as f:
            f.write("\n".join(names) + "\n")


def big_expect(ctx):
    assigns = assignments([big_plan()])
    for did, unit, _, done in big_duties():
        assigns[("bc-1270", did, unit)].done_on = day(done)
    rep = Report()
    compare_stats(rep, ctx, assigns, BIG_TODAY, [])
    return rep


def main(argv):
    if len(argv) == 4 and argv[0] in ("replay", "big-expect"):
        ctx = dict(zip(("kehoach", "db", "plans"), argv[1:]))
        rep = replay(ctx) if argv[0] == "replay" else big_expect(ctx)
        for line in rep.differences:
            print(line)
        print("# %d comparisons, %d differences" % (rep.checks, len(rep.differences)), file=sys.stderr)
        return 1 if rep.differences else 0
    if len(argv) == 3 and argv[0] == "big":
        big_write(argv[1], argv[2])
        return 0
    if len(argv) == 2 and argv[0] == "plans":
        write_plans(SCENARIO_PLANS, argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
