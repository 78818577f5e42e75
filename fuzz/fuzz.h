/*
 * fuzz.h - what every fuzz target of fuzz/ defines: libFuzzer's entry
 * point.  Each target is built twice (fuzz/meson.build): linked with
 * libFuzzer (-Dfuzz=true, clang; `make fuzz`), and always with replay.c,
 * which feeds it every file of its seed corpus (fuzz/corpus/<target>/) once
 * under the test build's sanitizers (`make test`, suite "fuzz").
 *
 * A target must not print, must not touch a database or the network, and
 * must free everything it allocates (leaks are findings).
 */
#ifndef CHIBO_FUZZ_FUZZ_H
#define CHIBO_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
