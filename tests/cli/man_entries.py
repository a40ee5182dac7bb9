#!/usr/bin/env python3
"""The tagged entries of a manual page rendered as text, for
tests/cli/man.sh.

    groff -k -man -Tutf8 -P-cbou PAGE | python3 man_entries.py

An entry is what .TP makes: a tag at the section's indentation (7 columns)
with its text indented further (14) on the next lines, or on the same line
when the tag is short (`HOME   The home folder…`). Prints one line per
entry: its tag, a tab, then its text with all white space made one space.
"""
import re
import sys

TAG = re.compile(r'^ {7}(\S.*)$')
BODY = re.compile(r'^ {14}\S')
SHORT = re.compile(r'^ {7}(\S{1,6}) +(?<=^.{14})(\S.*)$')


def entries(lines):
    tag, text = None, []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ''
        short = SHORT.match(line)
        if TAG.match(line) and (BODY.match(nxt) or short):
            if tag is not None:
                yield tag, text
            if short:
                tag, text = short.group(1), [short.group(2)]
            else:
                tag, text = TAG.match(line).group(1), []
        elif tag is not None and BODY.match(line):
            text.append(line)
        elif tag is not None and line.strip():
            yield tag, text
            tag, text = None, []
    if tag is not None:
        yield tag, text


def main():
    lines = sys.stdin.read().split('\n')
    for tag, text in entries(lines):
        print('%s\t%s' % (' '.join(tag.split()), ' '.join(' '.join(text).split())))


if __name__ == '__main__':
    main()
