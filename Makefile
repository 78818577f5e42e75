# chibo: the commands a user types.  See README.md.
BUILD ?= build
DB ?= var/chibo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all build run test soak bench bench-meetings bench-dashboard bench-clean clean deps fuzz deb deb-check

all: build

deps:
	@scripts/install-deps.sh build

$(BUILD)/build.ninja:
	@scripts/install-deps.sh build
	meson setup $(BUILD) --buildtype=debugoptimized

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@scripts/build-web.sh
	@scripts/run.sh $(BUILD)/chibo $(DB) $(LISTEN)

test:
	@scripts/test.sh

# The durability test with more SIGKILL cycles, longer (scripts/soak.sh):
# CHIBO_SOAK_CYCLES=20 and CHIBO_SOAK_SECONDS=5 by default.
soak:
	@scripts/soak.sh

# Measures chibo against its anchors (bench/run.py, docs/performance.md):
# a release build in build/bench-release, datasets cached in
# build/bench-data.  BENCH_ARGS="--runs 5" etc.
# BENCH_MEETINGS=0 leaves out the meetings figures (bench-meetings),
# BENCH_DASHBOARD=0 the dashboard's (bench-dashboard).
bench:
	@scripts/install-deps.sh bench
	python3 bench/run.py $(BENCH_ARGS)
	@if [ "$(BENCH_MEETINGS)" != 0 ]; then $(MAKE) --no-print-directory bench-meetings; fi
	@if [ "$(BENCH_DASHBOARD)" != 0 ]; then $(MAKE) --no-print-directory bench-dashboard; fi

# The meetings figures (bench/meetings.py, docs/performance.md): a
# province with 12 months of meetings, the kept check, timed over HTTP.
# Uses the release build of `make bench` (build/bench-release); bounded.
# The dataset is kept in build/bench-data/meetings and made again only
# when what it is made from changed.
bench-meetings:
	nice timeout 3600 python3 bench/meetings.py \
	    --chibo build/bench-release/chibo --dir build/bench-data/meetings \
	    $(MEETINGS_ARGS)

# The dashboard's figures (bench/dashboard.py, docs/performance.md): a
# province with three years of evaluations, the kept figures rebuilt and
# checked, the dashboard timed over HTTP at each level, on SQLite and,
# with CHIBO_TEST_PG (an admin URL), PostgreSQL.  Release build; bounded.
# The loaded datasets are kept (build/bench-data/dashboard) and made again
# only when what they are made from changed (DASHBOARD_ARGS=--remake).
bench-dashboard:
	nice timeout 3600 python3 bench/dashboard.py \
	    --chibo build/bench-release/chibo --make build/bench-data/dashboard \
	    $(if $(CHIBO_TEST_PG),--pg-admin $(CHIBO_TEST_PG)) $(DASHBOARD_ARGS)

# Runs each fuzz target of fuzz/ with libFuzzer (clang) for FUZZ_SECONDS
# (default 60) each; new inputs go to build-fuzz/corpus (outside the
# repository), crashes to build-fuzz/artifacts.  docs/security.md, "Fuzzing".
fuzz:
	@FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) scripts/fuzz.sh

# The Debian package: build/deb/chibo_VERSION_ARCH.deb (debian/, with the
# web application built first).  deb-check installs it with apt in a
# Debian 12 chroot made by debootstrap (build/deb-check; needs root and
# deb.debian.org) and starts it as the chibo user: see docs/deployment.md.
deb:
	@scripts/build-deb.sh

deb-check: deb
	@scripts/deb-check.sh

bench-clean:
	rm -rf build/bench-data build/bench-release

clean:
	rm -rf $(BUILD) build-test build-clang build-fuzz
