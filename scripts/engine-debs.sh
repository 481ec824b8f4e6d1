#!/usr/bin/env bash
# Fetch Debian packages of any suite without touching the system's apt state,
# and unpack them into a private root (sourced by engines.sh).
#
#   debs_unpack SUITE ROOT PKG...   apt-get download PKG... from SUITE (a private
#                                   sources list, lists dir and archive cache
#                                   under $CACHE/apt/SUITE), then dpkg -x each
#                                   into ROOT. Done once: ROOT/.unpacked lists
#                                   the packages, so a second run is offline.
#
# Nothing is installed: dpkg's database and /etc/apt are never written.

CACHE=${DOCKNET_ENGINES_CACHE:-/var/cache/docknet-engines}
MIRROR=${DOCKNET_DEBIAN_MIRROR:-http://deb.debian.org/debian}

apt_private() {
  local suite=$1; shift
  local base=$CACHE/apt/$suite
  apt-get -q \
    -o Dir::Etc::SourceList="$base/sources.list" \
    -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$base/lists" \
    -o Dir::State::status=/dev/null \
    -o Dir::Cache="$base/cache" \
    -o Dir::Cache::archives="$base/archives" \
    -o Debug::NoLocking=1 \
    -o APT::Sandbox::User=root \
    -o APT::Get::List-Cleanup=0 \
    "$@"
}

debs_update() {
  local suite=$1 base=$CACHE/apt/$1
  mkdir -p "$base/lists/partial" "$base/cache" "$base/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $suite main" >"$base/sources.list"
  if [[ ! -e "$base/lists/.updated" ]]; then
    echo "engines: apt-get update ($suite, private lists)" >&2
    apt_private "$suite" update >/dev/null || return 1
    touch "$base/lists/.updated"
  fi
}

debs_unpack() {
  local suite=$1 root=$2; shift 2
  local want="$*" p f dl=$CACHE/debs/$suite
  if [[ -f "$root/.unpacked" && "$(cat "$root/.unpacked")" == "$want" ]]; then
    return 0
  fi
  mkdir -p "$dl"
  local missing=()
  for p in "$@"; do
    compgen -G "$dl/${p}_*.deb" >/dev/null || missing+=("$p")
  done
  if ((${#missing[@]})); then
    debs_update "$suite" || { echo "engines: apt-get update for $suite failed" >&2; return 1; }
    echo "engines: downloading from $suite: ${missing[*]}" >&2
    (cd "$dl" && apt_private "$suite" download "${missing[@]}" >/dev/null) || {
      # stale lists (a package moved on): refresh once and retry
      rm -f "$CACHE/apt/$suite/lists/.updated"
      debs_update "$suite" || return 1
      (cd "$dl" && apt_private "$suite" download "${missing[@]}" >/dev/null) || return 1
    }
  fi
  rm -rf "$root"
  mkdir -p "$root"
  for p in "$@"; do
    # the newest file when several versions are cached
    f=$(ls -1 "$dl/${p}_"*.deb | sort -V | tail -n 1)
    dpkg -x "$f" "$root"
  done
  echo "$want" >"$root/.unpacked"
}
