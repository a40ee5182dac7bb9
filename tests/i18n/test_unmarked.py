#!/usr/bin/env python3
"""The scanner of unmarked messages (unmarked.py) finds what it must:

- every message of fixtures/unmarked.c (the lines marked FOUND), and
  nothing in fixtures/marked.c;
- what the allow-list excuses is not reported, an entry that excuses
  nothing or gives no reason is;
- an unmarked message added to a copy of src/ fails the check of the real
  sources against the real allow-list, naming its file and line.

    test_unmarked.py [SOURCE_ROOT]
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCANNER = os.path.join(HERE, "unmarked.py")
FIXTURES = os.path.join(HERE, "fixtures")
ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", ".."))


def scan(*args):
    """Runs the scanner; returns (exit status, stderr)."""
    p = subprocess.run([sys.executable, SCANNER] + list(args),
                       capture_output=True, text=True)
    return p.returncode, p.stderr


def reported_lines(stderr, name):
    return sorted(int(n) for n in re.findall(r"^%s:(\d+): " % re.escape(name),
                                             stderr, re.M))


def found_lines(path):
    with open(path, encoding="utf-8") as f:
        return [n for n, line in enumerate(f, 1) if line.rstrip().endswith("/* FOUND */")]


class Fixtures(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        os.mkdir(os.path.join(self.tmp, "src"))
        shutil.copy(os.path.join(FIXTURES, "unmarked.c"),
                    os.path.join(self.tmp, "src", "unmarked.c"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_finds_every_unmarked_message(self):
        rc, err = scan("--root", self.tmp, os.path.join(self.tmp, "src"))
        self.assertEqual(rc, 1, err)
        self.assertEqual(reported_lines(err, "src/unmarked.c"),
                         found_lines(os.path.join(FIXTURES, "unmarked.c")), err)
        self.assertIn("is not marked for translation", err)

    def test_passes_marked_strings_and_non_messages(self):
        rc, err = scan(os.path.join(FIXTURES, "marked.c"))
        self.assertEqual((rc, err), (0, ""))

    def test_allow_list_excuses_what_it_names(self):
        rc, err = scan("--root", self.tmp, "--allow",
                       os.path.join(FIXTURES, "allowed-ok.txt"),
                       os.path.join(self.tmp, "src"))
        self.assertEqual(rc, 1, err)
        expected = found_lines(os.path.join(FIXTURES, "unmarked.c"))
        self.assertEqual(len(reported_lines(err, "src/unmarked.c")),
                         len(expected) - 3, err)
        for text in ("out of memory", "no duty named", "Nothing to undo"):
            self.assertNotIn(text, err)
        self.assertNotIn("excuses nothing", err)

    def test_stale_entry_fails(self):
        allow = self.write("allow.txt",
                           'src/unmarked.c  "no such literal"  -- stale\n')
        rc, err = scan("--root", self.tmp, "--allow", allow,
                       os.path.join(FIXTURES, "marked.c"))
        self.assertEqual(rc, 1)
        self.assertRegex(err, r"allow\.txt:1: this allow-list entry excuses nothing")

    def test_entry_without_reason_fails(self):
        allow = self.write("allow.txt", 'src/unmarked.c  *\n')
        rc, err = scan("--root", self.tmp, "--allow", allow,
                       os.path.join(FIXTURES, "marked.c"))
        self.assertEqual(rc, 1)
        self.assertRegex(err, r"allow\.txt:1: not FILE")


class RealSources(unittest.TestCase):
    """The check as meson runs it, on a copy of src/ with one more
    message: it passes as it is and fails once the message is added."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        shutil.copytree(os.path.join(ROOT, "src"), os.path.join(self.tmp, "src"))
        self.allow = os.path.join(ROOT, "tests", "i18n", "allowed.txt")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def check(self):
        return scan("--root", self.tmp, "--allow", self.allow,
                    os.path.join(self.tmp, "src"))

    def test_added_message_fails(self):
        self.assertEqual(self.check(), (0, ""))
        path = os.path.join(self.tmp, "src", "store_mark.c")
        with open(path, encoding="utf-8") as f:
            lines = len(f.read().splitlines())
        with open(path, "a", encoding="utf-8") as f:
            f.write("\nstatic void added(struct kh_error *err)\n{\n"
                    "\tkh_error_set(err, NULL, 0, 0, \"a new message\");\n}\n")
        rc, err = self.check()
        self.assertEqual(rc, 1)
        self.assertEqual(reported_lines(err, "src/store_mark.c"), [lines + 4], err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=1)
