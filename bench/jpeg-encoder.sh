#!/usr/bin/env bash
# Throughput of the JPEG lossless encoder (org.irisimaging.dicom.jpeg, process 14 SV1) on one
# thread: a synthetic 512x512 CT-like frame (16-bit words, 12 bits stored, anatomy plus noise)
# encoded repeatedly after a warm-up. Prints Mpixel/s (median of the timed rounds) and the
# compressed size relative to the original. Builds the dicom module's classes first, offline.
#
#   bench/jpeg-encoder.sh [rounds] [seconds-per-round]     (default 7 rounds of 1 s)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/env.sh

cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -o -f dicom/pom.xml test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null

echo "$(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "dicom/target/test-classes:dicom/target/classes:$(cat "$cp_file")" \
  org.irisimaging.dicom.jpeg.EncoderBenchmark "$@"
