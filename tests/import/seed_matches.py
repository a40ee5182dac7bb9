#!/usr/bin/env python3
"""The seed check of kehoach import (issue 15): the plan imported from
the Hà Tĩnh directive has the hand-made plan's seven units, its group of
six, its 23 duty texts word for word and its refs, the number 77/STTTT-VP
and the day 19/01/2022.

usage: seed_matches.py IMPORTED.yaml HAND.yaml  (prints each difference;
exit 1 when there is one)"""
import datetime
import sys

import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def main():
    got, want = load(sys.argv[1]), load(sys.argv[2])
    problems = []

    def same(what, expected, actual):
        if expected != actual:
            problems.append(f"{what}: expected {expected!r}, got {actual!r}")

    same("number", want["plan"]["number"], got["plan"].get("number"))
    same("issued", datetime.date(2022, 1, 19), got["plan"].get("issued"))
    same("units", [u["name"] for u in want["units"]], [u["name"] for u in got["units"]])
    ids = {u["id"]: u["name"] for u in got["units"]}
    want_ids = {u["id"]: u["name"] for u in want["units"]}
    for w, g in zip(want["units"], got["units"]):
        if "members" in w:
            same(f"members of {w['name']}",
                 [want_ids[m] for m in w["members"]],
                 [ids.get(m, m) for m in g.get("members", [])])
        wd, gd = w.get("duties", []), g.get("duties", [])
        same(f"number of duties of {w['name']}", len(wd), len(gd))
        for i, (a, b) in enumerate(zip(wd, gd)):
            same(f"text of {w['name']} duty {i + 1}", a["text"], b["text"])
            same(f"refs of {w['name']} duty {i + 1}", a.get("refs", []), b.get("refs", []))
    total = sum(len(u.get("duties", [])) for u in got["units"])
    same("duties", 23, total)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
