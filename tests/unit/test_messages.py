#!/usr/bin/env python3
"""Every machine code the sources can put in an error has a message in
both languages (src/util/msg.c).  Scans the C sources for the calls that
set codes and checks each string literal among them against the
catalogue, so a new code without a message fails the build's tests.
"""
import os
import re
import sys

ROOT = os.environ.get("CHIBO_SOURCE_ROOT", ".")

# Calls that carry a code, and which argument (0-based) holds it.
CALLS = {
    "cb_error_set": 2,
    "cb_error_field": 3,
    "cb_error_field_rule": 3,
    "row_error": 3,
    "rule_error": 2,
    "problem_set": 2,
}


def split_args(text, start):
    """Top-level arguments of the call whose '(' is at start."""
    depth, args, cur, i, in_str = 0, [], [], start + 1, False
    while i < len(text):
        c = text[i]
        if in_str:
            cur.append(c)
            if c == "\\":
                cur.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            cur.append(c)
        elif c in "([{":
            depth += 1
            cur.append(c)
        elif c in ")]}":
            if depth == 0:
                args.append("".join(cur).strip())
                return args
            depth -= 1
            cur.append(c)
        elif c == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    return args


def catalogue():
    text = open(os.path.join(ROOT, "src/util/msg.c"), encoding="utf-8").read()
    return set(re.findall(r'\{\s*"([a-z0-9_]+)",\s*\{', text))


def main():
    known = catalogue()
    missing = {}
    for d, _, files in os.walk(os.path.join(ROOT, "src")):
        for f in files:
            if not f.endswith(".c"):
                continue
            path = os.path.join(d, f)
            text = open(path, encoding="utf-8").read()
            for name, idx in CALLS.items():
                for m in re.finditer(r"\b%s\s*\(" % name, text):
                    args = split_args(text, m.end() - 1)
                    if len(args) <= idx:
                        continue
                    lit = re.fullmatch(r'"([a-z0-9_]+)"', args[idx])
                    if lit and lit.group(1) not in known:
                        missing.setdefault(lit.group(1), []).append(
                            os.path.relpath(path, ROOT))
    if len(known) < 50:
        print(f"catalogue looks unreadable: {len(known)} codes")
        return 1
    for code, where in sorted(missing.items()):
        print(f"no message for code '{code}' (used in {', '.join(sorted(set(where)))})")
    print(f"{len(known)} codes in the catalogue, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
