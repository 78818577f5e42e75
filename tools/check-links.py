#!/usr/bin/env python3
"""check-links.py - the layer rule of src/, checked on the symbols.

    util  <-  core  <-  store  <-  svc  <-  http, cli

An include that check-layers.py cannot see (a prototype written by hand,
an extern) still leaves an undefined symbol in the object that calls it.
For each layer's static library this reads the symbols its objects need
(nm -u) and fails when one of them is defined by the library of a layer
above it (or, for http, by the CLI), or belongs to a library the layer
may not use: JSON (json_*, jansson's), SQLite (sqlite3_*), libpq (PQ*,
lo_*) or libmicrohttpd (MHD_*).  Only the store may use the database
drivers: not even http and cli.

Usage: check-links.py NM STAMP util=LIB core=LIB store=LIB svc=LIB
       http=LIB cli=LIB

Prints every violation and exits 1 if there is one; else writes STAMP.
meson runs it as a build target (src/meson.build) once the libraries are
built, so that a violation fails the build.
"""
import re
import subprocess
import sys

RANK = {'util': 0, 'core': 1, 'store': 2, 'svc': 3, 'http': 4, 'cli': 4}

# Layers whose symbols a layer may not need, beyond those of higher rank.
ACROSS = {'http': {'cli'}}
# What the CLI needs from the server is its public header's (http/http.h).

LIBS = {
    'json': re.compile(r'^(json_|jansson_)'),
    'sqlite': re.compile(r'^sqlite3_'),
    'libpq': re.compile(r'^(PQ|lo_(open|close|read|write|creat|import|'
                        r'export|unlink))'),
    'microhttpd': re.compile(r'^MHD_'),
}
FORBIDDEN_LIBS = {
    'util': {'json', 'sqlite', 'libpq', 'microhttpd'},
    'core': {'json', 'sqlite', 'libpq', 'microhttpd'},
    'store': {'json', 'microhttpd'},
    'svc': {'sqlite', 'libpq', 'microhttpd'},
    # Only the store speaks SQL.
    'http': {'sqlite', 'libpq'},
    'cli': {'sqlite', 'libpq'},
}


def nm(tool, lib, undefined):
    args = [tool, '-P', '-g']
    args.append('-u' if undefined else '--defined-only')
    out = subprocess.run(args + [lib], check=True, capture_output=True,
                         text=True).stdout
    syms = {}
    obj = None
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.endswith(':') and ' ' not in line:
            # "lib.a[dir/file.c.o]:" with GNU nm, "lib.a:file.c.o:" else.
            obj = line[:-1]
            if '[' in obj:
                obj = obj.split('[', 1)[1].rstrip(']')
            continue
        name = line.split()[0]
        # Versioned references of shared libraries: name@VERSION.
        name = name.split('@', 1)[0]
        syms.setdefault(name, obj)
    return syms


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    tool, stamp = argv[1], argv[2]
    libs = dict(a.split('=', 1) for a in argv[3:])
    if set(libs) != set(RANK):
        sys.stderr.write('check-links: need a library for each of %s\n'
                         % ', '.join(sorted(RANK)))
        return 2
    defined = {layer: nm(tool, lib, False) for layer, lib in libs.items()}
    problems = []
    for layer, lib in sorted(libs.items()):
        needs = nm(tool, lib, True)
        above = [l for l in RANK if RANK[l] > RANK[layer]]
        above += sorted(ACROSS.get(layer, ()))
        for sym, obj in sorted(needs.items()):
            if sym in defined[layer]:
                continue
            for other in above:
                if sym in defined[other]:
                    problems.append('%s (%s) needs %s, defined in %s: a '
                                    'layer above it' % (layer, obj, sym,
                                                        other))
            for lname in sorted(FORBIDDEN_LIBS.get(layer, ())):
                if LIBS[lname].match(sym):
                    problems.append('%s (%s) needs %s: %s may not use %s'
                                    % (layer, obj, sym, layer, lname))
    for p in problems:
        print('check-links: ' + p, file=sys.stderr)
    if problems:
        print('check-links: %d symbol(s) break the layer rule '
              '(docs/architecture.md)' % len(problems), file=sys.stderr)
        return 1
    with open(stamp, 'w') as f:
        f.write('layer rule kept by the symbols of %s\n'
                % ', '.join(sorted(libs)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
