# Sourced by every project script: picks a JDK >= 21 and prepares the Maven wrapper.
# Usage: . "$(dirname "$0")/scripts/lib/env.sh"

# java_major <java-binary>: prints the feature version of that JDK (17, 21, 25...).
java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# select_jdk: keeps JAVA_HOME if it is >= 21, else the default java if it is >= 21,
# else the newest JDK >= 21 under /usr/lib/jvm. Fails with a clear message otherwise.
select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: a JDK 21 or newer is required; none found (JAVA_HOME, default java, /usr/lib/jvm)." >&2
  echo "       Install one (e.g. a Temurin 21+ package) or set JAVA_HOME to it." >&2
  return 1
}

# The wrapper downloads Maven from the same central repository as the machine's Maven.
if [ -z "${MVNW_REPOURL:-}" ]; then
  for jar in /usr/share/maven/lib/maven-model-builder*.jar; do
    [ -f "$jar" ] || continue
    MVNW_REPOURL=$(unzip -p "$jar" org/apache/maven/model/pom-4.0.0.xml 2>/dev/null \
      | grep -A3 '<id>central</id>' | sed -n 's:.*<url>\(.*\)</url>.*:\1:p' | head -1)
    [ -n "$MVNW_REPOURL" ] && export MVNW_REPOURL
  done
fi

if [ -z "${MVNW_REPOURL:-}" ] && [ ! -d "${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/dists/apache-maven-3.9.16" ]; then
  echo "error: cannot tell where to download Maven from: no system Maven to read the central" >&2
  echo "       repository address from. Set MVNW_REPOURL to a Maven repository base URL." >&2
  exit 1
fi

select_jdk || exit 1
