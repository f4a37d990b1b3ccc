# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing
# (Debian 12 packages, with sudo when not root), then build.
SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Why each package is here: see README "Dependencies".
DEPS := cmake g++ make pkg-config libsqlite3-dev libssl-dev libtomlplusplus-dev \
	nlohmann-json3-dev libfmt-dev libcli11-dev libproj-dev libzstd-dev libxxhash-dev libicu-dev libboost-dev \
	libgtest-dev libbenchmark-dev clang-format sqlite3 chromium python3 \
	libzip-dev libexpat1-dev libeigen3-dev xlsx2csv python3-openpyxl libpqxx-dev postgresql libxlsxwriter-dev

SOURCES = $(shell find src tests bench -name '*.cc' -o -name '*.h' 2>/dev/null)

.PHONY: deps build demo test unit-asan format format-check bench clean

deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/cairn demo --out out

# The whole suite: formatting, the Release build's tests, then the unit tests under ASan+UBSan.
test: build format-check
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	$(MAKE) unit-asan

unit-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCAIRN_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS) -E 'RealData|Slow'

format:
	clang-format -i $(SOURCES)

format-check: deps
	clang-format --dry-run --Werror $(SOURCES)

bench: build
	bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) out
