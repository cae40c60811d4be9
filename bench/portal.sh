#!/usr/bin/env bash
# The portal's speed on the embedded run: each page's first render in Debian's chromium (a fresh
# navigation to /portal/#/ROUTE with the tokens already in the tab, to the screen's
# performance mark iris:ready:ID; bench/portal/render.mjs), N runs per page after one warm-up,
# median and p95; then the portal's own JavaScript and CSS, raw and gzipped, against the 300 KB
# gzipped budget (OHIF aside). Method and latest tables: docs/benchmarks.md, section "Portal".
#
#   bench/portal.sh [--runs N]        (default 20)
#
# Iris is started with ./run.sh --no-build --fresh --data-dir <temp dir> (the demo studies; build
# it first) and stopped at the end; IRIS_EXTERNAL=1 measures an Iris already running on
# http://localhost:8080 with the demo loaded. playwright-core is installed (npm, the e2e tests'
# version) under ${TMPDIR:-/tmp}/iris-bench-portal/. Pages whose screen this portal does not have
# are shown as n/a.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib/env.sh

RUNS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:-}"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "not a positive number: $RUNS" >&2; exit 2; }

ORIGIN=http://localhost:8080
PASSWORD=Iris-demo-2025
BUDGET_KB=300
WORK=$(mktemp -d)
IRIS_PID=""
cleanup() {
  if [ -n "$IRIS_PID" ]; then
    kill -TERM "$IRIS_PID" 2>/dev/null || true
    wait "$IRIS_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PYTHON=$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3 )

# --- the browser driver (cached) ---
TOOLS="${TMPDIR:-/tmp}/iris-bench-portal"
PLAYWRIGHT=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["dependencies"]["playwright-core"])' \
  e2e-tests/src/test/js/package.json)
mkdir -p "$TOOLS"
if [ ! -d "$TOOLS/node_modules/playwright-core" ]; then
  (cd "$TOOLS" && echo '{"private":true,"type":"module"}' > package.json \
    && npm install --no-package-lock --no-audit --no-fund "playwright-core@$PLAYWRIGHT" >/dev/null)
fi
cp bench/portal/render.mjs bench/portal/otp.py "$TOOLS/"

# --- Iris with the demo ---
if [ "${IRIS_EXTERNAL:-0}" != 1 ]; then
  ./run.sh --no-build --fresh --data-dir "$WORK/iris" >"$WORK/run.out" 2>&1 &
  IRIS_PID=$!
  for _ in $(seq 1 600); do
    grep -q "Iris is running." "$WORK/run.out" && break
    kill -0 "$IRIS_PID" 2>/dev/null || { tail -20 "$WORK/run.out" >&2; echo "run.sh stopped" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "Iris is running." "$WORK/run.out" || { echo "Iris did not start in 300 s" >&2; exit 1; }
fi
TOKEN=$(curl -sf -u dev-cli:dev-secret -d username=prescriber http://localhost:8081/dev/sign-in \
  | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
DEMO1=$(curl -sf -H "Authorization: Bearer $TOKEN" "$ORIGIN/studies?AccessionNumber=DEMO-1&includefield=0020000D" \
  | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[0]["0020000D"]["Value"][0])')

(cd "$TOOLS" && node render.mjs "$ORIGIN" prescriber "$PASSWORD" "$RUNS" \
    /patients "/studies/$DEMO1" /downloads /notifications /account \
  && node render.mjs "$ORIGIN" site-admin "$PASSWORD" "$RUNS" /admin/accounts /admin/peers /admin/audit) >"$WORK/render.jsonl"

echo "Portal first render, $RUNS runs per page after a warm-up (chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), $(nproc) cores):"
"$PYTHON" - "$WORK/render.jsonl" <<'PY'
import json, math, statistics, sys
print("| page | screen | median (ms) | p95 (ms) | max (ms) |")
print("|---|---|---:|---:|---:|")
for line in open(sys.argv[1]):
    r = json.loads(line)
    route = r["route"] if not r["route"].startswith("/studies/") else "/studies/{DEMO-1}"
    if r["screen"] == "none":
        print("| #%s | n/a (no such screen here) | | | |" % route)
        continue
    t = sorted(r["times"])
    p95 = t[min(len(t) - 1, math.ceil(0.95 * len(t)) - 1)]
    print("| #%s | %s | %.0f | %.0f | %.0f |" % (route, r["screen"], statistics.median(t), p95, t[-1]))
PY

echo
echo "The portal's own JavaScript and CSS (OHIF aside), gzip -9:"
WEB=portal/src/main/resources/META-INF/resources/portal
VENDOR=portal/target/classes/META-INF/resources/portal/vendor
"$PYTHON" - "$WEB" "$VENDOR" "$BUDGET_KB" <<'PY'
import gzip, os, sys
web, vendor, budget = sys.argv[1], sys.argv[2], int(sys.argv[3])
def files(root, exts):
    for base, _, names in os.walk(root):
        for n in sorted(names):
            if n.endswith(exts):
                yield os.path.join(base, n)
groups = [("portal JS (js/)", list(files(os.path.join(web, "js"), (".js",)))),
          ("portal CSS (css/)", list(files(os.path.join(web, "css"), (".css",)))),
          ("pages (index.html, callback.html)", [os.path.join(web, n) for n in ("index.html", "callback.html")]),
          ("oidc-client-ts (vendor/, from npm)", list(files(vendor, (".js",))))]
print("| part | files | raw (KB) | gzipped (KB) |")
print("|---|---:|---:|---:|")
raw_total = gz_total = 0
for name, paths in groups:
    paths = [p for p in paths if os.path.isfile(p)]
    raw = sum(os.path.getsize(p) for p in paths)
    gz = sum(len(gzip.compress(open(p, "rb").read(), 9)) for p in paths)
    raw_total += raw
    gz_total += gz
    print("| %s | %d | %.1f | %.1f |" % (name, len(paths), raw / 1024, gz / 1024))
print("| **total** | | %.1f | **%.1f** (budget %d) |" % (raw_total / 1024, gz_total / 1024, budget))
if not os.path.isdir(vendor):
    print("(vendor/ missing: build the portal module first)")
sys.exit(0 if gz_total <= budget * 1024 else 1)
PY
