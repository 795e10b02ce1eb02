# Shortcuts for people who like one; each line is the plain command it runs.
.PHONY: build test format lint bench run

build:
	swift build

test:
	swift test

format:
	swift format --in-place --recursive Package.swift Sources Tests Benchmarks

lint:
	swift format lint --strict --recursive Package.swift Sources Tests Benchmarks

# Timings live here, never in tests: a release build of the engine benchmark.
bench:
	swift run -c release EngineBenchmark

run:
	swift run poetq serve
