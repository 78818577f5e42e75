#!/bin/sh
# make fuzz: builds the fuzz targets of fuzz/ with clang and libFuzzer
# (build-fuzz, -Dfuzz=true, AddressSanitizer and UndefinedBehaviorSanitizer)
# and runs each for a bounded time.  New interesting inputs go to a work
# corpus outside the repository (build-fuzz/corpus/<target>/, or
# $FUZZ_WORK/<target>/); crashes, leaks and sanitizer reports are written
# to build-fuzz/artifacts/ and make the run fail.  See docs/security.md,
# "Fuzzing".
#
#   make fuzz                          # every target, 60 s each
#   make fuzz FUZZ_SECONDS=300 FUZZ_TARGETS="csv json"
#   scripts/fuzz.sh merge              # promote: the work corpus's inputs
#                                      # that add coverage, into fuzz/corpus/
#
# Environment: FUZZ_SECONDS (default 60), FUZZ_TARGETS (default all),
# FUZZ_WORK (default build-fuzz/corpus), FUZZ_ARGS (more libFuzzer options).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=${1:-run}
builddir=build-fuzz
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-csv xlsx json query import}
work=${FUZZ_WORK:-$builddir/corpus}
artifacts=$builddir/artifacts

scripts/install-deps.sh fuzz
if [ ! -f "$builddir/build.ninja" ]; then
	CC=clang meson setup "$builddir" -Dfuzz=true -Dtests=false \
		-Db_sanitize=address,undefined -Db_lundef=false \
		--buildtype=debugoptimized >/dev/null
fi
exes=""
for t in $targets; do
	exes="$exes fuzz/fuzz-$t-fuzzer"
done
# shellcheck disable=SC2086
ninja -C "$builddir" $exes >"$builddir/ninja-fuzz.log" 2>&1 || {
	tail -n 30 "$builddir/ninja-fuzz.log"
	echo "fuzz: build FAILED" >&2
	exit 1
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$artifacts"
failed=""
for t in $targets; do
	mkdir -p "$work/$t"
	if [ "$mode" = merge ]; then
		# Only inputs that add coverage to the seed corpus are copied
		# into it (named by their SHA-1); review, then commit them.
		"$builddir/fuzz/fuzz-$t-fuzzer" -merge=1 "fuzz/corpus/$t" \
			"$work/$t" 2>"$builddir/merge-$t.log" ||
			failed="$failed $t"
		echo "fuzz $t: $(find "fuzz/corpus/$t" -type f | wc -l) files in fuzz/corpus/$t"
		continue
	fi
	# The first directory receives the new inputs; the seeds are read.
	# fuzz/<target>.dict: tokens of the input's language (field names,
	# routes and keys, XML of a workbook).
	dict=""
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	# shellcheck disable=SC2086
	if "$builddir/fuzz/fuzz-$t-fuzzer" -max_total_time="$seconds" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$artifacts/$t-" $dict ${FUZZ_ARGS:-} \
		"$work/$t" "fuzz/corpus/$t" >"$builddir/fuzz-$t.log" 2>&1; then
		echo "fuzz $t: ok ($(grep -m1 'stat::number_of_executed_units' \
			"$builddir/fuzz-$t.log" | awk '{print $2}') runs in ${seconds} s," \
			"$(find "$work/$t" -type f | wc -l) inputs in $work/$t)"
	else
		grep -E 'ERROR|SUMMARY|Test unit written' "$builddir/fuzz-$t.log" |
			head -n 5
		echo "fuzz $t: FAILED (see $builddir/fuzz-$t.log)"
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed" >&2
	exit 1
fi
