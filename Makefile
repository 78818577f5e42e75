# chibo: the commands a user types.  See README.md.
BUILD ?= build
DB ?= var/chibo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all build run test bench clean deps

all: build

deps:
	@scripts/install-deps.sh build

$(BUILD)/build.ninja:
	@scripts/install-deps.sh build
	meson setup $(BUILD) --buildtype=debugoptimized

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@scripts/run.sh $(BUILD)/chibo $(DB) $(LISTEN)

test:
	@scripts/test.sh

clean:
	rm -rf $(BUILD) build-test build-clang
