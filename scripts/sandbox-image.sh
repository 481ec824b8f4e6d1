#!/usr/bin/env bash
# Build the sandbox engine's images from the host's busybox-static and import
# them (there is no registry: nothing is ever pulled).
#
#   docknet-busybox:latest  /bin/busybox + a symlink for every applet, minimal
#                           /etc/passwd and /etc/group, /tmp, /root, /www
#   docknet-bare:latest     only /bin/sleep (a copy of busybox: argv[0] picks the
#                           sleep applet) - no sh, ping, nslookup, nc or kill;
#                           for testing probes against a tool-less image
#
# Usage: sandbox-image.sh [--force]
# Talks to the engine given by DOCKER_HOST (sandbox-engine.sh sets it). An image
# is rebuilt only when missing, when --force is given, or when the busybox
# binary it was built from changed (label docknet.busybox.sha256).
set -euo pipefail

DOCKER_CLI=${DOCKNET_DOCKER_CLI:-/usr/bin/docker}
BUSYBOX=${DOCKNET_BUSYBOX:-/bin/busybox}
BUSYBOX_IMAGE=${DOCKNET_HELPER_IMAGE:-docknet-busybox:latest}
BARE_IMAGE=${DOCKNET_BARE_IMAGE:-docknet-bare:latest}
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

die() { echo "sandbox-image: $*" >&2; exit 1; }

[[ -x "$BUSYBOX" ]] || die "$BUSYBOX not found (apt-get install busybox-static)"
# The image has no libc: busybox must be the static build. (Captured, not piped
# into grep -q: with pipefail the writer's SIGPIPE would count as a failure.)
if command -v file >/dev/null; then
  kind=$(LC_ALL=C file -bL "$BUSYBOX")
  [[ "$kind" == *"statically linked"* ]] || die "$BUSYBOX is not statically linked ($kind): install busybox-static"
fi

BB_SHA=$(sha256sum "$BUSYBOX" | cut -d' ' -f1)
BB_VERSION=$("$BUSYBOX" --help 2>&1 | sed -n '1s/^BusyBox \(v[^ ]*\).*/\1/p' || true)

docker() { "$DOCKER_CLI" "$@"; }

# Prints 1 when the image is missing or was built from another busybox binary.
needs_build() {
  local have
  have=$(docker image inspect --format '{{ index .Config.Labels "docknet.busybox.sha256" }}' "$1" 2>/dev/null) || { echo 1; return; }
  [[ "$FORCE" == 1 || "$have" != "$BB_SHA" ]] && echo 1 || echo 0
}

# tar a rootfs with root ownership and import it with the given changes.
import_rootfs() {
  local rootfs=$1 image=$2; shift 2
  local args=() c
  for c in "$@" "LABEL docknet.busybox.sha256=$BB_SHA" "LABEL docknet.busybox.version=$BB_VERSION" \
           "LABEL docknet.sandbox=1"; do
    args+=(-c "$c")
  done
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . \
    | docker import "${args[@]}" - "$image" >/dev/null
  echo "sandbox-image: imported $image ($(docker image inspect --format '{{.Size}}' "$image") bytes)"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/docknet-image.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [[ $(needs_build "$BUSYBOX_IMAGE") == 1 ]]; then
  r="$WORK/busybox"
  mkdir -p "$r"/{bin,etc,tmp,root,www,dev,proc,sys}
  chmod 1777 "$r/tmp"
  chmod 0700 "$r/root"
  cp "$BUSYBOX" "$r/bin/busybox"
  chmod 0755 "$r/bin/busybox"
  while read -r applet; do
    [[ -n "$applet" && "$applet" != busybox && ! -e "$r/bin/$applet" ]] || continue
    ln -s busybox "$r/bin/$applet"
  done < <("$BUSYBOX" --list)
  cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$r/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
  echo '<html><body>docknet sandbox web</body></html>' >"$r/www/index.html"
  import_rootfs "$r" "$BUSYBOX_IMAGE" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'CMD ["/bin/sh"]'
fi

if [[ $(needs_build "$BARE_IMAGE") == 1 ]]; then
  r="$WORK/bare"
  mkdir -p "$r/bin"
  cp "$BUSYBOX" "$r/bin/sleep"
  chmod 0755 "$r/bin/sleep"
  import_rootfs "$r" "$BARE_IMAGE" \
    'ENV PATH=/bin' \
    'CMD ["/bin/sleep", "infinity"]'
fi
