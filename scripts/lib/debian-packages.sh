# Sourced by project scripts: installs missing Debian packages, idempotently and non-interactively.
# The caller defines DEB_PACKAGES (an array), say() and die(), then calls ensure_packages.
# As root apt-get runs directly; otherwise through password-less sudo, else it stops with the
# command to run.

missing_packages() {
  local p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || echo "$p"
  done
}

ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 \
    || die "not a Debian-based system; install ${DEB_PACKAGES[*]} (or equivalents) yourself."
  local missing
  missing=$(missing_packages "${DEB_PACKAGES[@]}" | tr '\n' ' ')
  missing="${missing% }"
  [ -n "$missing" ] || return 0

  local -a as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
    else
      die "missing Debian packages: $missing. Install them as root: apt-get install -y $missing"
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Wait for a concurrent apt/dpkg run instead of failing on its lock.
  local -a apt_opts=(-q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  say "installing Debian packages: $missing"
  local log
  log=$(mktemp)
  # shellcheck disable=SC2086
  if ! { ${as_root[@]+"${as_root[@]}"} apt-get "${apt_opts[@]}" update \
         && ${as_root[@]+"${as_root[@]}"} apt-get "${apt_opts[@]}" install -y --no-install-recommends $missing; } \
       </dev/null >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    die "apt-get failed; install them yourself: apt-get install -y $missing"
  fi
  rm -f "$log"
  missing=$(missing_packages "${DEB_PACKAGES[@]}" | tr '\n' ' ')
  [ -z "${missing// /}" ] || die "still missing after apt-get install: $missing"
}
