# vitrine — see README.md. `make run` publishes the demo, `make test` runs
# every test.

GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run test build lint bench clean

## run: publish the demo records in site/ to public/ and print each link
run:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/vitrine publish

## test: all tests, with the race detector
test:
	$(GO) test -race -count=1 ./...

## build: the vitrine binary in bin/
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/vitrine ./cmd/vitrine

## lint: formatting and vet
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## bench: benchmarks; compare runs with benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=6 ./... | tee bench.out

clean:
	rm -rf bin public .vitrine bench.out
