#!/usr/bin/env bash
# Runs every test: the Kubernetes manifest checks, unit tests, @QuarkusTest integration tests
# against embedded PostgreSQL and Kafka, and the end-to-end tests of the real platform started
# through ./run.sh, the fuzz suite among them (docs/security-tests.md).
# Installs its own prerequisites (Debian packages, PixelMed into the local Maven repository).
#
#   ./test.sh [extra Maven arguments, e.g. -pl identity-service -am]
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib/env.sh
bash scripts/bootstrap.sh
bash deploy/kubernetes/check.sh > /dev/null || { bash deploy/kubernetes/check.sh | grep -v '^ok'; exit 1; }
./mvnw -B verify "$@"
