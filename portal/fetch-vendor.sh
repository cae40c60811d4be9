#!/usr/bin/env bash
# Places the portal's one third-party script, oidc-client-ts (browser build, global `oidc`), into
# the directory given. The npm tarball is fetched once with `npm pack` (no dependencies: the
# browser build is self-contained), checked against the integrity pinned here, and cached outside
# target/ so that `mvn clean` does not fetch it again.
#
#   bash portal/fetch-vendor.sh OUTPUT_DIRECTORY
set -euo pipefail

PACKAGE=oidc-client-ts
VERSION=3.5.0
INTEGRITY=sha512-l2q8l9CTCTOlbX+AnK4p3M+4CEpKpyQhle6blQkdFhm0IsBqsxm15bYaSa11G7pWdsYr6epdsRZxJpCyCRbT8A==
FILE=dist/browser/oidc-client-ts.min.js

out="$1"
cache="${IRIS_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iris/npm}"
tarball="$cache/$PACKAGE-$VERSION.tgz"

integrity_of() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

if [ -f "$out/$(basename "$FILE")" ] && [ -f "$out/.version" ] && [ "$(cat "$out/.version")" = "$VERSION" ]; then
  exit 0
fi
mkdir -p "$cache" "$out"
if [ ! -f "$tarball" ] || [ "$(integrity_of "$tarball")" != "$INTEGRITY" ]; then
  command -v npm > /dev/null || { echo "fetch-vendor: npm is required (Debian package npm)" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$PACKAGE@$VERSION" > /dev/null) \
    || { echo "fetch-vendor: npm could not fetch $PACKAGE@$VERSION (no registry access and nothing cached)" >&2; exit 1; }
  got=$(integrity_of "$work/$PACKAGE-$VERSION.tgz")
  [ "$got" = "$INTEGRITY" ] || { echo "fetch-vendor: $PACKAGE@$VERSION integrity mismatch ($got)" >&2; exit 1; }
  mv "$work/$PACKAGE-$VERSION.tgz" "$tarball"
fi
tar -xzf "$tarball" -C "$out" --strip-components=3 "package/$FILE"
echo "$VERSION" > "$out/.version"
