#!/bin/sh
# Checks that the C sources under src/ follow .clang-format (the house
# layout; see docs/architecture.md, "House rules").  Usage:
#   scripts/check-format.sh          # lists the files that differ; exit 1 if any
#   scripts/check-format.sh --fix    # reformats them in place
# Needs clang-format (scripts/install-deps.sh test); the rules are tuned
# for clang-format 14 (Debian 12): another version may break lines a
# little differently.
set -eu
cd "$(dirname "$0")/.."

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
	echo "check-format: $CLANG_FORMAT not found (scripts/install-deps.sh test)" >&2
	exit 1
fi
major=$("$CLANG_FORMAT" --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [ "$major" != 14 ]; then
	echo "check-format: clang-format $major, the rules are for 14; results may differ" >&2
fi

if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
	files=$(git ls-files 'src/*.c' 'src/*.h')
else
	files=$(find src -name '*.[ch]' | sort)
fi

if [ "${1:-}" = --fix ]; then
	# shellcheck disable=SC2086
	"$CLANG_FORMAT" -i --style=file $files
	exit 0
fi

bad=0
for f in $files; do
	if ! "$CLANG_FORMAT" --dry-run --Werror --style=file "$f" >/dev/null 2>&1; then
		n=$("$CLANG_FORMAT" --style=file "$f" | diff "$f" - | grep -c '^<' || true)
		echo "$f: $n line(s) not formatted as .clang-format says"
		bad=$((bad + 1))
	fi
done
if [ "$bad" -ne 0 ]; then
	echo "check-format: $bad file(s) differ; scripts/check-format.sh --fix reformats them" >&2
	exit 1
fi
echo "check-format: src/ follows .clang-format"
