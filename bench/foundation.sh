#!/usr/bin/env bash
# Measures the foundation's numbers and prints a table: build time (warm Maven cache; cold with
# --cold, from an empty local repository), test suite time (--tests), platform start time, idle
# RSS of each process, stop time. Method and latest table: docs/benchmarks.md.
#
#   bench/foundation.sh [--cold] [--tests]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh

COLD=0 TESTS=0
for a in "$@"; do
  case "$a" in --cold) COLD=1 ;; --tests) TESTS=1 ;; *) echo "unknown option $a" >&2; exit 2 ;; esac
done

now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }
rows=()
row() { rows+=("$(printf '| %-44s | %12s |' "$1" "$2")"); }

bash scripts/bootstrap.sh

if [ "$COLD" = 1 ]; then
  repo=$(mktemp -d)
  t=$(now)
  MAVEN_OPTS="-Dmaven.repo.local=$repo" bash scripts/bootstrap.sh >/dev/null
  MAVEN_OPTS="-Dmaven.repo.local=$repo" ./mvnw -B -q clean install -DskipTests
  row "cold build, empty local repository (s)" "$(since "$t")"
  rm -rf "$repo"
fi

t=$(now)
./mvnw -B -q clean install -DskipTests
row "warm build, clean install -DskipTests (s)" "$(since "$t")"

if [ "$TESTS" = 1 ]; then
  t=$(now)
  ./test.sh -q >/dev/null
  row "./test.sh, whole suite (s)" "$(since "$t")"
fi

data=$(mktemp -d)
out="$data/run.out"
t=$(now)
./run.sh --no-build --fresh --data-dir "$data" > "$out" 2>&1 &
run_pid=$!
until grep -q "Iris is running." "$out"; do
  kill -0 "$run_pid" 2>/dev/null || { cat "$out"; exit 1; }
  sleep 0.2
done
row "platform start, fresh data dir (s)" "$(since "$t")"

sleep 30   # idle: startup garbage collected, nothing requested
for name in identity-service study-index-service dicomweb-gateway transcode-worker notification-service; do
  pid=$(pgrep -f "$name/target/quarkus-app/quarkus-run.jar")
  row "idle RSS $name (MB)" "$(( $(ps -o rss= -p "$pid") / 1024 ))"
done
stack=$(pgrep -f org.irisimaging.embedded.DevStack)
row "idle RSS embedded stack JVM (MB)" "$(( $(ps -o rss= -p "$stack") / 1024 ))"
row "idle RSS PostgreSQL processes, sum (MB)" "$(ps -o rss= -C postgres | awk '{ s += $1 } END { print int(s / 1024) }')"

t=$(now)
kill -TERM "$run_pid"
wait "$run_pid" || true
row "stop after SIGTERM (s)" "$(since "$t")"
rm -rf "$data"

echo
echo "Iris foundation — $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo
printf '| %-44s | %12s |\n' "measure" "value"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..14})"
printf '%s\n' "${rows[@]}"
