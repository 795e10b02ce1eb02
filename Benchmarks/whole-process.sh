#!/bin/sh
# Whole-process figures of `poetq analyze` (wall clock, CPU and peak memory as /usr/bin/time -v
# reports them) on the synthetic sets of `EngineBenchmark --write-data`: centroid and PCA at
# 1,000 × 40 (qmethod's bare call is timed on the same set in R), and 100,000 × 60 PCA with its JSON
# (target: under 1 s and 500 MB). Run from the package root after a release build:
#   swift build -c release --product poetq && swift build -c release --product EngineBenchmark
#   sh Benchmarks/whole-process.sh [RUNS]      (BIN=DIR to time other binaries)
# Each line gives the run with the median wall clock: its wall, CPU (user + system) and peak RSS.
set -eu
runs=${1:-5}
bin=${BIN:-.build/release}
data=${TMPDIR:-/tmp}/poetq-whole-process
"$bin/EngineBenchmark" --write-data "$data" >/dev/null
out=$(mktemp)
run() {
  name=$1
  shift
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "%e %U %S %M" -o "$out.t" "$bin/poetq" "$@" >/dev/null 2>"$out.err" || {
      cat "$out.err"
      exit 1
    }
    cat "$out.t"
    i=$((i + 1))
  done | sort -n | awk -v name="$name" '{ wall[NR] = $1; cpu[NR] = $2 + $3; rss[NR] = $4 }
    END { m = int((NR + 1) / 2); printf "%-44s wall median %6.3f s  CPU %6.3f s  peak %5.0f MiB  (%d runs)\n",
      name, wall[m], cpu[m], rss[m] / 1024, NR }'
}
small=$data/synthetic-1000x40.csv
run "centroid (pqmethod), 1,000 × 40, JSON" analyze "$small" --format json
run "centroid (qmethod, 3 factors), 1,000 × 40, JSON" analyze "$small" --profile qmethod --factors 3 --format json
run "centroid (pqmethod), 1,000 × 40, text" analyze "$small"
run "PCA (pqmethod), 1,000 × 40, JSON" analyze "$small" --extraction pca --format json
run "PCA (qmethod, 3 factors), 1,000 × 40, JSON" analyze "$small" --extraction pca --profile qmethod --factors 3 --format json
run "PCA 5, 100,000 × 60, JSON" analyze "$data/synthetic-100000x60.csv" --extraction pca --factors 5 --format json
rm -f "$out" "$out.t" "$out.err"
