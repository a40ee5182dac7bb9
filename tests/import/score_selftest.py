#!/usr/bin/env python3
"""Self-test of score.py, on the corpus's hand transcriptions.

    score_selftest.py [KEHOACH_BIN]

With a kehoach binary (argument or $KEHOACH_BIN), also checks that
deadlines are compared as days. Exits 0 when every check passes.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCORE = os.path.join(HERE, "score.py")
CORPUS = os.path.join(HERE, "..", "data", "directives")
QT = os.path.join(CORPUS, "quang-tri-sgddt-tet-2025.expected.yaml")

failures = 0


def run(imported, expected, *opts):
    r = subprocess.run([sys.executable, SCORE, *opts, imported, expected],
                       capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items()
                            if k != "KEHOACH_BIN"})
    return r.returncode, r.stdout, r.stderr


def check(name, ok, detail=""):
    global failures
    if ok:
        print(f"ok   {name}")
    else:
        failures += 1
        print(f"FAIL {name}\n{detail}")


def mutated(path, *pairs):
    """A copy of `path` with each (old, new) replaced once; old must occur."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for old, new in pairs:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    fd, out = tempfile.mkstemp(suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return out


def summary(imported, expected, *opts):
    rc, out, err = run(imported, expected, "--json", *opts)
    return rc, json.loads(out)


# --- the corpus itself ------------------------------------------------------

SOURCES = {
    "quang-tri-sgddt-tet-2025": ("quang-tri-sgddt-tet-2025.txt", "utf-8"),
    "nam-dinh-syt-cv-2024": ("nam-dinh-syt-cv-2024.txt", "cp1258"),
    "yen-thanh-ubnd-ct-2023": ("yen-thanh-ubnd-ct-2023.txt", "utf-8"),
}
WNS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path):
    """The text of a .docx as make_corpus_docx.py --txt renders it: body
    paragraphs one a line, Word's numbering as "N. " (level 0) and "- "
    (level 1), a table row's cells joined by tabs, line by line."""
    import xml.etree.ElementTree as ET
    import zipfile
    with zipfile.ZipFile(path) as z:
        body = ET.fromstring(z.read("word/document.xml")).find(WNS + "body")

    def ptext(p):
        return "".join(t.text or "" for t in p.iter(WNS + "t"))
    lines, n, last = [], 0, None
    for el in body:
        if el.tag == WNS + "p":
            lvl = el.find(f"{WNS}pPr/{WNS}numPr/{WNS}ilvl")
            kind = None if lvl is None else int(lvl.get(WNS + "val"))
            if kind is None and last is not None and lines:
                lines.append("")  # the blank line after a list
            if kind == 0:
                n += 1
                lines.append(f"{n}. {ptext(el)}")
            elif kind == 1:
                lines.append("- " + ptext(el))
            elif ptext(el) or lines and lines[-1] != "":
                lines.append(ptext(el))
            last = kind
        elif el.tag == WNS + "tbl":
            for tr in el.iter(WNS + "tr"):
                cells = [[ptext(p) for p in tc.iter(WNS + "p")]
                         for tc in tr.iter(WNS + "tc")]
                for i in range(max(len(c) for c in cells)):
                    lines.append("\t".join(c[i] if i < len(c) else ""
                                           for c in cells).rstrip("\t"))
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def corpus_checks(kehoach):
    import re
    import unicodedata
    import yaml
    for stem, (src, enc) in SOURCES.items():
        with open(os.path.join(CORPUS, src), "rb") as f:
            raw = f.read()
        text = raw.decode(enc)
        if enc == "utf-8":
            check(f"corpus: {src} is NFC",
                  unicodedata.is_normalized("NFC", text))
        text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
        bullets = [l[2:] for l in text.split("\n") if re.match(r"[-+] ", l)]
        with open(os.path.join(CORPUS, stem + ".expected.yaml"),
                  encoding="utf-8") as f:
            plan = yaml.safe_load(f)
        texts = [d["text"] for u in plan["units"] for d in u.get("duties", [])]
        missing = [x for x in texts if x not in bullets]
        check(f"corpus: every duty of {stem} is a bullet of its source, "
              "word for word", not missing and 10 <= len(texts) <= 25,
              "\n".join(missing))
        if kehoach:
            r = subprocess.run([kehoach, "check", os.path.join(
                CORPUS, stem + ".expected.yaml")], capture_output=True,
                text=True, env=dict(os.environ, KEHOACH_LANG="en"))
            check(f"corpus: kehoach check {stem}.expected.yaml",
                  r.returncode == 0, r.stdout + r.stderr)
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "yt.docx")
        subprocess.run([sys.executable,
                        os.path.join(CORPUS, "make_corpus_docx.py"), out],
                       check=True)
        with open(os.path.join(CORPUS, "yen-thanh-ubnd-ct-2023.txt"),
                  encoding="utf-8") as f:
            want = f.read()
        # Blank lines are the .txt's layout, not the document's text.
        want = "".join(l for l in want.splitlines(True) if l.strip())
        got = "".join(l for l in docx_text(out).splitlines(True) if l.strip())
        check("corpus: the .docx reads back as yen-thanh-ubnd-ct-2023.txt "
              "(blank lines aside)",
              got == want, "".join(__import__("difflib").unified_diff(
                  want.splitlines(True), got.splitlines(True))))
        import zipfile
        with zipfile.ZipFile(out) as z:
            doc = z.read("word/document.xml").decode("utf-8")
        check("corpus: the .docx types no list numbers or dashes",
              "<w:t xml:space=\"preserve\">- " not in doc.split("Nơi nhận")[0]
              and "numPr" in doc)


def main():
    kehoach = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("KEHOACH_BIN")
    expected = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS)
                      if f.endswith(".expected.yaml"))
    check("the corpus has transcriptions", len(expected) >= 3, str(expected))
    corpus_checks(kehoach)

    # 1. Every transcription against itself: 100%, exit 0.
    for e in expected:
        rc, out, err = run(e, e)
        check(f"itself: {os.path.basename(e)}",
              rc == 0 and "(100.0%)" in out and "expected" not in out,
              out + err)

    tmp = []
    try:
        # 2. One due changed: less than 100%, exit 1, the field named.
        m = mutated(QT, ("due: 2025-01-20", "due: 2025-01-21"))
        tmp.append(m)
        rc, out, err = run(m, QT)
        check("one due changed: named, below 100%, exit 1",
              rc == 1 and "duty van-phong-so-1 due: expected \"2025-01-20\", "
              "got \"2025-01-21\"" in out and "score: 118/119" in out,
              out + err)
        rc, s = summary(m, QT)
        check("one due changed: --json",
              rc == 1 and s["matched"] == s["total"] - 1
              and s["mismatches"][0]["field"] == "duty van-phong-so-1 due"
              and not s["passed"], json.dumps(s, ensure_ascii=False))
        rc, out, err = run(m, QT, "--min", "99")
        check("one due changed: --min 99 passes", rc == 0, out + err)

        # 3. The same dates written otherwise: still 100%.
        m = mutated(QT, ("due: 2025-01-20", "due: 20/1/2025"),
                    ("due: tet-1", "due: Tết-1"), ("due: 23/12 ÂL", "due: 23/12AL"),
                    ("issued: 2025-01-06", "issued: 06/01/2025"))
        tmp.append(m)
        rc, out, err = run(m, QT)
        check("dates written in other forms of the same kind: 100%",
              rc == 0 and "(100.0%)" in out, out + err)

        # 4. A unit's id changed (everywhere): only its id field is lost.
        with open(QT, encoding="utf-8") as f:
            text = f.read().replace("phong-ke-hoach-tai-chinh", "pkhtc")
        fd, m = tempfile.mkstemp(suffix=".yaml")
        tmp.append(m)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        rc, s = summary(m, QT)
        fields = [x["field"] for x in s["mismatches"]]
        check("a unit id changed: one field lost",
              s["total"] - s["matched"] == 1
              and fields == ["unit \"Phòng Kế hoạch - Tài chính\" id"],
              json.dumps(s, ensure_ascii=False))

        # 5. A duty's text changed: its five fields missed, plus one extra.
        m = mutated(QT, ("trái quy định.\"", "trái quy định\""))
        tmp.append(m)
        rc, s = summary(m, QT)
        check("a duty's text changed: 5 missed + 1 extra",
              s["total"] == 120 and s["matched"] == 114
              and "closest imported duty" in s["mismatches"][0].get("note", ""),
              json.dumps(s, ensure_ascii=False))

        # 6. A wrong `with` and a missing ref.
        m = mutated(QT, ("with: [van-phong-so, phong-giao-duc-mam-non-tieu-hoc]",
                         "with: [van-phong-so]"),
                    ("        refs: [\"Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 "
                     "của Chính phủ\"]\n", ""))
        tmp.append(m)
        rc, out, err = run(m, QT)
        check("with and refs named",
              rc == 1 and "duty phong-ke-hoach-tai-chinh-3 with:" in out
              and "duty van-phong-so-3 refs: expected" in out
              and "score: 117/119" in out, out + err)

        # 7. Not a plan: exit 2.
        fd, m = tempfile.mkstemp(suffix=".yaml")
        tmp.append(m)
        with os.fdopen(fd, "w") as f:
            f.write("- just\n- a list\n")
        rc, out, err = run(m, QT)
        check("not a plan: exit 2", rc == 2 and "not a kehoach plan" in err,
              out + err)

        # 8. With kehoach, deadlines are days: tet+5 is 6/1 ÂL, tet-1 is
        # 2025-01-28; without it they are different forms.
        m = mutated(QT, ("due: tet+5", "due: 6/1 ÂL"),
                    ("due: tet-1", "due: 2025-01-28"))
        tmp.append(m)
        rc, out, err = run(m, QT)
        check("without kehoach: forms of different kinds differ",
              rc == 1 and "score: 117/119" in out, out + err)
        if kehoach:
            rc, out, err = run(m, QT, "--kehoach", kehoach)
            check("with kehoach: the same days match",
                  rc == 0 and "(100.0%)" in out, out + err)
            m2 = mutated(QT, ("due: tet+5", "due: 5/1 ÂL"))
            tmp.append(m2)
            rc, out, err = run(m2, QT, "--kehoach", kehoach)
            check("with kehoach: another day is named with both days",
                  rc == 1 and "2025-02-03 against 2025-02-02" in out, out + err)
        else:
            print("skip the checks that need a kehoach binary")
    finally:
        for t in tmp:
            os.unlink(t)

    print("score_selftest: " + ("all passed" if not failures
                                else f"{failures} failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
