#!/usr/bin/env bash
# Ingest and DICOMweb benchmark, Iris against a local Orthanc (Debian's orthanc and
# orthanc-dicomweb) in the same run; prints one table. Measures, for each system: C-STORE of a
# synthetic 500-slice CT (512x512, 16-bit) with 1 association (3 studies, median) and with 4,
# STOW-RS of the same kind of study, QIDO-RS p50/p95 with N small studies indexed, study metadata
# p50/p95, and whole-study WADO-RS; for Iris also: its study ONLINE after the last C-STORE, the renditions'
# bytes, and the export of the study READY after its request. Method and latest table: docs/benchmarks.md.
#
#   bench/dicomweb.sh [--only iris|orthanc] [--studies N] [--queries N] [--stow-batch N] [--slices N]
#
#   --only       measure one system (default: both, one after the other, each alone)
#   --studies    studies in the index before the measures (default 10000)
#   --queries    QIDO-RS queries measured (default 200, after as many unmeasured, at least 20)
#   --stow-batch instances per STOW-RS request (default 50)
#   --slices     slices of the CT study (default 500; fewer only to try the script quickly)
#
# Iris is started with ./run.sh --no-build --fresh --no-demo --data-dir <temp dir> (build it first) and
# stopped with SIGTERM at the end; IRIS_EXTERNAL=1 measures an Iris that is already running instead
# (IRIS_DICOMWEB, IRIS_TOKEN_URL, IRIS_DIMSE=AET@host:port override where it answers). Orthanc runs
# from a temporary config and storage on 127.0.0.1 ports 18042 (HTTP) and 14242 (DICOM), never as
# the system service, with its built-in defaults but TCP_NODELAY=1 (ORTHANC_TCP_NODELAY=0 for
# none; ORTHANC_EXTRA adds config members, e.g. '"StorageAccessOnFind": "Never"'), then once more
# as installed (no TCP_NODELAY) for the 1-association C-STORE, the ingest target's reference. Generated
# data is cached under ${TMPDIR:-/tmp}/iris-bench-dicomweb/ (about 1.8 GB with the defaults; delete
# it freely). An Iris measure that fails prints "n/a (reason)" and the run goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ARGS="$*"
ONLY=both STUDIES=10000 QUERIES=200 STOW_BATCH=50 SLICES=500
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="${2:-}"; shift ;;
    --studies) STUDIES="${2:-}"; shift ;;
    --queries) QUERIES="${2:-}"; shift ;;
    --stow-batch) STOW_BATCH="${2:-}"; shift ;;
    --slices) SLICES="${2:-}"; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$ONLY" in both|iris|orthanc) ;; *) echo "--only takes iris or orthanc" >&2; exit 2 ;; esac
for n in "$STUDIES" "$QUERIES" "$STOW_BATCH" "$SLICES"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "not a positive number: $n" >&2; exit 2; }
done

SIZE=512                     # rows and columns of the CT slices
WARMUP_QUERIES=$((QUERIES > 20 ? QUERIES : 20))   # QIDO-RS queries sent first, not measured (the list again)
METADATA_RUNS=20             # measured study metadata requests (after one unmeasured)
WADO_WARMUP=20               # whole-study WADO-RS retrievals first, not measured (both systems)
WARMUP_STUDIES=6             # CT studies by C-STORE before the ingest measures, not measured (both systems)
WADO_RUNS=9                  # whole-study WADO-RS retrievals (median reported)
LOAD_ASSOCIATIONS=4          # parallel storescu processes that load the index (not measured)
ORTHANC_HTTP=18042 ORTHANC_DICOM=14242
IRIS_DICOMWEB="${IRIS_DICOMWEB:-http://localhost:8080}"
IRIS_TOKEN_URL="${IRIS_TOKEN_URL:-http://localhost:8081/token}"
IRIS_DIMSE="${IRIS_DIMSE:-IRIS@localhost:11112}"
IRIS_EXTERNAL="${IRIS_EXTERNAL:-0}"
ORTHANC_TCP_NODELAY="${ORTHANC_TCP_NODELAY:-1}"   # 0: Orthanc's DICOM server as it comes
ORTHANC_EXTRA="${ORTHANC_EXTRA:-}"   # more members of Orthanc's config, e.g. '"SyncStorageArea": false'

PY=/usr/bin/python3          # Debian's Python, where python3-pydicom and python3-numpy live
DEB_PACKAGES=(orthanc orthanc-dicomweb dcmtk python3-pydicom python3-numpy curl jq)

say() { echo "dicomweb: $*" >&2; }
die() { echo "dicomweb: error: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.3f", e - s }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# ------------------------------------------------------------------ what the benchmark needs
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/debian-packages.sh"
ensure_packages
DICOMWEB_SO=$(dpkg -L orthanc-dicomweb | grep -m1 -E '/libOrthancDicomWeb\.so[.0-9]*$' || true)
[ -n "$DICOMWEB_SO" ] || die "no libOrthancDicomWeb.so in orthanc-dicomweb (dpkg -L)"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

WORK=$(mktemp -d)
ORTHANC_PID="" IRIS_PID="" CLIENT_PIDS=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ ${#CLIENT_PIDS[@]} = 0 ] || kill -TERM "${CLIENT_PIDS[@]}" 2>/dev/null || true
  stop_orthanc
  stop_iris
  if [ "$rc" = 0 ]; then
    rm -rf "$WORK"
  else
    rm -rf "$WORK/orthanc/db" "$WORK/iris/blobs"
    say "logs kept in $WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ data, cached by parameters
CACHE="${TMPDIR:-/tmp}/iris-bench-dicomweb"
GEN="$ROOT/bench/dicomweb/generate.py"
GEN_VERSION=$(sha1sum "$GEN" | cut -c1-10)
CT="$CACHE/ct-$SLICES-$SIZE-$GEN_VERSION"
STOW="$CACHE/stow-$SLICES-$SIZE-b$STOW_BATCH-$GEN_VERSION"
INDEX="$CACHE/index-$STUDIES-q$QUERIES-$GEN_VERSION"
WARMUP="$CACHE/ct-$SLICES-$SIZE-warmup-$GEN_VERSION"
REPEAT="$CACHE/ct-$SLICES-$SIZE-repeat-$GEN_VERSION"   # the C-STORE x1 measure's 2nd and 3rd studies
mkdir -p "$CACHE"
generate() { # <dir> <generate.py arguments...>: into <dir>.tmp, renamed when complete
  local dir="$1"; shift
  [ -d "$dir" ] && return 0
  rm -rf "$dir.tmp"
  local t
  t=$(now)
  "$PY" "$GEN" "$1" "$dir.tmp" "${@:2}" || die "data generation failed"
  mv "$dir.tmp" "$dir"
  say "generated $(du -sh "$dir" | cut -f1) in $(since "$t") s: $dir"
}
say "data: $SLICES-slice CT x $((WARMUP_STUDIES + 5)) ($WARMUP_STUDIES warm-up, C-STORE x1 three times, C-STORE x4, STOW-RS) and $STUDIES index studies, cached in $CACHE"
generate "$CT" ct --slices "$SLICES" --size "$SIZE" --variants a,b,c
generate "$STOW" stow --from "$CT/c" --batch "$STOW_BATCH"
generate "$INDEX" index --studies "$STUDIES" --queries "$QUERIES"
WARMUP_VARIANTS=$(seq -s, -f 'w%g' 1 "$WARMUP_STUDIES")
generate "$WARMUP-$WARMUP_STUDIES" ct --slices "$SLICES" --size "$SIZE" --variants "$WARMUP_VARIANTS"
generate "$REPEAT" ct --slices "$SLICES" --size "$SIZE" --variants r1,r2
UID_A=$(cat "$CT/a/study-uid") UID_B=$(cat "$CT/b/study-uid") UID_C=$(cat "$CT/c/study-uid")
CT_BYTES=$(find "$CT/a" -name '*.dcm' -printf '%s\n' | awk '{ s += $1 } END { print s }')
CT_MB=$(calc "%.0f" "$CT_BYTES / 1e6")
mapfile -t QUERY_LIST < "$INDEX/queries.txt"

# ------------------------------------------------------------------ results and the table
declare -A RES        # RES[system:measure] = number or "n/a (reason)"
NOTES=()
note() { NOTES+=("$*"); }
set_res() { RES["$SYS:$1"]="$2"; say "$SYS: $1 = $2"; }
na() { echo "n/a ($*)"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# ------------------------------------------------------------------ one system's connection
# SYS, BASE (DICOMweb root), DIMSE_AET/HOST/PORT, AUTH (an "Authorization: ..." header or empty)
SYS="" BASE="" DIMSE_AET="" DIMSE_HOST="" DIMSE_PORT="" AUTH=""
http() { curl -sS --globoff ${AUTH:+-H "$AUTH"} "$@"; }

refresh_token() { # Iris: a fresh client-credentials token per phase (they last 15 minutes)
  [ "$SYS" = iris ] || return 0
  local answer token
  answer=$(curl -sS -m 10 -u dev-cli:dev-secret -d grant_type=client_credentials "$IRIS_TOKEN_URL" 2>&1 || true)
  token=$(jq -r '.access_token // empty' <<<"$answer" 2>/dev/null || true)
  if [ -n "$token" ]; then
    AUTH="Authorization: Bearer $token"
  else
    AUTH=""
    say "iris: no token from $IRIS_TOKEN_URL (${answer:0:120}); requests go without one"
  fi
}

# qido_code <query>: GETs $BASE/<query> into $WORK/qido-one.json, prints the HTTP status.
qido_code() {
  http -m 30 -o "$WORK/qido-one.json" -w '%{http_code}' -H 'Accept: application/dicom+json' \
    "$BASE/$1" 2>/dev/null || true
}
# study_count <study uid>: NumberOfStudyRelatedInstances (0 when not found yet), or a reason
# that starts with "unverified" when QIDO-RS cannot tell.
study_count() {
  local code
  code=$(qido_code "studies?StudyInstanceUID=$1&includefield=00201208")
  case "$code" in
    200) jq -r 'if length == 0 then 0 else (.[0]["00201208"].Value[0] // "unverified: QIDO-RS has no NumberOfStudyRelatedInstances") end' \
           "$WORK/qido-one.json" 2>/dev/null || echo "unverified: QIDO-RS answer is not JSON" ;;
    204) echo 0 ;;
    *) echo "unverified: QIDO-RS HTTP $code" ;;
  esac
}
# verify_stored <study uid> <expected>: prints nothing when the study has them all, else a
# short reason. Iris indexes asynchronously: up to 60 s of waiting there.
verify_stored() {
  local n="" i
  for i in $(seq 1 120); do
    n=$(study_count "$1")
    case "$n" in unverified*) echo "$n"; return ;; esac
    [ "$n" -ge "$2" ] && return 0
    [ "$SYS" = iris ] || break
    sleep 0.5
  done
  echo "only $n/$2 stored"
}

# storescu_run <log prefix> <dir>...: one storescu (one association) per dir, in parallel;
# sets ELAPSED (s) and FAIL (empty when every instance got a Success or Warning status).
# storescu exits 0 even when the SCP refuses instances: -v logs each response, counted here.
storescu_run() {
  local prefix="$1"; shift
  local t i=0 pid rc=0 pids=() d files ok first
  files=$(find "$@" -name '*.dcm' | wc -l)
  find "$@" -name '*.dcm' -exec cat {} + >/dev/null   # the same warm page cache for every system
  t=$(now)
  for d in "$@"; do
    TCP_NODELAY=1 storescu -v -xe -R -nh -aet STORESCU -aec "$DIMSE_AET" +sd +r +sp '*.dcm' \
      "$DIMSE_HOST" "$DIMSE_PORT" "$d" >"$WORK/$prefix-$i.log" 2>&1 &
    pids+=($!)
    i=$((i + 1))
  done
  CLIENT_PIDS=("${pids[@]}")
  for pid in "${pids[@]}"; do wait "$pid" || rc=$?; done
  CLIENT_PIDS=()
  CSTORE_END=$(now)
  ELAPSED=$(since "$t")
  FAIL=""
  ok=$(cat "$WORK/$prefix"-*.log | grep -cE 'Received Store Response \((Success|Warning)' || true)
  if [ "$ok" != "$files" ]; then
    first=$(grep -hE '^[EF]: |Received Store Response \([^SW]' "$WORK/$prefix"-*.log | sed -n '1s/^I: //p' | cut -c1-100)
    FAIL="storescu: $ok/$files instances stored (exit status $rc) ${first:-}"
  fi
}

STORED=()   # the CT studies this system holds whole, in the order they were ingested
measure_cstore() { # <measure> <study uid> <dir>...
  local measure="$1" uid="$2" v; shift 2
  storescu_run "$measure" "$@"
  if [ -n "$FAIL" ]; then
    set_res "$measure" "$(na "storescu failed")"; note "$SYS $measure: $FAIL"
    return
  fi
  refresh_token
  v=$(verify_stored "$uid" "$SLICES") || true
  case "$v" in
    "") set_res "$measure" "$(calc "%.1f" "$SLICES / $ELAPSED")"; STORED+=("$uid") ;;
    unverified*) set_res "$measure" "$(calc "%.1f" "$SLICES / $ELAPSED")*"; STORED+=("$uid")
                 note "$SYS $measure: $v (* = stored count not checked)" ;;
    *) set_res "$measure" "$(na "$v")" ;;
  esac
}

# The 1-association C-STORE measure, run twice more on studies of their own (a single run swings by
# a quarter on this kind of machine): each run's rate in the notes, the median in the table.
repeat_cstore1() { # <measure>
  local measure="$1" runs=() v uid
  runs+=("${RES[$SYS:$measure]}")
  for v in r1 r2; do
    uid=$(cat "$REPEAT/$v/study-uid")
    measure_cstore "$measure" "$uid" "$REPEAT/$v"
    runs+=("${RES[$SYS:$measure]}")
    quiesce "$uid"
  done
  note "$SYS $measure: instances/s of each of 3 studies: ${runs[*]} (median in the table)"
  v=$(printf '%s\n' "${runs[@]}" | grep -m1 '^n/a' || true)
  if [ -n "$v" ]; then set_res "$measure" "$v"; return; fi
  # "*" (stored count not checked) on any run marks the median too
  v=$(median "${runs[@]//\*/}")
  case "${runs[*]}" in *'*'*) v="$v*" ;; esac
  set_res "$measure" "$v"
}

LOADED=0
load_index() {
  local dirs=() s
  for s in $(seq 0 $((LOAD_ASSOCIATIONS - 1))); do dirs+=("$INDEX/$s"); done
  say "$SYS: loading $STUDIES studies with $LOAD_ASSOCIATIONS associations (not measured)..."
  storescu_run load "${dirs[@]}"
  if [ -n "$FAIL" ]; then
    set_res load "$(na "storescu failed")"; note "$SYS index load: $FAIL"
    return
  fi
  local t total="$ELAPSED" acc code found=0
  t=$(now)
  refresh_token
  # Every shard's last study must be found by QIDO-RS (Iris indexes asynchronously).
  for acc in $(cat "$INDEX/sentinels.txt"); do
    found=0
    for _ in $(seq 1 240); do
      code=$(qido_code "studies?AccessionNumber=$acc")
      case "$code" in
        200) if jq -e 'length == 1' "$WORK/qido-one.json" >/dev/null 2>&1; then found=1; break; fi ;;
        204) ;;
        *) break ;;
      esac
      sleep 0.5
    done
    [ "$found" = 1 ] || break
  done
  if [ "$found" = 1 ]; then
    LOADED=1
    set_res load "$(calc "%.1f" "$total")"
    if [ "$SYS" = iris ]; then note "iris index load: QIDO-RS found the last studies $(since "$t") s after the last C-STORE response"; fi
  elif [ "$code" = 200 ] || [ "$code" = 204 ]; then
    set_res load "$(na "not indexed in 120 s")"
    note "$SYS index load: storescu took $total s; study $acc still not found by QIDO-RS after 120 s"
  else
    LOADED=1   # stored, as far as storescu tells; QIDO-RS below will say the rest
    set_res load "$(calc "%.1f" "$total")*"
    note "$SYS index load: not checked, QIDO-RS answered HTTP $code (* = unverified)"
  fi
}

measure_stow() {
  refresh_token
  local cfg="$WORK/stow.cfg" b t codes bad bytes body
  b=$(cat "$STOW/boundary")
  : >"$cfg"
  for body in "$STOW"/body-*; do
    printf 'url = "%s/studies"\nupload-file = "%s"\noutput = "%s"\n' "$BASE" "$body" "$WORK/stow-$(basename "$body").out" >>"$cfg"
  done
  t=$(now)
  codes=$(http -K "$cfg" -X POST -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$b" \
    -H 'Accept: application/dicom+json' -H 'Expect:' -w '%{http_code} %{size_upload}\n' 2>"$WORK/stow.err" || true)
  ELAPSED=$(since "$t")
  bad=$(awk '$1 != 200 { print $1; exit }' <<<"$codes")
  [ -z "$codes" ] && bad="000"
  if [ -n "$bad" ]; then
    set_res stow "$(na "HTTP $bad")"; set_res stow_mb "$(na "HTTP $bad")"
    note "$SYS STOW-RS: HTTP $bad $(cat "$WORK"/stow-body-*.out "$WORK/stow.err" 2>/dev/null | tr -s '\n ' ' ' | cut -c1-160)"
    return
  fi
  bytes=$(awk '{ s += $2 } END { print s }' <<<"$codes")
  local v
  v=$(verify_stored "$UID_C" "$SLICES") || true
  case "$v" in
    "") set_res stow "$(calc "%.1f" "$SLICES / $ELAPSED")"; set_res stow_mb "$(calc "%.1f" "$bytes / 1e6 / $ELAPSED")"
        STORED+=("$UID_C") ;;
    unverified*) set_res stow "$(calc "%.1f" "$SLICES / $ELAPSED")*"; set_res stow_mb "$(calc "%.1f" "$bytes / 1e6 / $ELAPSED")*"
                 STORED+=("$UID_C"); note "$SYS STOW-RS: $v (* = stored count not checked)" ;;
    *) set_res stow "$(na "$v")"; set_res stow_mb "$(na "$v")" ;;
  esac
}

# percentiles: seconds on stdin -> "p50 p95" in ms, nearest rank.
percentiles() {
  sort -g | awk '{ v[NR] = $1 } END {
    i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++; i95 = int(NR * 0.95); if (i95 < NR * 0.95) i95++;
    printf "%.1f %.1f\n", v[i50] * 1000, v[i95] * 1000 }'
}

measure_qido() {
  if [ "$LOADED" != 1 ]; then
    set_res qido50 "$(na "index not loaded")"; set_res qido95 "$(na "index not loaded")"
    return
  fi
  refresh_token
  local cfg="$WORK/qido.cfg" i q codes bad n=${#QUERY_LIST[@]} p50 p95
  mkdir -p "$WORK/qido"
  : >"$cfg"
  for i in $(seq 0 $((WARMUP_QUERIES + n - 1))); do
    # the first WARMUP_QUERIES are not measured; then the whole list, in its order
    if [ "$i" -lt "$WARMUP_QUERIES" ]; then q=${QUERY_LIST[$((i % n))]}; else q=${QUERY_LIST[$((i - WARMUP_QUERIES))]}; fi
    printf 'url = "%s/%s"\noutput = "%s/qido/%04d.json"\n' "$BASE" "$q" "$WORK" "$i" >>"$cfg"
  done
  codes=$(http -K "$cfg" -H 'Accept: application/dicom+json' -w '%{http_code} %{time_total}\n' 2>"$WORK/qido.err" || true)
  bad=$(awk '$1 != 200 && $1 != 204 { print $1; exit }' <<<"$codes")
  [ -z "$codes" ] && bad="000"
  if [ -n "$bad" ]; then
    set_res qido50 "$(na "HTTP $bad")"; set_res qido95 "$(na "HTTP $bad")"
    return
  fi
  tail -n "$n" <<<"$codes" | awk '{ print $2 }' >"$WORK/qido.times"
  read -r p50 p95 < <(percentiles <"$WORK/qido.times")
  set_res qido50 "$p50"; set_res qido95 "$p95"
  # What the queries found (a fast answer that finds nothing would be no measure), and the
  # latency of each kind of query.
  local found empty kinds="" kind
  found=$(for i in $(seq "$WARMUP_QUERIES" $((WARMUP_QUERIES + n - 1))); do
    f=$(printf '%s/qido/%04d.json' "$WORK" "$i"); if [ -s "$f" ]; then jq length "$f" 2>/dev/null || echo 0; else echo 0; fi; done)
  empty=$(grep -cx 0 <<<"$found" || true)
  for kind in PatientID PatientName StudyDate ModalitiesInStudy; do
    read -r p50 p95 < <(paste -d' ' <(printf '%s\n' "${QUERY_LIST[@]}") "$WORK/qido.times" \
      | awk -v k="studies?$kind=" 'index($1, k) == 1 { print $2 }' | percentiles)
    kinds+="${kinds:+, }$kind $p50/$p95"
  done
  note "$SYS QIDO-RS: $n queries found $(awk '{ s += $1 } END { print s }' <<<"$found") studies (limit 25 each), $empty found none; p50/p95 ms by kind: $kinds"
}

measure_metadata() {
  if [ ${#STORED[@]} = 0 ]; then
    set_res meta50 "$(na "no study stored")"; set_res meta95 "$(na "no study stored")"
    return
  fi
  refresh_token
  local uid=${STORED[0]} cfg="$WORK/meta.cfg" codes bad items i p50 p95
  if [ "$uid" != "$UID_A" ]; then note "$SYS study metadata and WADO-RS: on study $uid (the C-STORE x1 study is missing)"; fi
  printf 'url = "%s/studies/%s/metadata"\noutput = "%s/meta-first.json"\n' "$BASE" "$uid" "$WORK" >"$cfg"
  for i in $(seq 1 "$METADATA_RUNS"); do
    printf 'url = "%s/studies/%s/metadata"\noutput = "/dev/null"\n' "$BASE" "$uid" >>"$cfg"
  done
  codes=$(http -K "$cfg" -H 'Accept: application/dicom+json' -w '%{http_code} %{time_total}\n' 2>"$WORK/meta.err" || true)
  bad=$(awk '$1 != 200 { print $1; exit }' <<<"$codes")
  [ -z "$codes" ] && bad="000"
  if [ -n "$bad" ]; then
    set_res meta50 "$(na "HTTP $bad")"; set_res meta95 "$(na "HTTP $bad")"
    return
  fi
  items=$(jq length "$WORK/meta-first.json" 2>/dev/null || echo 0)
  if [ "$items" != "$SLICES" ]; then
    set_res meta50 "$(na "$items/$SLICES items")"; set_res meta95 "$(na "$items/$SLICES items")"
    return
  fi
  note "$SYS study metadata: $(stat -c %s "$WORK/meta-first.json") bytes of JSON for $SLICES instances, first request $(head -1 <<<"$codes" | awk '{ printf "%.1f", $2 * 1000 }') ms (not counted)"
  tail -n "$METADATA_RUNS" <<<"$codes" | awk '{ print $2 }' >"$WORK/meta.times"
  read -r p50 p95 < <(percentiles <"$WORK/meta.times")
  set_res meta50 "$p50"; set_res meta95 "$p95"
}

measure_wado() {
  if [ ${#STORED[@]} = 0 ]; then set_res wado "$(na "no study stored")"; return; fi
  refresh_token
  local uid=${STORED[0]} i out code size secs rates=()
  for i in $(seq 1 "$WADO_WARMUP"); do # steady state: the JVM compiles the streaming path first
    http -o /dev/null -H 'Accept: multipart/related; type="application/dicom"' "$BASE/studies/$uid" \
      2>>"$WORK/wado.err" || true
  done
  for i in $(seq 1 "$WADO_RUNS"); do
    out=$(http -o /dev/null -H 'Accept: multipart/related; type="application/dicom"' \
      -w '%{http_code} %{size_download} %{time_total}' "$BASE/studies/$uid" 2>>"$WORK/wado.err" || true)
    read -r code size secs <<<"$out"
    if [ "${code:-000}" != 200 ]; then set_res wado "$(na "HTTP ${code:-000}")"; return; fi
    # Part 10 files as stored, give or take their meta headers
    if [ "$size" -lt $((CT_BYTES * 98 / 100)) ]; then set_res wado "$(na "$size of $CT_BYTES bytes")"; return; fi
    rates+=("$(calc "%.1f" "$size / 1e6 / $secs")")
  done
  set_res wado "$(median "${rates[@]}")"
  note "$SYS WADO-RS: $size bytes a run; MB/s of each run: ${rates[*]}"
}

# Iris only: seconds from the last C-STORE response to the study ONLINE (every instance rendered
# as JPEG Lossless and verified), and the renditions' bytes against the originals'.
measure_rendition() {
  [ "$SYS" = iris ] && [ "$IRIS_EXTERNAL" != 1 ] || return 0
  local t=$1 i a="" blobs="$WORK/iris/blobs"
  for i in $(seq 1 600); do
    a=$(http -m 10 -H 'Accept: application/dicom+json' \
      "$BASE/studies?StudyInstanceUID=$UID_A&includefield=00080056" 2>/dev/null \
      | jq -r '.[0]["00080056"].Value[0] // empty' 2>/dev/null || true)
    [ "$a" = ONLINE ] && break
    sleep 0.1
  done
  if [ "$a" != ONLINE ]; then set_res available "$(na "not ONLINE after 60 s")"; return; fi
  set_res available "$(awk -v s="$t" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')"
  local orig rend
  # the files sent (the stored originals are removed once their renditions are verified)
  orig=$(du -sb "$CT/a" | cut -f1) rend=$(du -sb "$blobs/renditions/$UID_A" | cut -f1)
  set_res lossless_pct "$(calc "%.1f" "100 * $rend / $orig")"
  note "iris renditions: $rend bytes of JPEG Lossless for $orig bytes of originals (study of the C-STORE x1 measure)"
}

# Iris only: seconds from POST /api/exports of the C-STORE x1 study to its package READY (ZIP with
# DICOMDIR of the stored renditions), and the package's size.
measure_export() {
  [ "$SYS" = iris ] || return 0
  refresh_token
  local answer id t status="" i size
  t=$(now)
  answer=$(http -m 30 -H 'Content-Type: application/json' -d "{\"studyInstanceUID\":\"$UID_A\"}" \
    "$BASE/api/exports" 2>&1 || true)
  id=$(jq -r '.id // empty' <<<"$answer" 2>/dev/null || true)
  if [ -z "$id" ]; then set_res export "$(na "export refused: ${answer:0:80}")"; return; fi
  for i in $(seq 1 1200); do
    status=$(http -m 10 "$BASE/api/exports/$id" 2>/dev/null | jq -r '.status // empty' 2>/dev/null || true)
    [ "$status" = READY ] || [ "$status" = FAILED ] && break
    sleep 0.05
  done
  if [ "$status" != READY ]; then set_res export "$(na "export $status after 60 s")"; return; fi
  set_res export "$(awk -v s="$t" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')"
  size=$(http -m 120 -o /dev/null -w '%{size_download}' "$BASE/api/exports/$id/archive" 2>/dev/null || echo 0)
  note "iris export: $SLICES instances, ZIP with DICOMDIR of $size bytes"
}

# Iris renders what it receives in the background (transcode-worker): after the index load, wait
# until its consumers have caught up (Kafka consumer lag 0 on the worker, three polls in a row), so
# that each measure starts on an idle platform, as Orthanc's do.
settle() {
  [ "$SYS" = iris ] && [ "$IRIS_EXTERNAL" != 1 ] || return 0
  local t zero=0 lag
  t=$(now)
  for _ in $(seq 1 600); do
    lag=$(curl -fsS -m 5 http://localhost:8083/q/metrics 2>/dev/null \
      | awk '/^kafka_consumer_fetch_manager_records_lag\{/ { s += $NF; n++ } END { print (n ? s : -1) }')
    if [ "$lag" = 0 ]; then zero=$((zero + 1)); [ "$zero" -ge 3 ] && break; else zero=0; fi
    sleep 1
  done
  # Fetched is not yet rendered: also until the last study of each load association is ONLINE.
  refresh_token
  local acc a
  for acc in $(cat "$INDEX/sentinels.txt"); do
    for _ in $(seq 1 300); do
      a=$(http -m 10 -H 'Accept: application/dicom+json' \
        "$BASE/studies?AccessionNumber=$acc&includefield=00080056" 2>/dev/null \
        | jq -r '.[0]["00080056"].Value[0] // empty' 2>/dev/null || true)
      [ "$a" = ONLINE ] && break
      sleep 0.5
    done
  done
  note "iris: renditions of the index load finished $(since "$t") s after it (consumer lag $lag), before the measures"
}

# Iris only: after an ingest measure, until the study is ONLINE and the verification of its
# renditions is over (the worker's verification counter still for 3 s, once its 5 s quiet period
# has passed), so that the next measure starts on an idle platform, as Orthanc's do.
quiesce() { # <study uid>
  [ "$SYS" = iris ] && [ "$IRIS_EXTERNAL" != 1 ] || return 0
  local t a="" last=-1 n still=0
  t=$(now)
  refresh_token
  for _ in $(seq 1 600); do
    a=$(http -m 10 -H 'Accept: application/dicom+json' "$BASE/studies?StudyInstanceUID=$1&includefield=00080056" \
      2>/dev/null | jq -r '.[0]["00080056"].Value[0] // empty' 2>/dev/null || true)
    [ "$a" = ONLINE ] && break
    sleep 0.2
  done
  sleep 5
  for _ in $(seq 1 300); do
    n=$(curl -fsS -m 5 http://localhost:8083/q/metrics 2>/dev/null \
      | awk '/^iris_rendition_verifications_total/ { s += $NF } END { print s + 0 }')
    if [ "$n" = "$last" ]; then still=$((still + 1)); [ "$still" -ge 3 ] && break; else still=0; fi
    last=$n
    sleep 1
  done
  note "iris: $1 $a and its renditions verified $(since "$t") s after its ingest measure (not counted)"
}

# CT studies by C-STORE, not measured, before the ingest measures of each system: the load's small
# instances leave the large-object path cold, and a server runs warm. The JVM keeps compiling
# for a few thousand slices (on a running platform, 1-association C-STORE went 50, 63, 102, 105
# ... 150 instances/s over its first dozen studies); each warm-up study's rate is in the notes,
# so the curve shows. Orthanc gets the same studies (its rate does not move).
warm_up() {
  local w
  for w in $(seq 1 "$WARMUP_STUDIES"); do
    say "$SYS: warm-up $w/$WARMUP_STUDIES, a CT study by C-STORE with 1 association (not measured)..."
    storescu_run warmup "$WARMUP-$WARMUP_STUDIES/w$w"
    if [ -n "$FAIL" ]; then note "$SYS warm-up $w: $FAIL"; return; fi
    note "$SYS warm-up $w: $SLICES instances in $ELAPSED s, $(calc "%.1f" "$SLICES / $ELAPSED") instances/s (not counted)"
    quiesce "$(cat "$WARMUP-$WARMUP_STUDIES/w$w/study-uid")"
  done
}

measure_all() {
  STORED=() LOADED=0
  load_index
  settle
  warm_up
  say "$SYS: C-STORE, 1 association..."
  measure_cstore cstore1 "$UID_A" "$CT/a"
  measure_rendition "$CSTORE_END"
  measure_export
  quiesce "$UID_A"
  repeat_cstore1 cstore1
  say "$SYS: C-STORE, 4 associations..."
  measure_cstore cstore4 "$UID_B" "$CT/b/0" "$CT/b/1" "$CT/b/2" "$CT/b/3"
  quiesce "$UID_B"
  say "$SYS: STOW-RS..."
  measure_stow
  quiesce "$UID_C"
  say "$SYS: QIDO-RS..."
  measure_qido
  say "$SYS: study metadata..."
  measure_metadata
  say "$SYS: WADO-RS..."
  measure_wado
}

# ------------------------------------------------------------------ Orthanc
ORTHANC_VERSION="" DICOMWEB_VERSION=""
start_orthanc() {
  port_free "$ORTHANC_HTTP" && port_free "$ORTHANC_DICOM" || die "port $ORTHANC_HTTP or $ORTHANC_DICOM is in use"
  mkdir -p "$WORK/orthanc/db"
  # Orthanc's built-in defaults except what this run needs (SyncStorageArea, StorageCompression,
  # StorageAccessOnFind, DicomThreadsCount and DicomWeb metadata modes keep their defaults).
  cat >"$WORK/orthanc/orthanc.json" <<EOF
{
  "Name": "iris-bench",
  "StorageDirectory": "$WORK/orthanc/db",
  "IndexDirectory": "$WORK/orthanc/db",
  "HttpPort": $ORTHANC_HTTP,
  "DicomPort": $ORTHANC_DICOM,
  "DicomAet": "ORTHANC",
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowStore": true,
  "UnknownSopClassAccepted": true,
  "SaveJobs": false,
  "Plugins": ["$DICOMWEB_SO"],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": false }${ORTHANC_EXTRA:+,
  $ORTHANC_EXTRA}
}
EOF
  # DCMTK, inside Orthanc, turns Nagle's algorithm off only when TCP_NODELAY=1 is in its
  # environment; without it every C-STORE waits on a delayed ACK (about 45 ms an instance here).
  TCP_NODELAY=$ORTHANC_TCP_NODELAY Orthanc "$WORK/orthanc/orthanc.json" >"$WORK/orthanc/orthanc.log" 2>&1 &
  ORTHANC_PID=$!
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$ORTHANC_HTTP/system" 2>/dev/null && break
    kill -0 "$ORTHANC_PID" 2>/dev/null || { tail -20 "$WORK/orthanc/orthanc.log" >&2; die "Orthanc stopped during startup"; }
    sleep 0.5
  done
  ORTHANC_VERSION=$(curl -fsS "http://127.0.0.1:$ORTHANC_HTTP/system" | jq -r .Version)
  DICOMWEB_VERSION=$(curl -fsS "http://127.0.0.1:$ORTHANC_HTTP/plugins/dicom-web" | jq -r .Version)
  say "Orthanc $ORTHANC_VERSION (DICOMweb plugin $DICOMWEB_VERSION) on 127.0.0.1:$ORTHANC_HTTP, DICOM :$ORTHANC_DICOM"
}
stop_orthanc() {
  [ -n "$ORTHANC_PID" ] || return 0
  kill -TERM "$ORTHANC_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$ORTHANC_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$ORTHANC_PID" 2>/dev/null || true
  wait "$ORTHANC_PID" 2>/dev/null || true
  ORTHANC_PID=""
}
run_orthanc() {
  SYS=orthanc BASE="http://127.0.0.1:$ORTHANC_HTTP/dicom-web" AUTH=""
  DIMSE_AET=ORTHANC DIMSE_HOST=127.0.0.1 DIMSE_PORT=$ORTHANC_DICOM
  start_orthanc
  measure_all
  stop_orthanc
  if [ "$ORTHANC_TCP_NODELAY" = 1 ]; then
    # Orthanc as a PACS administrator installs it (no TCP_NODELAY in its environment): the
    # reference of the ingest target. Fresh storage, the same study, one association.
    say "orthanc: C-STORE, 1 association, Orthanc as installed (no TCP_NODELAY)..."
    rm -rf "$WORK/orthanc/db"
    ORTHANC_TCP_NODELAY=0 start_orthanc
    STORED=()
    warm_up
    measure_cstore cstore1_stock "$UID_A" "$CT/a"
    repeat_cstore1 cstore1_stock
    stop_orthanc
  fi
}

# ------------------------------------------------------------------ Iris
IRIS_VERSION="$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
IRIS_JAVA=""
start_iris() { # returns 1 with IRIS_DOWN set when the platform does not come up
  IRIS_DOWN=""
  if [ "$IRIS_EXTERNAL" = 1 ]; then
    curl -sS -m 5 -o /dev/null "$IRIS_DICOMWEB/" 2>/dev/null || { IRIS_DOWN="not reachable"; return 1; }
    return 0
  fi
  IRIS_JAVA=$( (. scripts/lib/env.sh && java -version 2>&1 | awk 'NR == 1') 2>/dev/null || true)
  mkdir -p "$WORK/iris"
  local out="$WORK/iris/run.out" t
  t=$(now)
  ./run.sh --no-build --fresh --no-demo --data-dir "$WORK/iris" >"$out" 2>&1 &
  IRIS_PID=$!
  for _ in $(seq 1 1500); do
    grep -q "Iris is running." "$out" && break
    if ! kill -0 "$IRIS_PID" 2>/dev/null; then
      wait "$IRIS_PID" 2>/dev/null || true
      IRIS_PID=""
      note "iris: ./run.sh stopped: $(grep -m1 -i 'error' "$out" | cut -c1-160)"
      IRIS_DOWN="did not start"
      return 1
    fi
    sleep 0.2
  done
  grep -q "Iris is running." "$out" || { IRIS_DOWN="did not start in 300 s"; return 1; }
  say "Iris started in $(since "$t") s"
}
stop_iris() {
  [ -n "$IRIS_PID" ] || return 0
  kill -TERM "$IRIS_PID" 2>/dev/null || true
  wait "$IRIS_PID" 2>/dev/null || true
  IRIS_PID=""
}
run_iris() {
  SYS=iris BASE="$IRIS_DICOMWEB" AUTH=""
  DIMSE_AET=${IRIS_DIMSE%%@*}
  DIMSE_HOST=${IRIS_DIMSE#*@}; DIMSE_HOST=${DIMSE_HOST%:*}
  DIMSE_PORT=${IRIS_DIMSE##*:}
  if ! start_iris; then
    local m
    for m in load cstore1 cstore4 stow stow_mb qido50 qido95 meta50 meta95 wado available lossless_pct export; do
      set_res "$m" "$(na "$IRIS_DOWN")"
    done
    stop_iris
    return
  fi
  measure_all
  stop_iris
}

# ------------------------------------------------------------------ run
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 1.0) }'; then
  say "warning: load average $LOAD_START before the measures; other work on the machine skews them (ingest most)"
fi
T0=$(now)
[ "$ONLY" = iris ] || run_orthanc
[ "$ONLY" = orthanc ] || run_iris
RUN_TIME=$(since "$T0")

# ------------------------------------------------------------------ the table
# cell <system> <measure>: the value, "not run", or n/a.
cell() {
  if [ "$ONLY" != both ] && [ "$ONLY" != "$1" ]; then echo "not run"; else echo "${RES[$1:$2]:-n/a (not measured)}"; fi
}
num() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
ratio() { # Iris / Orthanc ("*", unverified, does not change the number)
  local i o
  i=$(cell iris "$1") o=$(cell orthanc "$1")
  i=${i%\*} o=${o%\*}
  num "$i" && num "$o" && awk -v i="$i" -v o="$o" 'BEGIN { if (o > 0) printf "%.2fx", i / o; else print "-" }' || echo "-"
}
# met <measure> <kind: ratio-ge|iris-le> <bound>
met() {
  local i
  i=$(cell iris "$1")
  i=${i%\*}
  num "$i" || { echo "-"; return; }
  case "$2" in
    ratio-ge) local o; o=$(cell orthanc "$1"); o=${o%\*}; num "$o" || { echo "-"; return; }
              awk -v i="$i" -v o="$o" -v b="$3" 'BEGIN { print (o > 0 && i / o >= b) ? "yes" : "no" }' ;;
    iris-le) awk -v i="$i" -v b="$3" 'BEGIN { print (i <= b) ? "yes" : "no" }' ;;
  esac
}
ROWS=()
row() { ROWS+=("$1"$'\t'"$(cell iris "$2")"$'\t'"$(cell orthanc "$2")"$'\t'"$(ratio "$2")"$'\t'"$3"$'\t'"$4"); }

row "index load, $STUDIES studies, $LOAD_ASSOCIATIONS assoc. (s)" load "-" "-"
row "C-STORE, 1 association, median of 3 studies (instances/s)" cstore1 "-" "-"
# The target's reference: Orthanc as installed (the issue's ~20 instances/s).
RES["iris:cstore1_stock"]=$(cell iris cstore1)
row "C-STORE, 1 assoc., median of 3, vs Orthanc as installed (inst/s)" cstore1_stock ">= 5x Orthanc" \
  "$(met cstore1_stock ratio-ge 5)"
row "C-STORE, 4 associations (instances/s)" cstore4 "-" "-"
row "STOW-RS, $STOW_BATCH instances a request (instances/s)" stow "-" "-"
row "STOW-RS (MB/s)" stow_mb "-" "-"
qido_met=$(met qido95 iris-le 20)
if [ "$STUDIES" -lt 10000 ] && [ "$qido_met" != "-" ]; then qido_met="- ($STUDIES studies)"; fi
row "QIDO-RS p50 (ms)" qido50 "-" "-"
row "QIDO-RS p95 (ms)" qido95 "<= 20 ms, 10,000 studies" "$qido_met"
row "study metadata, $SLICES instances, p50 (ms)" meta50 "-" "-"
row "study metadata, $SLICES instances, p95 (ms)" meta95 "<= 100 ms" "$(met meta95 iris-le 100)"
row "WADO-RS whole study, median of $WADO_RUNS (MB/s)" wado ">= Orthanc" "$(met wado ratio-ge 1)"
row "study ONLINE after its last C-STORE response (s)" available "<= 10 s" "$(met available iris-le 10)"
row "lossless renditions / originals (% of bytes)" lossless_pct "<= 55%" "$(met lossless_pct iris-le 55)"
row "export of the study READY after its request (s)" export "<= 10 s" "$(met export iris-le 10)"

echo
echo "Iris vs Orthanc, ingest and DICOMweb — $(date -u +%Y-%m-%d), $(nproc) cores," \
  "Iris $IRIS_VERSION${IRIS_JAVA:+ ($IRIS_JAVA)}, $(if [ -n "$ORTHANC_VERSION" ]; then echo "Orthanc $ORTHANC_VERSION + DICOMweb plugin $DICOMWEB_VERSION"; else echo "Orthanc not run"; fi)," \
  "dcmtk $(storescu --version 2>/dev/null | sed -n '1s/.* v\([0-9.]*\).*/\1/p'), $(curl --version | awk 'NR == 1 { print $1, $2 }')"
echo "Command: bench/dicomweb.sh${ARGS:+ $ARGS}; CT study: $SLICES instances of ${SIZE}x$SIZE 16-bit, $CT_MB MB;" \
  "index: $STUDIES studies; load average at start $LOAD_START; measures took $(calc "%.0f" "$RUN_TIME") s"
echo
{
  printf 'measure\tIris\tOrthanc\tIris/Orthanc\ttarget\tmet?\n'
  printf '%s\n' "${ROWS[@]}"
} | awk -F'\t' '
  { for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; nf = NF }
  END {
    for (r = 1; r <= n; r++) {
      line = "|"
      for (i = 1; i <= nf; i++) line = line sprintf(i == 1 || i >= 5 ? " %-*s |" : " %*s |", w[i], c[r, i])
      print line
      if (r == 1) { line = "|"; for (i = 1; i <= nf; i++) { d = ""; for (k = 0; k < w[i] + 2; k++) d = d "-"; line = line d "|" } print line }
    }
  }'
if [ ${#NOTES[@]} -gt 0 ]; then
  echo
  printf -- '- %s\n' "${NOTES[@]}"
fi
