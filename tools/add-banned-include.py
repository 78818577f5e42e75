#!/usr/bin/env python3
"""Adds #include "util/banned.h" to every .c file under src/, after its
last #include (after the #endif of a conditional block that holds it),
so the banned functions (src/util/banned.h) become compile errors there.
Files that have it already are left alone: running it twice changes
nothing.

Usage: tools/add-banned-include.py [--check] [SRC_DIR]
  SRC_DIR  default: the src/ next to this script's folder
  --check  change nothing; list the files without the include and exit 1
           if there are any
"""
import os
import re
import sys

LINE = '#include "util/banned.h"\n'
INCLUDE = re.compile(r'^\s*#\s*include\b')
OPEN = re.compile(r'^\s*#\s*if(n?def)?\b')
CLOSE = re.compile(r'^\s*#\s*endif\b')
HAS = re.compile(r'^\s*#\s*include\s+"util/banned\.h"')


def insertion_point(lines):
    """The index of the line after which banned.h goes, or None if the
    file includes nothing."""
    depth, pos, pending = 0, None, False
    for i, line in enumerate(lines):
        if OPEN.match(line):
            depth += 1
        elif CLOSE.match(line):
            depth = max(depth - 1, 0)
            if depth == 0 and pending:
                pos, pending = i, False
        elif INCLUDE.match(line):
            if depth == 0:
                pos, pending = i, False
            else:
                pending = True
    return pos


def sources(src):
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".c"):
                yield os.path.join(root, name)


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    if len(args) > 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    src = args[0] if args else os.path.join(here, os.pardir, "src")
    missing = changed = 0
    for path in sources(src):
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        if any(HAS.match(line) for line in lines):
            continue
        pos = insertion_point(lines)
        if pos is None:
            print(f"{path}: no #include, left alone", file=sys.stderr)
            continue
        missing += 1
        if check:
            print(f"{path}: no #include \"util/banned.h\"")
            continue
        # A group of its own: a blank line before it, and after it
        # unless one follows already.
        add = ["\n", LINE]
        if pos + 1 < len(lines) and lines[pos + 1].strip() != "":
            add.append("\n")
        lines[pos + 1:pos + 1] = add
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(lines)
        changed += 1
    if check:
        return 1 if missing else 0
    print(f"add-banned-include: {changed} file(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
