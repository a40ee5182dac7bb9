#!/usr/bin/env python3
"""Puts the entries of the commands into a manual page.

    fill_manual.py KEHOACH LANG PAGE OUTPUT

PAGE (docs/kehoach.1 as configure_file filled it in) has a comment line
"COMMANDS FROM THE TABLE" where the commands go; they come from the
table of commands itself (`kehoach --lang LANG __man`), so that the
manual cannot fall behind the program.
"""
import subprocess
import sys

MARK = 'COMMANDS FROM THE TABLE'


def main():
    kehoach, lang, page, output = sys.argv[1:5]
    entries = subprocess.run([kehoach, '--lang', lang, '__man'], check=True,
                             stdout=subprocess.PIPE).stdout.decode('utf-8')
    lines = open(page, encoding='utf-8').read().split('\n')
    at = [i for i, line in enumerate(lines) if MARK in line]
    if len(at) != 1:
        sys.exit('%s: expected one line with "%s", found %d' % (page, MARK, len(at)))
    # The mark and the comment line after it make way for the entries.
    i = at[0]
    end = i + 1
    while end < len(lines) and lines[end].startswith('.\\"'):
        end += 1
    lines[i:end] = entries.rstrip('\n').split('\n')
    with open(output, 'w', encoding='utf-8') as out:
        out.write('\n'.join(lines))


if __name__ == '__main__':
    main()
