#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh machine, idempotently:
#   1. Debian packages: PixelMed (DICOM toolkit), dcmtk and Orthanc with its DICOMweb plugin (real
#      DICOM peers), pydicom (sample corpus), PyYAML (the Kubernetes manifest checks);
#   2. the PixelMed jars in the local Maven repository (com.pixelmed:pixelmed and
#      com.pixelmed:pixelmed-imageio), repacked without the Debian manifest Class-Path, which
#      would drag /usr/share/java jars (slf4j-jdk14, ...) onto every classpath.
# Quiet when everything is already in place; one short line per step otherwise.
# Usage: bash scripts/bootstrap.sh   (also called by ./run.sh and ./test.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Selects a JDK >= 21 (JAVA_HOME, PATH); harmless when the caller already sourced it.
. "$ROOT/scripts/lib/env.sh"

PIXELMED_VERSION=20220618
DEB_PACKAGES=(libpixelmed-java libpixelmed-imageio-java dcmtk orthanc orthanc-dicomweb python3-pydicom python3-yaml chromium)

say() { echo "bootstrap: $*"; }
die() { echo "bootstrap: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. Debian packages
. "$ROOT/scripts/lib/debian-packages.sh"

# ---------------------------------------------------------------- 2. local Maven repository
# The local repository Maven will use: -Dmaven.repo.local in MAVEN_OPTS / MAVEN_ARGS /
# .mvn/maven.config, else <localRepository> of the user settings, else ~/.m2/repository.
maven_repo_local() {
  local src value
  for src in "${MAVEN_ARGS:-}" "${MAVEN_OPTS:-}" "$(cat "$ROOT/.mvn/maven.config" 2>/dev/null || true)"; do
    value=$(printf '%s\n' "$src" | tr ' ' '\n' | sed -n 's/^-Dmaven\.repo\.local=//p' | tail -1)
    if [ -n "$value" ]; then
      echo "${value/#\~/$HOME}"
      return
    fi
  done
  if [ -f "$HOME/.m2/settings.xml" ]; then
    value=$(tr -d '\n' <"$HOME/.m2/settings.xml" \
      | sed -n 's:.*<localRepository>[[:space:]]*\([^<]*[^<[:space:]]\)[[:space:]]*</localRepository>.*:\1:p')
    if [ -n "$value" ]; then
      value="${value//\$\{user.home\}/$HOME}"
      echo "${value/#\~/$HOME}"
      return
    fi
  fi
  echo "$HOME/.m2/repository"
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# repack <source-jar> <target-jar>: same entries, manifest without Class-Path, fixed timestamps.
repack() {
  local src="$1" dst="$2" work
  work=$(mktemp -d)
  (
    cd "$work"
    mkdir classes
    (cd classes && "$JAVA_HOME/bin/jar" --extract --file "$src")
    # Drop the Class-Path attribute and its continuation lines (they start with one space).
    awk '/^Class-Path:/ { skip = 1; next } skip && /^ / { next } { skip = 0; print }' \
      classes/META-INF/MANIFEST.MF | grep -v '^Created-By:' | grep -v '^[[:space:]]*$' >manifest.mf || true
    rm -f classes/META-INF/MANIFEST.MF
    "$JAVA_HOME/bin/jar" --create --file repacked.jar --manifest manifest.mf \
      --date 2022-01-01T00:00:00Z -C classes .
  )
  mv "$work/repacked.jar" "$dst"
  rm -rf "$work"
}

# install_jar <source-jar> <artifactId> <description>
install_jar() {
  local src artifact="$2" description="$3" repo dir jar marker want
  src=$(readlink -f "$1")
  [ -f "$src" ] || die "$1 not found (is its Debian package installed?)"
  repo=$(maven_repo_local)
  dir="$repo/com/pixelmed/$artifact/$PIXELMED_VERSION"
  jar="$dir/$artifact-$PIXELMED_VERSION.jar"
  marker="$jar.bootstrap"
  # The marker holds "<sha256 of the Debian jar> <sha256 of the installed jar>".
  want="$(sha256 "$src")"
  if [ -f "$jar" ] && [ -f "$dir/$artifact-$PIXELMED_VERSION.pom" ] && [ -f "$marker" ] \
      && [ "$(cat "$marker")" = "$want $(sha256 "$jar")" ]; then
    return 0
  fi
  say "installing com.pixelmed:$artifact:$PIXELMED_VERSION into $repo"
  mkdir -p "$dir"
  repack "$src" "$jar.tmp"
  mv "$jar.tmp" "$jar"
  cat >"$dir/$artifact-$PIXELMED_VERSION.pom" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.pixelmed</groupId>
  <artifactId>$artifact</artifactId>
  <version>$PIXELMED_VERSION</version>
  <packaging>jar</packaging>
  <name>$description</name>
  <description>Repacked from the Debian package by scripts/bootstrap.sh (manifest Class-Path removed). Declares no dependencies: consumers add what they use.</description>
  <licenses>
    <license><name>BSD-style (PixelMed Publishing)</name></license>
  </licenses>
</project>
EOF
  for f in "$jar" "$dir/$artifact-$PIXELMED_VERSION.pom"; do
    sha1sum "$f" | cut -d' ' -f1 >"$f.sha1"
  done
  echo "$want $(sha256 "$jar")" >"$marker"
}

imageio_jar() {
  # The package ships a versioned jar plus an unversioned symlink; prefer the symlink.
  local jar
  jar=$(dpkg -L libpixelmed-imageio-java | grep -E '/usr/share/java/pixelmed_imageio\.jar$' | head -1 || true)
  [ -n "$jar" ] || jar=$(dpkg -L libpixelmed-imageio-java | grep -E '/usr/share/java/.*\.jar$' | head -1 || true)
  [ -n "$jar" ] || die "no jar found in libpixelmed-imageio-java (dpkg -L)"
  echo "$jar"
}

ensure_packages
install_jar /usr/share/java/pixelmed.jar pixelmed "PixelMed Java DICOM Toolkit"
install_jar "$(imageio_jar)" pixelmed-imageio "PixelMed JPEG lossless ImageIO codec"
