#!/usr/bin/env python3
"""Takes the examples out of a plan-format document, for tests/cli/docs.sh.

    python3 docs_extract.py DOC.md OUTDIR

What it finds, and what it writes into OUTDIR (tab-separated, one line
each; LINE is the line of DOC.md it comes from):

  ```yaml … ```           a plan that `kehoach check` must accept:
                           block-N.yaml, and "N valid LINE" in blocks.tsv
  ```yaml invalid … ```   a plan it must refuse: "N invalid LINE AT",
                           where AT is the line of the block marked
                           `# ✗` (exactly one), the line kehoach must
                           name ("-" for a valid block)
  KEY: VALUE   # → DD/MM/YYYY [(LUNAR)]
                           in a yaml block: the day VALUE means, and its
                           lunar date when given ("… tháng … năm …"):
                           values.tsv "N LINE VALUE TET SOLAR LUNAR"
                           (TET: the block's `tet:`; "-" for none, and
                           for LUNAR when not given, as bash's read
                           would merge two tabs)
  - id: ID     # → DD/MM/YYYY
                           the duty's deadline: deadlines.tsv
                           "N LINE ID SOLAR"
  <!-- dates tet=YEAR -->  then a table whose first cell is `FORM`, its
                           last two the day and the lunar date:
                           dates.tsv "YEAR FORM SOLAR LUNAR LINE"
  <!-- refused-dates tet=YEAR -->  then a table whose first cell is a
                           `FORM` a plan with tet: YEAR must refuse:
                           refused.tsv "YEAR FORM LINE"
  ```console … ```        "$ kehoach ARGS" then its exact output:
                           console-N.args (ARGS split as the shell
                           would, NUL-terminated), console-N.out, and
                           "N LINE" in consoles.tsv

Anything it cannot read (a yaml block marked otherwise, a marker not
followed by a table, a `# →` on a line that is no KEY: VALUE) is an error:
a test that skipped an example would keep a broken one.
"""
import os
import re
import shlex
import sys

FENCE = re.compile(r'^```(\S*)\s*(.*?)\s*$')
ANNOTATED = re.compile(
    r'^\s*(?:-\s+)?([a-z]+):\s*(.*?)\s+#\s*→\s*(\d\d/\d\d/\d{4})(.*)$')
LUNAR = re.compile(r'\(([^()]* tháng [^()]* năm [^()]*)\)')
TET = re.compile(r'^\s*tet:\s*(\d+)\s*(?:#.*)?$')
MARKER = re.compile(r'^<!--\s*(dates|refused-dates)\s+tet=(\d{4})\s*-->\s*$')
SOLAR = re.compile(r'^\d\d/\d\d/\d{4}$')
MARK = re.compile(r'#\s*✗')
CODE = re.compile(r'^`([^`]+)`$')


class DocError(Exception):
    pass


def unquote(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in '"\'':
        return value[1:-1]
    return value


def table_rows(lines, start):
    """The cells of the rows of the table that begins at lines[start]
    (after its header and separator), each with its line number."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i + 1 >= len(lines) or not lines[i].startswith('|') \
            or not re.match(r'^\|\s*-', lines[i + 1]):
        raise DocError('line %d: a table must follow the marker' % start)
    rows = []
    i += 2
    while i < len(lines) and lines[i].startswith('|'):
        cells = [c.strip() for c in lines[i].strip().strip('|').split('|')]
        rows.append((cells, i + 1))
        i += 1
    if not rows:
        raise DocError('line %d: the table has no rows' % start)
    return rows


def code_cell(cell, line):
    m = CODE.match(cell)
    if not m:
        raise DocError('line %d: the first cell must be one `code` span, not %r'
                       % (line, cell))
    return m.group(1)


class Out:
    def __init__(self, folder):
        self.folder = folder
        self.tables = {}

    def add(self, table, *fields):
        for f in fields:
            if '\t' in str(f) or '\n' in str(f):
                raise DocError('a tab or line break in %r' % (f,))
        self.tables.setdefault(table, []).append(
            '\t'.join(str(f) for f in fields))

    def write_file(self, name, data, mode='w'):
        with open(os.path.join(self.folder, name), mode) as f:
            f.write(data)

    def close(self):
        for name in ('blocks', 'values', 'deadlines', 'dates', 'refused',
                     'consoles'):
            rows = self.tables.get(name, [])
            self.write_file(name + '.tsv', ''.join(r + '\n' for r in rows))


def yaml_block(out, n, kind, body, first_line):
    out.write_file('block-%d.yaml' % n, ''.join(l + '\n' for l in body))
    marked = [k + 1 for k, l in enumerate(body) if MARK.search(l)]
    if kind == 'invalid' and len(marked) != 1:
        raise DocError('line %d: a refused plan marks the line to be named '
                       'with one "# ✗"' % first_line)
    if kind == 'valid' and marked:
        raise DocError('line %d: "# ✗" in a plan that must pass' % first_line)
    out.add('blocks', n, kind, first_line, marked[0] if marked else '-')
    tet = '-'
    for l in body:
        m = TET.match(l)
        if m:
            tet = m.group(1)
    for k, l in enumerate(body):
        if '→' not in l:
            continue
        line = first_line + 1 + k
        m = ANNOTATED.match(l)
        if not m:
            raise DocError('line %d: "# →" must follow KEY: VALUE' % line)
        key, value, solar, rest = m.groups()
        value = unquote(value)
        if key == 'id':
            out.add('deadlines', n, line, value, solar)
            continue
        lunar = LUNAR.search(rest)
        out.add('values', n, line, value, tet, solar,
                lunar.group(1) if lunar else '-')


def console_block(out, n, body, first_line):
    if not body or not body[0].startswith('$ kehoach '):
        raise DocError('line %d: a console block starts with "$ kehoach …"'
                       % first_line)
    if any(l.startswith('$ ') for l in body[1:]):
        raise DocError('line %d: one command a console block' % first_line)
    args = shlex.split(body[0][len('$ kehoach '):])
    out.write_file('console-%d.args' % n,
                   b''.join(a.encode() + b'\0' for a in args), 'wb')
    out.write_file('console-%d.out' % n, ''.join(l + '\n' for l in body[1:]))
    out.add('consoles', n, first_line)


def extract(doc, folder):
    with open(doc, encoding='utf-8') as f:
        lines = f.read().split('\n')
    out = Out(folder)
    n = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        m = MARKER.match(line)
        if m:
            what, year = m.groups()
            for cells, at in table_rows(lines, i + 1):
                form = code_cell(cells[0], at)
                if what == 'refused-dates':
                    out.add('refused', year, form, at)
                    continue
                if len(cells) < 3 or not SOLAR.match(cells[-2]):
                    raise DocError('line %d: the last two cells must be the '
                                   'day (DD/MM/YYYY) and the lunar date' % at)
                out.add('dates', year, form, cells[-2], cells[-1], at)
            i += 1
            continue
        m = FENCE.match(line)
        if not m or not m.group(1):
            i += 1
            continue
        lang, extra = m.groups()
        end = i + 1
        while end < len(lines) and lines[end] != '```':
            end += 1
        if end == len(lines):
            raise DocError('line %d: the block is not closed' % (i + 1))
        body = lines[i + 1:end]
        if lang == 'yaml':
            if extra not in ('', 'invalid'):
                raise DocError('line %d: a yaml block is a plan, or '
                               '"yaml invalid"; not %r' % (i + 1, extra))
            n += 1
            yaml_block(out, n, extra or 'valid', body, i + 1)
        elif lang == 'console':
            n += 1
            console_block(out, n, body, i + 1)
        i = end + 1
    out.close()


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: docs_extract.py DOC.md OUTDIR')
    try:
        extract(sys.argv[1], sys.argv[2])
    except DocError as e:
        sys.exit('%s:%s' % (sys.argv[1], e))
    except OSError as e:
        sys.exit(str(e))


if __name__ == '__main__':
    main()
