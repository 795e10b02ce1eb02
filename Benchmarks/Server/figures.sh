#!/bin/sh
# The load figures of docs/operations.md in one go: SQLite and PostgreSQL at 50, 200 and 1,000
# zero-pause participants, then one participant alone (a save's own latency), against one binary.
#   Benchmarks/Server/figures.sh .build/release/poetq postgres://poetq:poetq@127.0.0.1:5432/poetq_bench OUTDIR
# The PostgreSQL database's public schema is emptied before each run. Each run prints its own figures
# and exits non-zero on any error or lost save; this script stops at the first such run.
set -e
poetq=${1:?binary}; database=${2:?postgres url}; out=${3:-bench-out}
mkdir -p "$out"
here=$(dirname "$0")
for n in 50 200 1000; do
  seconds=$([ "$n" = 1000 ] && echo 300 || echo 120)
  python3 "$here/load.py" --poetq "$poetq" --participants "$n" --seconds "$seconds" | tee "$out/sqlite-$n.txt"
  python3 "$here/load.py" --poetq "$poetq" --participants "$n" --seconds "$seconds" --database-url "$database" \
    | tee "$out/postgres-$n.txt"
done
python3 "$here/load.py" --poetq "$poetq" --participants 1 --seconds 30 | tee "$out/sqlite-alone.txt"
python3 "$here/load.py" --poetq "$poetq" --participants 1 --seconds 30 --database-url "$database" | tee "$out/postgres-alone.txt"
