#!/usr/bin/env python3
"""Finds user-facing strings in the C sources not marked for translation.

    unmarked.py [--allow FILE] [--root DIR] SOURCE.c|FOLDER...
    unmarked.py --survey SOURCE.c|FOLDER...

(a FOLDER stands for its *.c files)

A string literal is a message when it is an argument of a function that
prints or records text for people (SINKS below: kh_error_set, cli_error,
fprintf, tui_message…), directly or through a ternary, a cast or
parentheses. A literal that is an argument of another call inside the
sink's arguments (strcmp(x, "done")) belongs to that call, not the sink.
A message must sit inside _() or N_() when it holds a letter once its
printf conversions (%s, %-8lld…), escapes (\\n, \\033[1m) and HTML tags
and entities (<br>, <td class="x">, &amp;) are taken out.

The exceptions are in the allow-list, one per line:

    FILE[:FUNCTION]  "LITERAL" | /REGEX/ | *  -- REASON

FILE is a path relative to --root, or a glob ("src/*.c"); FUNCTION limits
the entry to one function's body; "LITERAL" is the literal as written in
the source (adjacent pieces joined by one space), /REGEX/ is searched in
the literal's text as written, * is any literal. The reason is required.
An entry that excuses nothing is reported too, so that the list cannot
outlive what it excuses.

Prints FILE:LINE: what is wrong, for each unmarked message, and exits 1
when there is any (or a bad or stale allow-list entry), 0 otherwise.
--survey prints every unmarked literal with letters and the call it is an
argument of, whatever the call, to help decide what is a sink.
"""

import argparse
import fnmatch
import os
import re
import sys

# Functions whose string arguments reach a person: a terminal, a printed
# page, a struct kh_error, a status line; each with the (0-based)
# arguments that are not text for people (SQL…). fprintf/fputs count
# whatever the stream: output for scripts (JSON, TSV) is in the allow-list.
SINKS = {
    # struct kh_error and the functions that fill one
    "kh_error_set": set(), "store_fail": set(), "fail_with": set(),
    "yaml_reader_fail": set(), "plan_error": set(),
    # the kind of file ("plan files") a reader names in its errors
    "yaml_reader_open_file": set(), "yaml_reader_open_buffer": set(),
    # store.c, store_sync.c: what was being done, before SQLite's reason
    "exec_for": {1}, "step_done": set(), "insert_or_update": set(),
    # the command line
    "cli_error": set(), "cli_usage_error": {0}, "cli_put": set(),
    # stdio
    "printf": set(), "fprintf": set(), "vfprintf": set(), "dprintf": set(),
    "puts": set(), "fputs": set(), "snprintf": set(), "vsnprintf": set(),
    # text assembled for people; `kehoach show` and a command's usage
    "buf_printf": set(), "buf_puts": set(), "x_asprintf": set(),
    "put_label": set(), "put_label_to": set(), "put_wrapped": set(),
    "mark_command": set(),
    # a report's words (report_build.c)
    "keep": set(), "keepf": set(), "add_detail": set(),
    "set_signatures": set(),
    # the interface
    "tui_message": set(), "refuse_terminal": set(), "add_field": set(),
    "add_line": set(), "add_list": set(),
    "addstr": set(), "mvaddstr": set(), "waddstr": set(), "mvwaddstr": set(),
    "addnstr": set(), "mvaddnstr": set(), "waddnstr": set(),
    "mvwaddnstr": set(), "printw": set(), "mvprintw": set(), "wprintw": set(),
    "mvwprintw": set(),
}

# Calls that mark a string for translation.
MARKERS = {"_", "N_", "gettext", "ngettext", "dgettext", "pgettext"}

# Words before "(" that do not call a function.
NOT_CALLS = {"if", "while", "for", "switch", "return", "sizeof", "_Alignof",
             "_Static_assert", "defined"}

TOKEN = re.compile(
    r"""
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>(?:u8|[LuU])?"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])+')
  | (?P<ident>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<number>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.])*)
  | (?P<newline>\n)
  | (?P<space>[ \t\r\f\v]+|\\\n)
  | (?P<punct>->|\+\+|--|<<=?|>>=?|[<>=!]=|&&|\|\||[-+*/%&|^]=|\#\#|\.\.\.|.)
    """,
    re.VERBOSE | re.DOTALL,
)

# A printf conversion: %[flags][width][.precision][length]conversion.
CONVERSION = re.compile(
    r"%[-+ #0']*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?"
    r"(?:hh|h|ll|l|j|z|t|L)?[diouxXeEfFgGaAcspn%]"
)
# A terminal escape sequence (\033[1m, \x1b[0;31m), then any other escape.
TERMINAL_ESCAPE = re.compile(r"\\(?:033|x1[bB]|e)(?:\[[0-9;?]*[A-Za-z])?")
ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]+|[0-7]{1,3}|.)")
# The HTML the report writer prints around text: its tags (with their
# attributes, or a %s that prints them) and entities. Only these names, so that "<none>" in a
# message still counts as words.
HTML_TAGS = ("!DOCTYPE|a|b|body|br|div|h[1-6]|h%d|head|html|i|li|meta|ol|p|"
             "span|style|table|td|th|title|tr|ul|%s")
HTML = re.compile(r"</?(?:%s)(?:%%s)?(?:\s[^<>]*)?/?>|&(?:[a-z]+|#[0-9]+);"
                  % HTML_TAGS)


def literal_text(source_text):
    """The characters between the quotes of a literal as written
    ("a" "b" → a b, escapes kept as written)."""
    return "".join(re.findall(r'"((?:\\.|[^"\\])*)"', source_text))


def has_letter(source_text):
    """Whether the literal holds a letter once printf conversions,
    escapes and HTML markup are taken out."""
    body = literal_text(source_text).replace('\\"', '"')
    body = HTML.sub("", body)      # first: "<%s class=…>" names its tag by %s
    body = CONVERSION.sub("", body)
    body = TERMINAL_ESCAPE.sub("", body)
    body = ESCAPE.sub("", body)
    return any(c.isalpha() for c in body)


class Literal:
    def __init__(self, line, text):
        self.line = line
        self.text = text      # as written, adjacent pieces joined by a space
        self.calls = []       # enclosing (call, argument index), innermost
                              # first; call None: a bracket, not a call
        self.function = None  # the function whose body holds it


def tokens(source):
    """The tokens of a C source as (kind, text, line), without comments,
    spaces and preprocessor lines (#define bodies included: the literals
    of a macro are checked where it is used, if at all)."""
    line = 1
    at_line_start = True
    in_directive = False
    for m in TOKEN.finditer(source):
        kind = m.lastgroup
        text = m.group()
        start_line = line
        line += text.count("\n")
        if kind == "newline":
            at_line_start = True
            in_directive = False
            continue
        if kind in ("space", "comment"):
            continue
        if at_line_start and text == "#":
            in_directive = True
        at_line_start = False
        if not in_directive:
            yield kind, text, start_line


def literals(source):
    """The string literals of a C source with their enclosing calls and
    function. Adjacent literals, and upper-case macros between them (as in
    "%" PRId64 "\\n"), make one literal."""
    found = []
    stack = []            # one [call name or None, argument index] per bracket
    prev = None           # the previous token, (kind, text)
    function = None       # the function whose body we are in
    candidate = None      # a top-level name followed by "(": maybe a function
    brace_depth = 0
    toks = list(tokens(source))
    i = 0
    while i < len(toks):
        kind, text, line = toks[i]
        if kind == "string":
            parts = [text]
            j = i + 1
            while j < len(toks) and (
                toks[j][0] == "string"
                or (toks[j][0] == "ident" and toks[j][1].isupper()
                    and j + 1 < len(toks) and toks[j + 1][0] == "string")
            ):
                if toks[j][0] == "string":
                    parts.append(toks[j][1])
                j += 1
            lit = Literal(line, " ".join(parts))
            lit.calls = [tuple(entry) for entry in reversed(stack)]
            lit.function = function
            found.append(lit)
            prev = ("string", parts[-1])
            i = j
            continue
        if text == "(":
            name = prev[1] if prev and prev[0] == "ident" else None
            if name in NOT_CALLS:
                name = None
            if brace_depth == 0 and not stack and name:
                candidate = name
            stack.append([name, 0])
        elif text == "[":
            stack.append([None, 0])
        elif text == "{":
            if brace_depth == 0 and prev and prev[1] == ")" and candidate:
                function = candidate
            brace_depth += 1
            stack.append([None, 0])
        elif text in ")]}":
            if stack:
                stack.pop()
            if text == "}":
                brace_depth = max(0, brace_depth - 1)
                if brace_depth == 0:
                    function = None
                    candidate = None
        elif text == "," and stack:
            stack[-1][1] += 1
        elif text == ";" and brace_depth == 0:
            candidate = None
        prev = (kind, text)
        i += 1
    return found


def sink_of(lit):
    """The sink the literal is an argument of, or None: the innermost call
    decides (brackets without a name are parentheses, casts, initialisers)."""
    for name, arg in lit.calls:
        if name is None:
            continue
        return name if name in SINKS and arg not in SINKS[name] else None
    return None


def is_marked(lit):
    return any(name in MARKERS for name, _ in lit.calls)


class Allow:
    def __init__(self, where, file, function, literal, reason):
        self.where = where
        self.file = file          # a path or a glob
        self.function = function  # None: anywhere in the file
        self.literal = literal    # "…" as written, /regex/, or None: any
        self.reason = reason
        self.used = False

    def covers(self, file, lit):
        if not fnmatch.fnmatchcase(file, self.file):
            return False
        if self.function is not None and self.function != lit.function:
            return False
        if self.literal is None:
            return True
        if self.literal.startswith("/"):
            return re.search(self.literal[1:-1], literal_text(lit.text)) is not None
        return self.literal == lit.text


ALLOW_LINE = re.compile(
    r'^(?P<file>[^\s:]+)(?::(?P<function>[A-Za-z_][A-Za-z_0-9]*))?\s+'
    r'(?P<literal>\*|/(?:\\.|[^/\\])+/|"(?:\\.|[^"\\])*"(?:\s+"(?:\\.|[^"\\])*")*)'
    r'\s+--\s+(?P<reason>\S.*)$'
)


def read_allow_list(path):
    """The entries of the allow-list, and the lines that are not entries."""
    entries, errors = [], []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = "%s:%d" % (path, n)
            m = ALLOW_LINE.match(line)
            if not m:
                errors.append('%s: not FILE[:FUNCTION] "LITERAL"|/REGEX/|* -- REASON'
                              % where)
                continue
            literal = m.group("literal")
            if literal == "*":
                literal = None
            elif literal.startswith('"'):
                literal = re.sub(r'"\s+"', '" "', literal)
            else:
                try:
                    re.compile(literal[1:-1])
                except re.error as e:
                    errors.append("%s: bad regular expression: %s" % (where, e))
                    continue
            entries.append(Allow(where, m.group("file"), m.group("function"),
                                 literal, m.group("reason")))
    return entries, errors


def relative(path, root):
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return path if rel.startswith("..") else rel


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--allow", help="the allow-list")
    parser.add_argument("--root", default=".",
                        help="the folder allow-list paths are relative to")
    parser.add_argument("--survey", action="store_true",
                        help="list every unmarked literal with letters")
    parser.add_argument("sources", nargs="+", metavar="SOURCE.c|FOLDER")
    args = parser.parse_args()

    allow, problems = [], []
    if args.allow:
        allow, problems = read_allow_list(args.allow)

    sources = []
    for path in args.sources:
        if os.path.isdir(path):
            sources += sorted(os.path.join(path, name) for name in os.listdir(path)
                              if name.endswith(".c"))
        else:
            sources.append(path)
    for path in sources:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        rel = relative(path, args.root)
        for lit in literals(source):
            if is_marked(lit) or not has_letter(lit.text):
                continue
            if args.survey:
                call = next((c for c, _ in lit.calls if c), "-")
                print("%s:%d: %s %s" % (rel, lit.line, call, lit.text))
                continue
            sink = sink_of(lit)
            if not sink:
                continue
            entry = next((a for a in allow if a.covers(rel, lit)), None)
            if entry:
                entry.used = True
                continue
            problems.append("%s:%d: %s, an argument of %s() in %s(), is not "
                            "marked for translation: put it inside _() or N_() "
                            "(or, if no person reads it, in the allow-list with "
                            "the reason)" % (rel, lit.line, lit.text, sink,
                                             lit.function or "(top level)"))
    if args.survey:
        return 0
    for a in allow:
        if not a.used:
            problems.append("%s: this allow-list entry excuses nothing any more: "
                            "remove it" % a.where)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
