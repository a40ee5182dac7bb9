#!/usr/bin/env python3
"""Score a plan made by `kehoach import` against a hand transcription.

    score.py IMPORTED.yaml EXPECTED.yaml [--min P] [--json] [--kehoach BIN]

Both files are v1 plans (docs/plan-format.md). The score is the share of
the transcription's fields that the imported plan gives the same:

  plan    number, issued, issuer, basis (the list, in order), title, tet:
          one field each (counted when either file has it)
  units   matched by name; for each unit of the transcription: the unit
          itself, its id, and its members when either side has some
          (compared as the set of the members' names)
  duties  matched by text, exactly (after Unicode NFC and stripping the
          ends); for each duty of the transcription: the duty itself, the
          unit it is in (by name), refs (the list, in order), due, and with
          (the set of the units' names). A duty that is not found counts as
          five fields missed.
  extra   every unit or duty of the imported plan that the transcription
          does not have counts as one more field, missed.

Units in `members`, `with` and a duty's unit are compared by name, so a
unit whose id differs from the transcription's costs its id field only.

A due is compared as a date: D/M/YYYY and YYYY-MM-DD are the same day;
tet, Tết, TET+0 are one form; "23/12 AL" is "23/12 ÂL". With --kehoach BIN
(or $KEHOACH_BIN) every due is resolved to its day by `BIN lunar DUE --tet
YEAR` (each file with its own `tet:`), so that tet+5 and 6/1 ÂL, or tet-1
and 2025-01-28, are the same deadline.

Prints each mismatch as "field: expected X, got Y", then
"score: M/N fields (P%)". Exits 0 when P reaches --min (default 100), 1
when it does not, 2 when a file cannot be read. --json prints a summary as
JSON instead.
"""

import argparse
import datetime
import difflib
import json
import os
import re
import subprocess
import sys
import unicodedata

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.stderr.write("score.py: needs PyYAML (Debian: python3-yaml)\n")
    sys.exit(2)


class PlanError(Exception):
    pass


def nfc(s):
    return unicodedata.normalize("NFC", str(s)).strip()


def scalar(v):
    """A YAML scalar as text: PyYAML reads 2025-01-20 as a date."""
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, bool):
        return "true" if v else "false"
    return nfc(v)


def text_list(v):
    if v is None:
        return []
    if not isinstance(v, list):
        return [scalar(v)]
    return [scalar(x) for x in v]


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise PlanError(f"{path}: {e}")
    if not isinstance(doc, dict) or not isinstance(doc.get("plan"), dict) \
            or not isinstance(doc.get("units"), list):
        raise PlanError(f"{path}: not a kehoach plan (plan: and units:)")
    plan = doc["plan"]
    units = []
    for u in doc["units"]:
        if not isinstance(u, dict):
            raise PlanError(f"{path}: a unit that is not a mapping")
        duties = []
        for d in u.get("duties") or []:
            if not isinstance(d, dict):
                raise PlanError(f"{path}: a duty that is not a mapping")
            duties.append({
                "id": scalar(d.get("id")),
                "text": scalar(d.get("text")) or "",
                "refs": text_list(d.get("refs")),
                "due": scalar(d.get("due")),
                "with": text_list(d.get("with")),
            })
        units.append({
            "id": scalar(u.get("id")),
            "name": scalar(u.get("name")) or "",
            "members": text_list(u.get("members")),
            "duties": duties,
        })
    tet = plan.get("tet")
    return {
        "path": path,
        "plan": {
            "number": scalar(plan.get("number")),
            "issued": scalar(plan.get("issued")),
            "issuer": scalar(plan.get("issuer")),
            "basis": text_list(plan.get("basis")) if "basis" in plan else None,
            "title": scalar(plan.get("title")),
            "tet": str(tet) if tet is not None else None,
        },
        "units": units,
    }


# --- dates -----------------------------------------------------------------

DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TET = re.compile(r"^t[eế]t(?:([+-])(\d{1,3}))?$", re.IGNORECASE)
LUNAR = re.compile(r"^(\d{1,2})/(\d{1,2})\s*(?:âl|al)$", re.IGNORECASE)


def norm_date(s):
    """A DATE in one written form per meaning (without resolving it)."""
    if s is None:
        return None
    t = nfc(s)
    m = DMY.match(t)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}"
    if ISO.match(t):
        return t
    m = TET.match(unicodedata.normalize("NFC", t))
    if m:
        sign, n = m.groups()
        if not n or int(n) == 0:
            return "tet"
        return f"tet{sign}{int(n)}"
    m = LUNAR.match(t)
    if m:
        return f"{int(m.group(1))}/{int(m.group(2))} ÂL"
    return t


class Resolver:
    """Days of DATEs, by `kehoach lunar`, cached."""

    def __init__(self, binary):
        self.binary = binary
        self.cache = {}

    def day(self, due, tet):
        if self.binary is None or due is None:
            return None
        key = (due, tet)
        if key not in self.cache:
            cmd = [self.binary, "lunar", due]
            if tet:
                cmd += ["--tet", tet]
            env = dict(os.environ, KEHOACH_LANG="en")
            try:
                r = subprocess.run(cmd, capture_output=True, text=True,
                                   env=env, timeout=30)
                m = re.match(r"\s*(\d{2})/(\d{2})/(\d{4})", r.stdout)
                self.cache[key] = (f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
                                   if r.returncode == 0 and m else None)
            except (OSError, subprocess.SubprocessError):
                self.cache[key] = None
        return self.cache[key]


# --- scoring ---------------------------------------------------------------

def show(v):
    if v is None:
        return "nothing"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(show(x) for x in v) + "]"
    if isinstance(v, (set, frozenset)):
        return show(sorted(v))
    return json.dumps(v, ensure_ascii=False)


def short(s, n=70):
    return s if len(s) <= n else s[:n - 1] + "…"


class Score:
    def __init__(self):
        self.matched = 0
        self.total = 0
        self.mismatches = []
        self.sections = {}

    def field(self, section, name, expected, got, same=None, note=None):
        ok = (expected == got) if same is None else same
        self.total += 1
        sec = self.sections.setdefault(section, [0, 0])
        sec[1] += 1
        if ok:
            self.matched += 1
            sec[0] += 1
        else:
            self.mismatches.append({"field": name, "expected": expected,
                                    "got": got, "note": note})
        return ok

    def missed(self, section, name, expected, got, count, note=None):
        """`count` fields missed at once, reported as one mismatch."""
        self.total += count
        sec = self.sections.setdefault(section, [0, 0])
        sec[1] += count
        self.mismatches.append({"field": name, "expected": expected,
                                "got": got, "note": note, "fields": count})


def score(imported, expected, resolver):
    s = Score()

    # The plan.
    for key in ("number", "issued", "issuer", "basis", "title", "tet"):
        e, g = expected["plan"][key], imported["plan"][key]
        if e is None and g is None:
            continue
        if key == "issued":
            s.field("plan", f"plan {key}", e, g,
                    same=norm_date(e) == norm_date(g))
        else:
            s.field("plan", f"plan {key}", e, g)

    # Units, by name.
    def names(plan):
        return {u["id"]: u["name"] for u in plan["units"]}
    e_names, g_names = names(expected), names(imported)

    def as_names(ids, table):
        return frozenset(table.get(i, f"?{i}") for i in ids)

    g_units = {}
    for u in imported["units"]:
        g_units.setdefault(u["name"], []).append(u)
    seen_units = set()
    for u in expected["units"]:
        cands = [g for g in g_units.get(u["name"], []) if id(g) not in seen_units]
        label = f"unit {show(u['name'])}"
        if not cands:
            close = difflib.get_close_matches(u["name"], list(g_units), 1, 0.6)
            n = 2 + (1 if u["members"] else 0)
            s.missed("units", label, u["name"], None, n,
                     note=(f"closest imported unit: {show(close[0])}"
                           if close else None))
            continue
        g = cands[0]
        seen_units.add(id(g))
        s.field("units", label, u["name"], g["name"])
        s.field("units", f"{label} id", u["id"], g["id"])
        if u["members"] or g["members"]:
            em, gm = as_names(u["members"], e_names), as_names(g["members"], g_names)
            s.field("units", f"{label} members", em, gm)
    for u in imported["units"]:
        if id(u) not in seen_units:
            s.field("units", f"unit {show(u['name'])}", None, u["name"],
                    same=False, note="not in the transcription")

    # Duties, by text.
    def duties(plan):
        out = []
        for u in plan["units"]:
            for d in u["duties"]:
                out.append((u, d))
        return out
    e_duties, g_duties = duties(expected), duties(imported)
    g_by_text = {}
    for ud in g_duties:
        g_by_text.setdefault(ud[1]["text"], []).append(ud)
    all_texts = list(g_by_text)
    e_tet, g_tet = expected["plan"]["tet"], imported["plan"]["tet"]
    used = set()
    for eu, ed in e_duties:
        label = f"duty {ed['id']}"
        cands = [x for x in g_by_text.get(ed["text"], []) if id(x[1]) not in used]
        if not cands:
            close = difflib.get_close_matches(ed["text"], all_texts, 1, 0.6)
            note = None
            if close:
                g = g_by_text[close[0]][0][1]
                note = f"closest imported duty {g['id']}: {show(close[0])}"
            s.missed("duties", f"{label} text", ed["text"], None, 5, note=note)
            continue
        gu, gd = cands[0]
        used.add(id(gd))
        s.field("duties", f"{label} text", ed["text"], gd["text"])
        s.field("duties", f"{label} unit", eu["name"], gu["name"])
        s.field("duties", f"{label} refs", ed["refs"], gd["refs"])
        # due
        e_day = resolver.day(ed["due"], e_tet)
        g_day = resolver.day(gd["due"], g_tet)
        if e_day and g_day:
            same = e_day == g_day
            note = None if same else f"{e_day} against {g_day}"
        else:
            same = norm_date(ed["due"]) == norm_date(gd["due"])
            note = None
        s.field("duties", f"{label} due", ed["due"], gd["due"], same=same,
                note=note)
        s.field("duties", f"{label} with", as_names(ed["with"], e_names),
                as_names(gd["with"], g_names))
    for gu, gd in g_duties:
        if id(gd) not in used:
            s.field("duties", f"duty {gd['id']} (imported)", None, gd["text"],
                    same=False,
                    note=f"not in the transcription; in unit {show(gu['name'])}")
    return s


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Score an imported plan against a hand transcription.")
    ap.add_argument("imported")
    ap.add_argument("expected")
    ap.add_argument("--min", type=float, default=100.0,
                    help="the percentage to reach for exit status 0 "
                         "(default 100)")
    ap.add_argument("--json", action="store_true",
                    help="print a JSON summary instead of the text report")
    ap.add_argument("--kehoach", default=os.environ.get("KEHOACH_BIN"),
                    help="a kehoach binary, to compare deadlines as days")
    args = ap.parse_args(argv)

    try:
        expected = load(args.expected)
        imported = load(args.imported)
    except PlanError as e:
        if args.json:
            print(json.dumps({"error": str(e)}, ensure_ascii=False))
        else:
            sys.stderr.write(f"score.py: {e}\n")
        return 2

    s = score(imported, expected, Resolver(args.kehoach))
    pct = 100.0 * s.matched / s.total if s.total else 100.0
    passed = s.matched * 100 >= args.min * s.total

    if args.json:
        def plain(v):
            if isinstance(v, (set, frozenset)):
                return sorted(v)
            return v
        print(json.dumps({
            "imported": args.imported,
            "expected": args.expected,
            "matched": s.matched,
            "total": s.total,
            "percent": round(pct, 2),
            "min": args.min,
            "passed": passed,
            "sections": {k: {"matched": v[0], "total": v[1]}
                         for k, v in s.sections.items()},
            "mismatches": [{k: plain(v) for k, v in m.items() if v is not None}
                           for m in s.mismatches],
        }, ensure_ascii=False, indent=2))
    else:
        for m in s.mismatches:
            line = (f"{m['field']}: expected {show(m['expected'])}, "
                    f"got {show(m['got'])}")
            extra = []
            if m.get("fields"):
                extra.append(f"{m['fields']} fields")
            if m.get("note"):
                extra.append(m["note"])
            if extra:
                line += " (" + "; ".join(extra) + ")"
            print(line)
        for k, v in s.sections.items():
            print(f"{k}: {v[0]}/{v[1]}")
        print(f"score: {s.matched}/{s.total} fields ({pct:.1f}%)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
