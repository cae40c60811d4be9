#!/usr/bin/env bash
# Places the OHIF viewer (npm @ohif/app, its ready-built dist/) into the viewer module's classes, so
# that dicomweb-gateway serves it at /viewer/ (ADR 0025). Run by Maven (exec-maven-plugin, phase
# generate-resources) with the machine's Node.js and npm:
#
#   viewer/build-viewer.sh <output dir: target/classes/META-INF/resources/viewer> <target dir>
#
# 1. the package tarball alone (npm pack: none of its dependencies, the dist/ is built), verified
#    against the pinned sha512 below and kept in a cache outside target/ ($IRIS_CACHE_DIR, default
#    ~/.cache/iris), so that `mvn clean` does not fetch it again;
# 2. its dist/ without what Iris's viewer does not use (see EXCLUDED);
# 3. rebased from / to /viewer/ and Iris's app-config.js put in place (src/build/rebase.mjs, which
#    fails the build when OHIF's files are not exactly as expected: a new OHIF version must be
#    looked at, not rewritten blindly).
# Nothing is done when the output is already there from the same inputs.
set -euo pipefail

PACKAGE=@ohif/app
VERSION=3.13.2
# The registry's dist.integrity for this version (npm view @ohif/app@3.13.2 dist.integrity).
INTEGRITY=sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==
# Left out of dist/ (paths in the tarball), each with the reason:
EXCLUDED=(
  'package/dist/ort'                     # onnxruntime-web (136 MB): OHIF's AI segmentation tools, not in Iris's modes
  '*.map'                                # source maps (38 MB): not for production
  'package/dist/sw.js'                   # service worker: loads Workbox from a CDN; no offline cache of patient data
  'package/dist/init-service-worker.js'  # its registration (its script tag is removed from index.html)
  'package/dist/silent-refresh.html'     # loads es5-shim from a CDN; the code flow renews with refresh tokens
  'package/dist/oidc-client.min.js'      # only for silent-refresh.html (the app bundles its own OIDC client)
  'package/dist/es6-shim.min.js'         # idem
  'package/dist/polyfill.min.js'         # idem
  'package/dist/google.js'               # an example configuration (Google Cloud Healthcare)
  'package/dist/app-config.js'           # replaced by Iris's (src/main/viewer/app-config.js)
  'package/dist/customizations'          # loaded by ?customization=, which Iris's configuration leaves off
  'package/dist/_headers'                # Netlify and `serve` hosting files
  'package/dist/_redirects'
  'package/dist/serve.json'
)

die() { echo "build-viewer.sh: error: $*" >&2; exit 1; }
say() { echo "build-viewer.sh: $*"; }

[ $# -eq 2 ] || die "usage: build-viewer.sh <output dir> <target dir>"
out=$1
target=$2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null 2>&1 || die "Node.js is needed to place the OHIF viewer (Debian: apt-get install -y nodejs npm)"
command -v npm >/dev/null 2>&1 || die "npm is needed to fetch the OHIF viewer (Debian: apt-get install -y npm)"

cache="${IRIS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iris}/npm"
tarball="$cache/ohif-app-$VERSION.tgz"
stamp="$target/ohif-placed.stamp"

integrity_of() {
  node -e 'const c = require("crypto"), f = require("fs");
    process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"));' "$1"
}

# The inputs of the output: the pinned package and this module's own build files.
inputs="$PACKAGE@$VERSION $INTEGRITY $(cat "$here/build-viewer.sh" "$here"/src/build/* "$here"/src/main/viewer/* | sha256sum | cut -c1-64)"
if [ -f "$out/index.html" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
  say "OHIF $VERSION already in place (up to date)"
  exit 0
fi

# 1. The tarball, from the cache when it is there and intact.
if [ -f "$tarball" ] && [ "$(integrity_of "$tarball")" != "$INTEGRITY" ]; then
  say "cached $tarball does not match the pinned integrity: fetching it again"
  rm -f "$tarball"
fi
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  fetch="$(mktemp -d "$cache/.fetch.XXXXXX")"
  trap 'rm -rf "$fetch"' EXIT
  say "fetching $PACKAGE@$VERSION with npm pack (the package alone, ~50 MB) into $cache"
  started=$SECONDS
  if ! npm pack "$PACKAGE@$VERSION" --pack-destination "$fetch" --silent --no-audit --no-fund \
         --fetch-retries=1 --fetch-timeout=120000 </dev/null >"$fetch/npm.log" 2>&1; then
    tail -n 5 "$fetch/npm.log" >&2 || true
    die "npm could not fetch $PACKAGE@$VERSION (is the npm registry reachable? npm's registry setting: $(npm config get registry 2>/dev/null || echo unknown)) and nothing is cached at $tarball. Connect to the registry and build again, or put the package's tarball there (its $INTEGRITY must match)."
  fi
  [ -f "$fetch/ohif-app-$VERSION.tgz" ] || die "npm pack did not write ohif-app-$VERSION.tgz"
  got="$(integrity_of "$fetch/ohif-app-$VERSION.tgz")"
  [ "$got" = "$INTEGRITY" ] || die "$PACKAGE@$VERSION from the registry has integrity $got, not the pinned $INTEGRITY: refusing it"
  mv "$fetch/ohif-app-$VERSION.tgz" "$tarball"
  say "fetched and verified in $((SECONDS - started)) s"
else
  say "using the cached $tarball (integrity verified)"
fi

# 2. Its dist/, less what is excluded, unpacked next to the output and then swapped in.
unpacked="$target/ohif-unpacked"
rm -rf "$unpacked" "$stamp"
mkdir -p "$unpacked"
excludes=()
for e in "${EXCLUDED[@]}"; do excludes+=("--exclude=$e"); done
tar -xzf "$tarball" -C "$unpacked" --no-same-owner "${excludes[@]}" package/dist
[ -f "$unpacked/package/dist/index.html" ] || die "the tarball has no dist/index.html: not the expected @ohif/app package"

# 3. Rebased on /viewer/, with Iris's configuration.
node "$here/src/build/rebase.mjs" "$unpacked/package/dist" /viewer/ "$here/src/main/viewer"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$unpacked/package/dist" "$out"
rm -rf "$unpacked"
echo "$inputs" >"$stamp"
say "OHIF $VERSION placed in $out ($(du -sh "$out" | cut -f1))"
