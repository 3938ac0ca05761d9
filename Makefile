# vitrine — see README.md. `make run` publishes the demo, `make test` runs
# every test.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -X main.version=$(VERSION)

# versitygw is the S3 server the tests publish to; `make tools` installs
# it here, and the tests find it through VITRINE_VERSITYGW.
TOOLS          := $(CURDIR)/.tools
VERSITYGW_MOD  := github.com/versity/versitygw
VERSITYGW_VER  := v1.8.0
VERSITYGW      := $(TOOLS)/versitygw
export VITRINE_VERSITYGW := $(VERSITYGW)

# Fuzz targets that `make test` runs briefly, as package:Target. The
# budget is a number of runs, not seconds: Go 1.26 can fail a fuzz run
# whose -fuzztime clock ends while a worker is busy (golang/go#75804).
# FUZZTIME=1000000x make fuzz digs deeper.
FUZZ     := ./internal/content:FuzzReadTimes ./internal/content:FuzzProjectYAML \
            ./internal/content:FuzzNotes ./internal/links:FuzzLoad ./internal/render:FuzzMarkdown
FUZZTIME ?= 10000x

.PHONY: run test fuzz build lint cross dist bench bench-compare bench-smoke bench-deps clean tools deps

## run: publish the demo records in site/ to public/ and print each link
run:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/vitrine publish

## test: all tests, with the race detector, against a real S3 server;
## then each fuzz target for $(FUZZTIME)
test: tools
	$(GO) test -race -count=1 ./...
	@$(MAKE) --no-print-directory fuzz

## fuzz: each target of FUZZ for FUZZTIME (the seed corpus also runs in go test)
fuzz:
	@for t in $(FUZZ); do \
		echo "fuzz $${t##*:} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}" || exit 1; \
	done

## tools: install versitygw $(VERSITYGW_VER) into .tools/, unless it is there
tools:
	@if $(GO) version -m $(VERSITYGW) 2>/dev/null | grep -q "mod[[:space:]]*$(VERSITYGW_MOD)[[:space:]]*$(VERSITYGW_VER)[[:space:]]"; then :; else \
		echo "installing versitygw $(VERSITYGW_VER) into $(TOOLS)"; \
		GOBIN=$(TOOLS) $(GO) install $(VERSITYGW_MOD)/cmd/versitygw@$(VERSITYGW_VER); \
	fi

## deps: Debian packages the browser, QR and shell completion tests use
## (needs root; CI runs it)
deps:
	@if ! command -v chromium >/dev/null || ! command -v zbarimg >/dev/null || [ ! -f /usr/share/bash-completion/bash_completion ]; then \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core zbar-tools bash-completion; \
	fi

## build: the vitrine binary in bin/
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/vitrine ./cmd/vitrine

## lint: formatting and vet
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## cross: go vet for every system the office may run vitrine on
CROSS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
cross:
	@for t in $(CROSS); do \
		echo "go vet for $$t"; \
		GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./... || exit 1; \
	done

## bench: benchmarks (some against versitygw); compare runs with benchstat
bench: tools
	$(GO) test -run '^$$' -bench . -benchmem -count=6 ./... | tee bench.out

## dist: release archives of vitrine for Windows (zip), macOS and Linux on
## amd64 and arm64, with the README and a sample config, into $(DIST)
DIST ?= dist
dist:
	$(GO) run ./scripts/dist -out $(DIST) -version $(VERSION)

## bench-compare: vitrine against Hugo, rclone and aws on N generated links
## (N=1000,10000 for several sizes), best of RUNS; the table goes to
## bench-compare.md. scripts/benchcompare -h tells more.
N    ?= 1000
RUNS ?= 3
bench-compare: tools bench-deps
	$(GO) run ./scripts/benchcompare -n $(N) -runs $(RUNS) -out bench-compare.md

## bench-deps: the Debian packages bench-compare measures against, and GNU
## time (needs root)
bench-deps:
	@if ! command -v hugo >/dev/null || ! command -v rclone >/dev/null || ! command -v aws >/dev/null || [ ! -x /usr/bin/time ]; then \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends hugo rclone awscli time; \
	fi

## bench-smoke: every step of bench-compare once on a few links (CI runs
## it; its timings mean nothing)
bench-smoke: tools bench-deps
	$(GO) run ./scripts/benchcompare -smoke

clean:
	rm -rf bin public .vitrine bench.out bench-compare.md dist
