# CivicPulse: `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/debug/civicpulse
DEMO_FROM := 2026-11-16
DEMO_TO := 2026-11-22
# argument-parser's man page generator, built from the pinned dependency (its generate-manual
# plugin does the same, but `swift package plugin` hangs here after building it)
GENERATE_MANUAL := .build/debug/generate-manual
PREFIX ?= /usr/local
# Reaches the install recipe through the environment, never inside a command's text. Given on
# make's command line, a `$` in it is expanded by make itself (`$x` becomes nothing) and the files
# would go to another folder: refused, since the environment keeps it as written.
ifeq ($(origin PREFIX),command line)
ifneq ($(value PREFIX),$(PREFIX))
$(error PREFIX holds a $$ that make would expand; give it through the environment instead: PREFIX='...' make install)
endif
endif
export PREFIX
# scripts/live-demo's options, through the environment (LIVE_SPEED, LIVE_PORT, LIVE_REFRESH).
export LIVE_SPEED LIVE_PORT LIVE_REFRESH

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# swift build writes the package's path unescaped into JSON files of its own
# (output-file-map.json), so it cannot build in a folder whose path holds a double quote. In such a
# clone every other target runs in a copy of the sources, refreshed each time in a folder without
# one (its .build stays warm there), and says where. Paths reach commands only through the
# environment, never inside a command's text.
ifneq ($(findstring ",$(CURDIR)),)
export CIVICPULSE_BUILD_COPY := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/civicpulse/clone-$(shell pwd | cksum | cut -d' ' -f1)
export CIVICPULSE_CLONE := $(CURDIR)
export CIVICPULSE_SAMPLES ?= $(CURDIR)/../shared/samples

# What a target writes for the user (bench results, screenshots, fuzz crashes) comes back here.
deps build demo live-demo test conformance summary-screenshot chaos fuzz install bench: build-copy
	@status=0; $(MAKE) --no-print-directory -C "$$CIVICPULSE_BUILD_COPY" $@ || status=$$?; scripts/refresh-build-copy --back; exit $$status

# The demo's cluster in the copy, then the copy the demo was built in (its sources and .build, about
# 1 GB): left in the cache, it outlived the demo. What bench and fuzz keep there stays.
clean-demo:
	@if [ -d "$$CIVICPULSE_BUILD_COPY" ]; then $(MAKE) --no-print-directory -C "$$CIVICPULSE_BUILD_COPY" $@; fi
	@scripts/refresh-build-copy --remove

build-copy:
	@scripts/refresh-build-copy

else
deps: ## install PostgreSQL server and libpq headers from Debian if missing (needs root)
	@scripts/install-deps

build: deps ## build the civicpulse command
	$(SWIFT) build

demo: build ## ingest the sample week into the embedded PostgreSQL, process it, print the dashboard
	@# exit status 3: some records were quarantined, as the sample's injected defects should be
	$(BIN) ingest -q samples/harbourside || [ $$? -eq 3 ]
	$(BIN) process
	$(BIN) dashboard --from $(DEMO_FROM) --to $(DEMO_TO)

live-demo: build ## the sample week's Page webhooks posted live into serve while the dashboard refreshes (LIVE_SPEED 1-200 a second, LIVE_REFRESH, LIVE_PORT)
	@CIVICPULSE_BIN=$(BIN) scripts/live-demo

# The tests run `make install`, which needs the man page generator: built first, as a build inside
# `swift test` would wait for the lock that `swift test` holds on .build.
test: build $(GENERATE_MANUAL) ## build and run every test against a throwaway PostgreSQL
	bench/check-table.sh
	scripts/with-test-postgres $(SWIFT) test --disable-swift-testing

conformance: build ## run every recorded platform payload in ../shared/samples through the readers
	@scripts/conformance.sh

clean-demo: ## stop and delete the embedded PostgreSQL of .civicpulse, wherever its data is kept, and .civicpulse (and the build copy, in a clone whose path holds a ")
	-$(BIN) db local delete --dir .civicpulse/pg
	rm -rf .civicpulse

summary-screenshot: build ## render the demo week's HTML summary in headless Chromium (390px and 1280px) into docs/screenshots
	@scripts/summary-screenshot

chaos: build ## SIGKILL ingest and process, crash PostgreSQL mid-ingest and mid-follow; compare each round with a clean run (CHAOS_SECONDS 300, CHAOS_ROUNDS, CHAOS_SEED to replay)
	@scripts/chaos

fuzz: deps ## libFuzzer on the JSON parser and every reader for FUZZ_SECONDS (600), seeded from the fixtures; builds fuzz/ with sanitizers
	@scripts/fuzz

$(GENERATE_MANUAL):
	$(SWIFT) build --product generate-manual

install: build $(GENERATE_MANUAL) ## put civicpulse, its man page and bash, zsh and fish completions under PREFIX (default /usr/local)
	install -d "$$PREFIX/bin" "$$PREFIX/share/man/man1" "$$PREFIX/share/bash-completion/completions" \
		"$$PREFIX/share/zsh/site-functions" "$$PREFIX/share/fish/vendor_completions.d"
	install -m 755 $(BIN) "$$PREFIX/bin/civicpulse"
	$(GENERATE_MANUAL) "$$PREFIX/bin/civicpulse" --output-directory "$$PREFIX/share/man/man1"
	"$$PREFIX/bin/civicpulse" --generate-completion-script bash > "$$PREFIX/share/bash-completion/completions/civicpulse"
	"$$PREFIX/bin/civicpulse" --generate-completion-script zsh > "$$PREFIX/share/zsh/site-functions/_civicpulse"
	"$$PREFIX/bin/civicpulse" --generate-completion-script fish > "$$PREFIX/share/fish/vendor_completions.d/civicpulse.fish"

BENCH_SIZES ?= 100000 1000000 10000000

bench: deps ## benchmarks (not CI): release build, throwaway PostgreSQL, figures beside the previous run, targets met or not, bench/results/*.json (about 30 min, plus the rebuild-equals-incremental check of each size, about 20 min at 10M); exit 1 when a rebuild differs; BENCH_SIZES="100000 1000000" for a quick one, BENCH_ONLY=serve for serve's figures alone, BENCH_ONLY=ingest for ingest against raw copy alone, BENCH_ONLY=before for ingest and processing against BENCH_BEFORE (the code before issue 22) alone
	$(SWIFT) build -c release --scratch-path .build-release
	BENCH_SIZES="$(BENCH_SIZES)" bench/bench.sh

endif

.PHONY: help build-copy deps build install demo live-demo test conformance clean-demo summary-screenshot bench chaos fuzz
