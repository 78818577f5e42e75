#!/usr/bin/env python3
"""check-layers.py - the layer rule of src/, checked on the include graph.

    util  <-  core  <-  store  <-  svc  <-  http, cli

A file of a layer may include the headers of its own layer and of the
layers below it, never of a layer above it; the two edges (http, cli) do
not include each other, except that the CLI may include the server's one
public header (http/http.h, for `chibo serve`).  Some libraries are
forbidden to a layer as well: core and util use no JSON, database or HTTP
library; store no JSON or HTTP; svc no database driver or HTTP.

Usage: check-layers.py SRC_DIR STAMP [DEPFILE]

Scans every .c and .h file under SRC_DIR/<layer>/, prints every
violation as "file:line: message" and exits 1 if there is one; else
writes STAMP (and DEPFILE, the files it read, for ninja) and exits 0.
meson runs it as a build target (src/meson.build), so that a violation
fails the build.
"""
import os
import re
import sys

# The rank of each layer: a layer may include a lower or equal rank.
RANK = {'util': 0, 'core': 1, 'store': 2, 'svc': 3, 'http': 4, 'cli': 4}

# Headers of another layer of the same rank that a layer may include.
ALLOWED_ACROSS = {
    'cli': {'http/http.h'},
}

# System headers a layer may not include (the libraries of the layers
# above it).
JSON = {'jansson.h'}
SQL = {'sqlite3.h', 'libpq-fe.h', 'libpq/libpq-fs.h'}
HTTP = {'microhttpd.h', 'curl/curl.h'}
FORBIDDEN_SYSTEM = {
    'util': JSON | SQL | HTTP,
    'core': JSON | SQL | HTTP,
    'store': JSON | HTTP,
    'svc': SQL | HTTP,
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def check_file(path, rel, layer, problems):
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.readlines()
    for n, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if m is None:
            continue
        kind, name = m.group(1), m.group(2)
        top = name.split('/', 1)[0]
        if kind == '<' and name in FORBIDDEN_SYSTEM.get(layer, ()):
            problems.append('%s:%d: %s may not include <%s>'
                            % (rel, n, layer, name))
            continue
        if '/' not in name or top not in RANK or top == layer:
            continue
        if RANK[top] < RANK[layer]:
            continue
        if name in ALLOWED_ACROSS.get(layer, ()):
            continue
        problems.append('%s:%d: %s may not include "%s" (layer %s is %s)'
                        % (rel, n, layer, name, top,
                           'above it' if RANK[top] > RANK[layer]
                           else 'another edge'))


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    src, stamp = argv[1], argv[2]
    depfile = argv[3] if len(argv) == 4 else None
    problems, read = [], []
    for layer in sorted(RANK):
        top = os.path.join(src, layer)
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(root, name)
                read.append(path)
                check_file(path, os.path.relpath(path, os.path.dirname(src)),
                           layer, problems)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print('check-layers: %d include(s) break the layer rule '
              '(docs/architecture.md)' % len(problems), file=sys.stderr)
        return 1
    with open(stamp, 'w') as f:
        f.write('%d files, layer rule kept\n' % len(read))
    if depfile:
        with open(depfile, 'w') as f:
            f.write('%s: %s\n' % (stamp.replace(' ', '\\ '), ' '.join(
                p.replace(' ', '\\ ') for p in read)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
