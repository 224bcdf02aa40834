#!/usr/bin/env bash
# Install, best effort and bounded in time, the toolchains the error factories and their
# tests need on a fresh Debian bookworm machine (see error_factories/*/factory.toml and
# `compat factories list`).  Idempotent: what is installed already is skipped, and a
# machine with everything installed makes no network request at all.
#
#   scripts/install-toolchains.sh            # everything
#   scripts/install-toolchains.sh --check    # only report what is missing (exit 1 if any)
#
# npm packages and PyPI packages are installed by the factory runners themselves (cached
# under ~/.cache/sentry-compat); this script only installs what comes from Debian.
# Never fails: missing pieces are listed at the end and their tests skip with a reason.
# Time bounds: SENTRY_COMPAT_APT_TIMEOUT (default 600 s) for all installs together.
set -uo pipefail

CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

# group: packages (one group per factory family, so one failure does not stop the rest)
GROUPS_=(
  "browser:chromium node-raven-js"
  "python-debian:python3-sentry-sdk"
  "go:golang-go golang-github-getsentry-sentry-go-dev golang-github-getsentry-raven-go-dev"
  "ruby:ruby ruby-sentry-ruby ruby-sentry-rails ruby-sentry-raven"
  # ruby-rails factory: Rails 6.1 (railties pulls actionpack) served by WEBrick; python3 runs
  # the framework factories' shared HTTP client
  "rails:ruby-railties ruby-webrick python3"
  "docker:docker.io debootstrap"
)

started=$(date +%s)
budget=${SENTRY_COMPAT_APT_TIMEOUT:-600}
missing_pkgs() {
  local out=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || out+=("$pkg")
  done
  echo "${out[@]:-}"
}

all=()
for group in "${GROUPS_[@]}"; do
  # shellcheck disable=SC2206
  pkgs=(${group#*:})
  all+=("${pkgs[@]}")
done
todo=$(missing_pkgs "${all[@]}")
if [ -z "$todo" ]; then
  echo "install-toolchains: everything is installed ($(($(date +%s) - started)) s)"
  exit 0
fi
if [ "$CHECK_ONLY" = 1 ]; then
  echo "install-toolchains: missing: $todo"
  exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-toolchains: not root and no password-less sudo: cannot install $todo"
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null; then
  echo "install-toolchains: no apt-get (not Debian): cannot install $todo"
  exit 0
fi

remaining() { echo $((budget - ($(date +%s) - started))); }
export DEBIAN_FRONTEND=noninteractive
APT=($SUDO apt-get -q -y -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false
     -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

# Refresh the lists only when a wanted package is unknown to apt (a fresh machine).
need_update=0
for pkg in $todo; do
  apt-cache policy "$pkg" 2>/dev/null | grep -q "Candidate: [0-9]" || need_update=1
done
if [ "$need_update" = 1 ]; then
  echo "install-toolchains: apt-get update"
  timeout 180 "${APT[@]}" update >/tmp/install-toolchains-update.log 2>&1 \
    || echo "install-toolchains: apt-get update failed or timed out (see /tmp/install-toolchains-update.log)"
fi

failed=()
for group in "${GROUPS_[@]}"; do
  name=${group%%:*}
  # shellcheck disable=SC2206
  pkgs=(${group#*:})
  want=$(missing_pkgs "${pkgs[@]}")
  [ -z "$want" ] && continue
  left=$(remaining)
  if [ "$left" -le 10 ]; then
    failed+=("$name ($want: time budget spent)")
    continue
  fi
  t0=$(date +%s)
  # shellcheck disable=SC2086
  if timeout "$left" "${APT[@]}" install $want >"/tmp/install-toolchains-$name.log" 2>&1; then
    echo "install-toolchains: $name: installed $want ($(($(date +%s) - t0)) s)"
  else
    # one by one, so one unavailable package does not hide the others
    for pkg in $want; do
      left=$(remaining)
      [ "$left" -le 10 ] && break
      timeout "$left" "${APT[@]}" install "$pkg" >>"/tmp/install-toolchains-$name.log" 2>&1 || true
    done
    still=$(missing_pkgs "${pkgs[@]}")
    if [ -n "$still" ]; then
      failed+=("$name ($still; log: /tmp/install-toolchains-$name.log)")
    else
      echo "install-toolchains: $name: installed $want ($(($(date +%s) - t0)) s)"
    fi
  fi
done

# Debian's docker.io enables a system dockerd; the project starts its own (sentry_compat.docker).
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now docker.service docker.socket >/dev/null 2>&1 || true
fi

echo "install-toolchains: done in $(($(date +%s) - started)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "install-toolchains: could not install (their factories and tests will be skipped):"
  printf '  - %s\n' "${failed[@]}"
fi
exit 0
