#!/usr/bin/env bash
# Runs the whole Iris platform on this machine: an embedded PostgreSQL, Kafka broker and SMTP sink,
# then the five services as separate processes. Ctrl-C stops everything it started.
#
#   ./run.sh [--fresh] [--data-dir DIR] [--build | --no-build] [--no-demo]
#
# State (database, Kafka log, signing keys, logs) lives in the data directory (default .iris-data/)
# and survives restarts; --fresh starts from nothing. A fresh data directory gets the demo studies
# (scripts/load-demo.sh) once the platform is ready, unless --no-demo.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
. scripts/lib/env.sh

DATA_DIR="${IRIS_DATA_DIR:-$ROOT/.iris-data}"
FRESH=0
BUILD=auto
DEMO=1
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) FRESH=1 ;;
    --data-dir) DATA_DIR="$2"; shift ;;
    --build) BUILD=always ;;
    --no-build) BUILD=never ;;
    --no-demo) DEMO=0 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)

# name:port — the order is the start order (identity first: the others validate its tokens).
SERVICES="identity-service:8081 study-index-service:8082 dicomweb-gateway:8080 transcode-worker:8083 notification-service:8084"
PG_PORT=15432 KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 SMTP_PORT=12525 IMAP_PORT=12143 DIMSE_PORT=11112
STACK_CP="embedded-stack/target/iris-embedded-stack-0.1.0-SNAPSHOT.jar:embedded-stack/target/lib/*"
JAVA_OPTS="${IRIS_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}"

say() { printf '%s\n' "$*"; }

# --- build when an artifact is missing or older than the sources ---
artifacts() {
  echo embedded-stack/target/iris-embedded-stack-0.1.0-SNAPSHOT.jar
  for s in $SERVICES; do echo "${s%%:*}/target/quarkus-app/quarkus-run.jar"; done
}
needs_build() {
  local a
  for a in $(artifacts); do
    [ -f "$a" ] || return 0
    [ -z "$(find . -path ./.iris-data -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$a" -print -quit)" ] || return 0
  done
  return 1
}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && needs_build; }; then
  say "Building (first run or sources changed)..."
  bash scripts/bootstrap.sh
  ./mvnw -B -q install -DskipTests
elif [ "$BUILD" = never ]; then
  for a in $(artifacts); do [ -f "$a" ] || { echo "error: $a is missing; run without --no-build" >&2; exit 1; }; done
fi

# --- refuse to start over something else ---
for port in $PG_PORT $KAFKA_PORT $KAFKA_CONTROLLER_PORT $SMTP_PORT $IMAP_PORT $DIMSE_PORT 8080 8081 8082 8083 8084; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port is already in use (another Iris still running?)." >&2
    exit 1
  fi
done

# The demo is loaded into a fresh data directory only (never twice into the same database).
[ "$FRESH" = 1 ] || [ ! -d "$DATA_DIR/stack" ] || DEMO=0
if [ "$FRESH" = 1 ]; then
  say "Starting fresh: removing $DATA_DIR/*"
  rm -rf "${DATA_DIR:?}/stack" "${DATA_DIR:?}/identity" "${DATA_DIR:?}/logs"
fi
mkdir -p "$DATA_DIR/logs" "$DATA_DIR/identity"
LOGS="$DATA_DIR/logs"

PIDS=()
STACK_PID=""
stop_all() {
  trap - INT TERM EXIT
  say ""
  say "Stopping Iris..."
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait_for_exit "$pid"; done
  if [ -n "$STACK_PID" ]; then
    kill -TERM "$STACK_PID" 2>/dev/null || true
    wait_for_exit "$STACK_PID"
  fi
  say "Stopped."
}
wait_for_exit() {
  local pid=$1 i
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}
on_signal() { stop_all; exit 0; }
trap on_signal INT TERM
trap stop_all EXIT

fail() {
  echo "error: $1" >&2
  [ -n "${2:-}" ] && [ -f "$2" ] && { echo "--- last lines of $2 ---" >&2; tail -40 "$2" >&2; }
  exit 1
}

# --- embedded PostgreSQL, Kafka, SMTP ---
say "Starting embedded PostgreSQL (:$PG_PORT), Kafka (:$KAFKA_PORT) and SMTP (:$SMTP_PORT)..."
rm -f "$DATA_DIR/stack/stack.properties"
java -Xmx512m -cp "$STACK_CP" org.irisimaging.embedded.DevStack --data-dir "$DATA_DIR/stack" \
  --pg-port $PG_PORT --kafka-port $KAFKA_PORT --kafka-controller-port $KAFKA_CONTROLLER_PORT \
  --smtp-port $SMTP_PORT --imap-port $IMAP_PORT > "$LOGS/stack.log" 2>&1 &
STACK_PID=$!
for _ in $(seq 1 240); do
  [ -f "$DATA_DIR/stack/stack.properties" ] && break
  kill -0 "$STACK_PID" 2>/dev/null || fail "the embedded stack stopped" "$LOGS/stack.log"
  sleep 0.5
done
[ -f "$DATA_DIR/stack/stack.properties" ] || fail "the embedded stack did not start in 120 s" "$LOGS/stack.log"

# --- the five services (dev profile: demo accounts, dev client, dev sign-in) ---
for s in $SERVICES; do
  name=${s%%:*}
  # On one machine, ingest answers PACS first: renditions take only the CPU it leaves idle (in
  # Kubernetes the worker has its own CPU). SCHED_IDLE rather than nice: a C-STORE's many short
  # wake-ups then preempt a rendition at once instead of waiting for its time slice. chrt and nice
  # exec java, so the PID is java's.
  priority=()
  if [ "$name" = transcode-worker ]; then
    if command -v chrt > /dev/null; then priority=(chrt --idle 0); else priority=(nice -n 19); fi
  fi
  # shellcheck disable=SC2086
  "${priority[@]}" java $JAVA_OPTS -Dquarkus.profile=dev \
    -Diris.identity.signing.key-file="$DATA_DIR/identity/signing-keys.json" \
    -Diris.blob.root="$DATA_DIR/blobs" -Diris.ingest.spool-directory="$DATA_DIR/spool" \
    -jar "$name/target/quarkus-app/quarkus-run.jar" > "$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
done
i=0
for s in $SERVICES; do
  name=${s%%:*} port=${s##*:} pid=${PIDS[$i]}
  i=$((i + 1))
  for _ in $(seq 1 360); do
    curl -fsS -o /dev/null "http://localhost:$port/q/health/ready" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "$name stopped during startup" "$LOGS/$name.log"
    sleep 0.5
  done
  curl -fsS -o /dev/null "http://localhost:$port/q/health/ready" || fail "$name not ready after 180 s" "$LOGS/$name.log"
  say "  $name ready on http://localhost:$port"
done

# --- demo studies (fresh data directory only) ---
DEMO_LINES=""
if [ "$DEMO" = 1 ]; then
  for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$DIMSE_PORT") 2>/dev/null && break; sleep 0.5; done
  if bash scripts/load-demo.sh --port "$DIMSE_PORT" > "$LOGS/load-demo.log" 2>&1; then
    say "  demo studies loaded (DEMO-1, DEMO-2, DEMO-3)"
    DEMO_LINES="
Demo studies DEMO-1..3 (accession numbers), sent from AE STORESCU = establishment 750000001;
  DEMO-1 (CT) also holds its reports: a text SR and a PDF.
  Who finds what at http://localhost:8080/studies (with that account's token):
    prescriber      DEMO-1 only: its Referring Physician Identification Sequence names her;
                    DEMO-3 has her name but no identifier (no access by name)
    site-admin      DEMO-1, DEMO-2 and DEMO-3: staff of establishment 750000001
    platform-admin  every study
  The prescriber's patients: http://localhost:8080/api/my-patients (with her token)"
  else
    say "  warning: the demo studies could not be loaded; see $LOGS/load-demo.log"
    DEMO_LINES="
Demo studies: loading failed (see $LOGS/load-demo.log)."
  fi
fi

cat <<EOF

Iris is running.

  Portal                http://localhost:8080/       sign in as a demo account below, password
                                                     Iris-demo-2025; the one-time code that follows:
                                                     bash scripts/demo-mailbox.sh prescriber
  Public origin         http://localhost:8080        DICOMweb, platform APIs (/api/...) and the OpenID
                                                     provider (/.well-known/openid-configuration)
  DIMSE                 AE IRIS on port $DIMSE_PORT
  identity-service      http://localhost:8081
  study-index-service   http://localhost:8082
  transcode-worker      http://localhost:8083
  notification-service  http://localhost:8084
  Swagger UI            http://localhost:<port>/q/swagger-ui    OpenAPI: /q/openapi
  PostgreSQL            localhost:$PG_PORT  database iris, user iris, password iris
  Kafka                 localhost:$KAFKA_PORT
  SMTP sink             localhost:$SMTP_PORT (read mails over IMAP on localhost:$IMAP_PORT)
  Data and logs         $DATA_DIR

Demo accounts (dev profile): prescriber, site-admin, platform-admin
  Service token (client dev-cli):
    curl -s -u dev-cli:dev-secret -d grant_type=client_credentials http://localhost:8080/token
  User token for a demo account:
    curl -s -u dev-cli:dev-secret -d username=prescriber http://localhost:8081/dev/sign-in
  Then: curl -H "Authorization: Bearer \$TOKEN" http://localhost:8080/api/audit/sign-ins
$DEMO_LINES

Press Ctrl-C to stop.
EOF

# Wait until a signal arrives or a service dies.
while true; do
  for pid in "${PIDS[@]}" "$STACK_PID"; do
    kill -0 "$pid" 2>/dev/null || { echo "error: a process of the platform stopped; see $LOGS" >&2; exit 1; }
  done
  sleep 2 &
  wait $! || true
done
