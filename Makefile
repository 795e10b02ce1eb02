# Shortcuts for people who like one; each line is the plain command it runs.
.PHONY: build test format lint bench bench-reports run

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

# The reports' timings (HTML, XLSX, DOCX for the demo; a 10,000-sort workbook), release mode.
bench-reports:
	swift run -c release ReportBenchmark

run:
	swift run poetq serve
