#!/usr/bin/env python3
"""Every machine code the sources can put in an error has a message in
both languages (src/util/msg.c).  Scans the C sources for the calls that
set codes and checks each string literal among them against the
catalogue, so a new code without a message fails the build's tests.

The same for the audit trail: every action the sources record (the
literals passed as the action to the calls in AUDIT_CALLS) has a row in
the label table of src/svc/audit.c, and every label's code a message.
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


# Calls that record an audit entry, and which argument holds the action.
AUDIT_CALLS = {
    "svc_audit": 1,
    "svc_audit_as": 3,
    "audit_change": 1,
    "audit_login": 1,
    "entry_make": 4,
    "svc_audit_secret_view": 1,
}


def audit_labels():
    text = open(os.path.join(ROOT, "src/svc/audit.c"), encoding="utf-8").read()
    return dict(re.findall(r'\{\s*"([a-z_]+\.[a-z_]+)",\s*"([a-z0-9_]+)"\s*\}',
                           text))


def audit_actions():
    """{action: [files]} of every action literal the sources record."""
    found = {}
    for d, _, files in os.walk(os.path.join(ROOT, "src")):
        for f in files:
            if not f.endswith(".c"):
                continue
            path = os.path.join(d, f)
            text = open(path, encoding="utf-8").read()
            for name, idx in AUDIT_CALLS.items():
                for m in re.finditer(r"\b%s\s*\(" % name, text):
                    # Skip the definitions and declarations.
                    line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
                    if line.strip() == "" and text[m.start() - 1] == "\n":
                        continue
                    args = split_args(text, m.end() - 1)
                    if len(args) <= idx:
                        continue
                    for lit in re.findall(r'"([a-z_]+\.[a-z_]+)"', args[idx]):
                        found.setdefault(lit, []).append(
                            os.path.relpath(path, ROOT))
    return found


def check_audit_labels(known):
    labels = audit_labels()
    actions = audit_actions()
    bad = 0
    if len(labels) < 10 or len(actions) < 10:
        print(f"label table or actions unreadable: {len(labels)} labels, "
              f"{len(actions)} actions")
        return 1
    for action, where in sorted(actions.items()):
        if action not in labels:
            print(f"audit action '{action}' has no label in src/svc/audit.c "
                  f"(recorded in {', '.join(sorted(set(where)))})")
            bad += 1
    for action, code in sorted(labels.items()):
        if code not in known:
            print(f"label '{code}' of audit action '{action}' has no message")
            bad += 1
    print(f"{len(actions)} audit actions recorded, {len(labels)} labels, "
          f"{bad} problems")
    return 1 if bad else 0


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
    return 1 if missing or check_audit_labels(known) else 0


if __name__ == "__main__":
    sys.exit(main())
