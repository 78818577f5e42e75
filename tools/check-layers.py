#!/usr/bin/env python3
"""check-layers.py - the layer rule of src/, checked on the include graph.

    util  <-  core  <-  store  <-  svc  <-  http, cli

A file of a layer may include the headers of its own layer and of the
layers below it, never of a layer above it; the two edges (http, cli) do
not include each other, except that the CLI may include the server's one
public header (http/http.h, for `chibo serve`).  A layer's internal
header (any *-int.h: store/store-int.h, svc/svc-int.h, http/http-int.h)
is for the files of its own directory (and those below it: the store's
backends) alone.  Some libraries are forbidden to a layer as well: core
and util use no JSON, database or HTTP library; store no JSON or HTTP;
svc, http and cli no database driver (only the store speaks SQL), svc
no HTTP.

An include is judged by the file it names: "x.h" is looked for next to
the including file first, then under SRC_DIR (the include path), so
that "../svc/svc.h" and "store-int.h" count as what they are.

Usage: check-layers.py SRC_DIR STAMP [DEPFILE]

Scans every .c and .h file under SRC_DIR/<layer>/, prints every
violation as "file:line: message" and exits 1 if there is one; else
writes STAMP (and DEPFILE, the files and directories it read, for ninja:
a file added to a directory runs the check again) and exits 0.  meson
runs it as a build target (src/meson.build), so that a violation fails
the build.
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
    'http': SQL,
    'cli': SQL,
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def resolve(src, path, kind, name):
    """The header an include names, as a path relative to src (with '/'),
    or None when it is not a file of src (a system or generated one)."""
    here = os.path.dirname(path)
    places = [src] if kind == '<' else [here, src]
    for place in places:
        cand = os.path.normpath(os.path.join(place, name))
        rel = os.path.relpath(cand, src)
        if os.path.isfile(cand) and not rel.startswith(os.pardir):
            return rel.replace(os.sep, '/')
    return None


def check_file(src, path, rel, layer, problems):
    me = os.path.relpath(path, src).replace(os.sep, '/')
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.readlines()
    for n, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if m is None:
            continue
        kind, name = m.group(1), m.group(2)
        if kind == '<' and name in FORBIDDEN_SYSTEM.get(layer, ()):
            problems.append('%s:%d: %s may not include <%s>'
                            % (rel, n, layer, name))
            continue
        # What the include names: the file it finds, else its words.
        target = resolve(src, path, kind, name)
        if target is None:
            if kind == '<' or '/' not in name:
                continue
            target = os.path.normpath(name).replace(os.sep, '/')
        top = target.split('/', 1)[0]
        if top not in RANK:
            continue
        home = target.rsplit('/', 1)[0] + '/' if '/' in target else ''
        if target.endswith('-int.h') and not me.startswith(home):
            problems.append('%s:%d: "%s" is internal to %s (only its '
                            'files may include it)'
                            % (rel, n, target, home.rstrip('/')))
            continue
        if top == layer or RANK[top] < RANK[layer]:
            continue
        if target in ALLOWED_ACROSS.get(layer, ()):
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
    problems, read = [], [src]
    for layer in sorted(RANK):
        top = os.path.join(src, layer)
        for root, dirs, files in os.walk(top):
            dirs.sort()
            read.append(root)
            for name in sorted(files):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(root, name)
                read.append(path)
                check_file(src, path,
                           os.path.relpath(path, os.path.dirname(src)),
                           layer, problems)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print('check-layers: %d include(s) break the layer rule '
              '(docs/architecture.md)' % len(problems), file=sys.stderr)
        return 1
    with open(stamp, 'w') as f:
        f.write('%d files and directories, layer rule kept\n' % len(read))
    if depfile:
        with open(depfile, 'w') as f:
            f.write('%s: %s\n' % (stamp.replace(' ', '\\ '), ' '.join(
                p.replace(' ', '\\ ') for p in read)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
