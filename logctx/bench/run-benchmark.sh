#!/usr/bin/env bash
# Benchmarks `logctx trace` against `grep -F` and `jq` on a generated JSON log file of about 1.1 GB.
#
#   ./mvnw -B -pl logctx -am package -DskipTests      # builds logctx/target/logctx.jar
#   logctx/bench/run-benchmark.sh [SIZE_MB]           # needs a JDK, hyperfine and jq
#
# The file is generated once into /tmp (never into the repository). Every command writes its
# matches to a file: with its output on /dev/null, GNU grep stops at the first match.
set -euo pipefail
cd "$(dirname "$0")/../.."

id=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b
file=/tmp/logctx-bench.json
size_mb="${1:-1100}"
if [ ! -f "$file" ]; then
  java logctx/bench/GenerateLogs.java "$file" "$size_mb"
fi
cat "$file" > /dev/null # page cache

hyperfine --warmup 2 --runs 15 --export-markdown /tmp/logctx-bench-fast.md \
  -n 'grep -F' "grep -F $id $file > /tmp/bench-grep.out" \
  -n 'logctx trace --json' "logctx/bin/logctx trace --json $id $file > /tmp/bench-logctx-json.out" \
  -n 'logctx trace' "logctx/bin/logctx trace $id $file > /tmp/bench-logctx.out"

hyperfine --warmup 1 --runs 3 --export-markdown /tmp/logctx-bench-jq.md \
  -n 'jq -c select' "jq -c 'select(.correlation_id==\"$id\")' $file > /tmp/bench-jq.out"

# The same events: grep also finds the decoys (id inside a longer id or a message), jq and logctx not.
wc -l /tmp/bench-grep.out /tmp/bench-jq.out /tmp/bench-logctx-json.out /tmp/bench-logctx.out
cmp /tmp/bench-jq.out /tmp/bench-logctx-json.out && echo "jq and logctx --json print the same lines"
