#!/usr/bin/env bash
# Runs every test: unit tests, @QuarkusTest integration tests against embedded PostgreSQL and
# Kafka, and the end-to-end smoke test of the real platform started through ./run.sh.
# Installs its own prerequisites (Debian packages, PixelMed into the local Maven repository).
#
#   ./test.sh [extra Maven arguments, e.g. -pl identity-service -am]
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib/env.sh
bash scripts/bootstrap.sh
./mvnw -B verify "$@"
