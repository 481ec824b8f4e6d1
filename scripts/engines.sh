#!/usr/bin/env bash
# Private engines of every kind docknet is proven on, each in its own network
# namespace, state dir and socket, so all can run at once and none can reach
# outside the machine. Nothing is installed over the system: packages are
# fetched with a private apt setup and unpacked (engine-debs.sh), cached under
# DOCKNET_ENGINES_CACHE (default /var/cache/docknet-engines).
#
# Usage: engines.sh up|down|env|status|seed|prepare KIND   KIND is one of:
#   docker20  dockerd 20.10 (bookworm, the default engine of sandbox-engine.sh)
#   docker26  dockerd 26.1 (trixie docker.io + containerd + tini, bookworm runc)
#   docker28  dockerd 28.5 (sid docker.io + containerd 2.1, bookworm runc)
#   podman4   podman 4.3 (bookworm), podman system service, netavark
#   podman5   podman 5.x (trixie) in a debootstrapped trixie root
#   engines.sh kinds      prints the kinds
#
# Every engine gets the seed topology of sandbox-engine.sh (seed), the fake
# outside (veth dn-outside in its netns leading to 203.0.113.10 in NETNS-out) and
# a dnsmasq that answers outside.docknet.test and NXDOMAIN for everything else.
#   prepare   remove test leftovers (label docknet.test), re-seed unless intact
# Start times (2 cores): see README "Engines proven by the conformance suite".
# State: /var/tmp/docknet-eng-KIND (docker20: /var/tmp/docknet-sandbox), netns
# docknet-KIND (docker20: docknet-sbx).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=engine-debs.sh
source "$SCRIPT_DIR/engine-debs.sh"

KINDS=(docker20 docker26 docker28 podman4 podman5)
OUTSIDE=203.0.113.10
OUTSIDE_PEER=203.0.113.11
# the DNS answerer of podman engines listens on the engine side of the fake
# outside's link (Docker engines: their docker0 gateway)
ANSWERER=$OUTSIDE_PEER
DOCKER_CLI=/usr/bin/docker

log() { echo "engines: $*" >&2; }
die() { echo "engines: error: $*" >&2; exit 1; }

# A second set of engines (e.g. to prove provisioning from a clean cache while
# the usual ones run): DOCKNET_ENGINES_STATE=/var/tmp/x DOCKNET_ENGINES_NETNS_PREFIX=x
STATE=${DOCKNET_ENGINES_STATE:-/var/tmp}
NETNS_PREFIX=${DOCKNET_ENGINES_NETNS_PREFIX:-docknet}
kind=${2:-}
case "$kind" in
  # docker20 is the shared default engine unless these name another instance
  docker20) DIR=${DOCKNET_SANDBOX_DIR_DOCKER20:-/var/tmp/docknet-sandbox}; NETNS=${DOCKNET_SANDBOX_NETNS_DOCKER20:-docknet-sbx} ;;
  docker26|docker28|podman4|podman5) DIR=$STATE/docknet-eng-$kind; NETNS=$NETNS_PREFIX-$kind ;;
  "") [[ "${1:-}" == kinds ]] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; } ;;
  *) die "unknown engine kind '$kind' (one of: ${KINDS[*]})" ;;
esac
NETNS_PATH=/var/run/netns/${NETNS:-}
ROOTS=$CACHE/roots

in_netns() { nsenter --net="$NETNS_PATH" "$@"; }

# pid_alive PIDFILE NAME
source "$SCRIPT_DIR/lib-pid.sh"


stop_pid() {
  local pid=$1 timeout=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 10; i++)); do
    [[ -d /proc/$pid ]] || return 0
    [[ "$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" != Z ]] || return 0
    sleep 0.1
  done
  log "pid $pid still alive after ${timeout}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

answers() {
  [[ -S "$DIR/$(sock_name)" ]] &&
    timeout 5 "$DOCKER_CLI" -H "unix://$DIR/$(sock_name)" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

sock_name() { case "$kind" in podman*) echo podman.sock ;; *) echo docker.sock ;; esac; }

# await_podman LAUNCHER_PID WHAT: wait (30 s at most) until the API answers; stop early
# when the launcher died, and then show the log's tail.
await_podman() {
  local launcher=$1 what=$2 i
  for ((i = 0; i < 150; i++)); do
    answers && return 0
    kill -0 "$launcher" 2>/dev/null || break
    sleep 0.2
  done
  answers || { tail -n 30 "$DIR/logs/podman.log" >&2; die "$what did not answer on $DIR/podman.sock"; }
}

ensure_host_packages() {
  local p st missing=()
  for p in "$@"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ "$st" == installed ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing on the host: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The fake outside, as sandbox-engine.sh makes it (no dummy interfaces in this
# kernel): a veth dn-outside ($OUTSIDE_PEER/31) in the engine's netns leading
# to dn-world ($OUTSIDE/31) in a second netns NETNS-out, the only "outside"
# any test may talk to.
ensure_outside() {
  local outns=$NETNS-out
  local out=(nsenter --net="/var/run/netns/$outns")
  if [[ -e /var/run/netns/$outns ]] &&
    [[ "$(in_netns ip -4 -br addr show dev dn-outside 2>/dev/null)" == *"UP"*"$OUTSIDE_PEER/31"* ]] &&
    [[ "$("${out[@]}" ip -4 -br addr show dev dn-world 2>/dev/null)" == *"UP"*"$OUTSIDE/31"* ]]; then
    return 0
  fi
  in_netns ip link del dn-outside 2>/dev/null || true
  [[ -e /var/run/netns/$outns ]] || ip netns add "$outns"
  "${out[@]}" ip link del dn-world 2>/dev/null || true
  in_netns ip link add dn-outside type veth peer name dn-world
  in_netns ip link set dn-world netns "$outns"
  in_netns ip addr add "$OUTSIDE_PEER/31" dev dn-outside
  in_netns ip link set dn-outside up
  "${out[@]}" ip link set lo up
  "${out[@]}" ip addr add "$OUTSIDE/31" dev dn-world
  "${out[@]}" ip link set dn-world up
}

# start_dnsmasq LISTEN_ADDR: outside.docknet.test -> $OUTSIDE, NXDOMAIN for the rest.
start_dnsmasq() {
  local listen=$1 pid
  if pid=$(pid_alive "$DIR/dnsmasq.pid" dnsmasq); then
    [[ "$(readlink "/proc/$pid/ns/net")" == "net:[$(stat -L -c %i "$NETNS_PATH")]" ]] && return 0
    stop_pid "$pid" 5
  fi
  in_netns dnsmasq --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
    --listen-address="$listen" \
    --host-record="outside.docknet.test,$OUTSIDE" --address=/#/ \
    --pid-file="$DIR/dnsmasq.pid" --log-facility="$DIR/logs/dnsmasq.log" </dev/null 9>&- ||
    die "dnsmasq failed to start (see $DIR/logs/dnsmasq.log)"
}

# ---------------------------------------------------------------- docker kinds

# Package sets per kind; dockerd, containerd and the shim come from the suite,
# runc from bookworm (trixie's and sid's need a newer glibc).
docker_root() {
  case "$kind" in
    docker26) debs_unpack trixie "$ROOTS/docker26" docker.io containerd tini ;;
    docker28) debs_unpack sid "$ROOTS/docker28" docker.io containerd tini ;;
  esac
}

docker_env() {
  case "$kind" in
    docker20) echo "DOCKNET_SANDBOX_DIR=$DIR DOCKNET_SANDBOX_NETNS=$NETNS" ;;
    *) echo "DOCKNET_DOCKERD=$ROOTS/$kind/usr/sbin/dockerd PATH=$ROOTS/$kind/usr/bin:$ROOTS/$kind/usr/sbin:$ROOTS/$kind/usr/libexec/docker/cli-plugins:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DOCKNET_SANDBOX_DIR=$DIR DOCKNET_SANDBOX_NETNS=$NETNS" ;;
  esac
}

docker_cmd() {
  local sub=$1
  [[ "$kind" == docker20 ]] || docker_root
  # shellcheck disable=SC2046
  env $(docker_env) bash "$SCRIPT_DIR/sandbox-engine.sh" "$sub"
}

docker_up() {
  docker_cmd up
}

# ---------------------------------------------------------------- podman 4.3

podman4_root() {
  debs_unpack bookworm "$ROOTS/podman4" podman conmon golang-github-containers-common \
    golang-github-containers-image netavark aardvark-dns libgpgme11 libsubid4
}

# containers.conf / storage.conf for a root-prefixed podman (paths of its helpers)
write_podman_conf() {
  local r=$1 runtime=$2 nofile nproc
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  [[ "$nofile" == unlimited ]] && nofile=1048576
  # podman's service process ends up with at most 32768 processes (seen on
  # this VM): a higher container nproc would need CAP_SYS_RESOURCE
  [[ "$nproc" == unlimited ]] || ((nproc > 32768)) && nproc=32768
  mkdir -p "$DIR/networks" "$DIR/root" "$DIR/run" "$DIR/logs"
  cat >"$DIR/containers.conf" <<EOF
# written by engines.sh: a private podman, helpers from $r
[containers]
# Debian's stock capabilities (no NET_RAW), as users get them
default_capabilities = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
default_sysctls = ["net.ipv4.ping_group_range=0 0"]
# no CAP_SYS_RESOURCE here: podman's default (raise to 1048576) would fail
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
log_driver = "k8s-file"
seccomp_profile = "$r/usr/share/containers/seccomp.json"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$DIR/run/events.log"
conmon_path = ["$r/usr/bin/conmon"]
helper_binaries_dir = ["$r/usr/lib/podman", "$r/usr/libexec/podman"]
runtime = "runc"
# where podman container cleanup (conmon's exit command, given --root) looks too
static_dir = "$DIR/root/storage/libpod"
tmp_dir = "$DIR/run/libpod"
volume_path = "$DIR/root/volumes"
no_pivot_root = false

[engine.runtimes]
runc = ["$runtime"]

[network]
network_backend = "netavark"
network_config_dir = "$DIR/networks"
EOF
  cat >"$DIR/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$DIR/root/storage"
runroot = "$DIR/run/storage"
EOF
  : >"$DIR/registries.conf"
  # containers/image reads \$HOME/.config/containers/policy.json before /etc's
  # (which this host lacks); podman runs with HOME=\$DIR/home
  mkdir -p "$DIR/home/.config/containers"
  echo '{"default":[{"type":"insecureAcceptAnything"}]}' >"$DIR/home/.config/containers/policy.json"
  # what podman, aardvark-dns and containers on DNS-less networks resolve with
  echo "nameserver $ANSWERER" >"$DIR/resolv.conf"
}

podman4_up() {
  local i pid
  ensure_host_packages dnsmasq-base iproute2 iptables busybox-static docker.io
  podman4_root
  local r=$ROOTS/podman4
  mkdir -p "$DIR/logs"
  write_podman_conf "$r" /usr/sbin/runc
  if pid=$(pid_alive "$DIR/podman.pid" podman) && answers; then
    :
  else
    [[ -n "${pid:-}" ]] && stop_pid "$pid" 20
    [[ -e "$NETNS_PATH" ]] || ip netns add "$NETNS"
    in_netns ip link set lo up
    in_netns sysctl -qw net.ipv4.ip_forward=1
    ensure_outside
    rm -f "$DIR/podman.sock"
    # An engine made before the state moved under the storage root (static_dir above):
    # its database cannot be moved (podman checks the paths it was made with); start
    # afresh, prepare/seed re-create the seed topology.
    if [[ -e "$DIR/root/libpod/bolt_state.db" ]]; then
      log "state from before static_dir moved: removing $DIR/root and its networks"
      rm -rf "$DIR/root" "$DIR/networks"
      mkdir -p "$DIR/root" "$DIR/networks"
    fi
    log "starting podman 4.3 in netns $NETNS (log: $DIR/logs/podman.log)"
    echo "===== $(date -Is) engines.sh up" >>"$DIR/logs/podman.log"
    # Own mount namespace, a fresh boot for podman each time: its run dirs on a
    # tmpfs (so it resets container states; the network namespaces of a
    # previous instance lived in that instance's mount namespace and are gone),
    # /etc/resolv.conf pointing at the sandbox answerer
    # (podman copies it, aardvark-dns forwards to it), private /dev/shm locks,
    # and the helpers where netavark 1.4 looks for aardvark-dns (podman 4.3
    # does not tell it; without it DNS is silently off on every network). The
    # host keeps only an empty /usr/libexec/podman as the mount point.
    mkdir -p /usr/libexec/podman /run/containers
    # conmon runs the clean-up command (podman container cleanup: it tears down the
    # network of a container that exited, and applies --restart) with a filtered
    # environment, without LD_LIBRARY_PATH: the root's libraries go into a private
    # ld.so cache, mounted over /etc/ld.so.cache in the engine's mount namespace only
    # (-X: no links written into any library directory). Without it an exited
    # container kept its address answering, and --restart never restarted.
    printf '%s\n' "include /etc/ld.so.conf.d/*.conf" "$r/usr/lib/x86_64-linux-gnu" "$r/lib/x86_64-linux-gnu" >"$DIR/ld.so.conf"
    ldconfig -X -C "$DIR/ld.so.cache" -f "$DIR/ld.so.conf"
    setsid nsenter --net="$NETNS_PATH" unshare --mount --propagation private \
      env -i PATH="$r/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      LD_LIBRARY_PATH="$r/usr/lib/x86_64-linux-gnu:$r/lib/x86_64-linux-gnu" \
      CONTAINERS_CONF="$DIR/containers.conf" CONTAINERS_STORAGE_CONF="$DIR/storage.conf" \
      CONTAINERS_REGISTRIES_CONF="$DIR/registries.conf" \
      HOME="$DIR/home" DIR="$DIR" r="$r" \
      sh -c 'mount -t tmpfs -o mode=0700 tmpfs "$DIR/run" &&
        mount -t tmpfs -o mode=0755 tmpfs /run/containers &&
        mount --bind "$DIR/resolv.conf" /etc/resolv.conf &&
        mount --bind "$DIR/ld.so.cache" /etc/ld.so.cache &&
        mount --bind "$r/usr/lib/podman" /usr/libexec/podman &&
        mount -t tmpfs -o mode=1777 tmpfs /dev/shm &&
        echo $$ >"$DIR/podman.pid" &&
        exec "$r/usr/bin/podman" --log-level=info system service --time=0 "unix://$DIR/podman.sock"' \
      </dev/null >>"$DIR/logs/podman.log" 2>&1 9>&- &
    await_podman $! podman
  fi
  start_dnsmasq "$ANSWERER"
  ln -sfn podman.sock "$DIR/docker.sock"
  DOCKER_HOST="unix://$DIR/podman.sock" DOCKNET_DOCKER_CLI=$DOCKER_CLI bash "$SCRIPT_DIR/sandbox-image.sh"
}

# A Podman network removed by id while in use (the data-loss case of issue 10)
# leaves its bridge with the gateway address behind, and netavark then refuses
# to create a network on that subnet again: remove the seed's containers, then
# every podmanN bridge that no network names.
podman_orphans() {
  local sock=$DIR/podman.sock ids used dev
  ids=$("$DOCKER_CLI" -H "unix://$sock" ps -aq --filter label=docknet.seed=1)
  # shellcheck disable=SC2086
  [[ -z "$ids" ]] || "$DOCKER_CLI" -H "unix://$sock" rm -f $ids >/dev/null 2>&1 || true
  used=$(cat "$DIR"/networks/*.json 2>/dev/null | sed -n 's/.*"network_interface": *"\([^"]*\)".*/\1/p' || true)
  for dev in $(in_netns ip -o link show type bridge | awk -F': ' '{print $2}' | cut -d@ -f1); do
    [[ "$dev" == podman* && "$dev" != podman0 ]] || continue # podman0: the default network (no file)
    grep -qx "$dev" <<<"$used" || { log "removing orphaned bridge $dev"; in_netns ip link del "$dev"; }
  done
}

# ---------------------------------------------------------------- podman 5.x

# trixie's podman and netavark need glibc 2.38+: a minimal trixie root made by
# debootstrap (itself unpacked from bookworm), cached; built once.
PODMAN5_PKGS="podman,runc,netavark,aardvark-dns,nftables,iproute2,conmon,golang-github-containers-common"
podman5_root() {
  local root=$ROOTS/podman5 ds=$ROOTS/debootstrap
  [[ "$(cat "$root/.debootstrapped" 2>/dev/null)" == "$PODMAN5_PKGS" ]] && return 0
  debs_unpack bookworm "$ds" debootstrap
  rm -rf "$root.tmp"
  mkdir -p "$CACHE/debootstrap-cache"
  log "debootstrap trixie with $PODMAN5_PKGS (a few minutes, once)"
  DEBOOTSTRAP_DIR=$ds/usr/share/debootstrap "$ds/usr/sbin/debootstrap" --variant=minbase \
    --cache-dir="$CACHE/debootstrap-cache" --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    --include="$PODMAN5_PKGS" trixie "$root.tmp" "$MIRROR" >"$CACHE/debootstrap-podman5.log" 2>&1 ||
    { tail -n 20 "$CACHE/debootstrap-podman5.log" >&2; die "debootstrap of the trixie root failed (log: $CACHE/debootstrap-podman5.log)"; }
  rm -rf "$root"
  mv "$root.tmp" "$root"
  echo "$PODMAN5_PKGS" >"$root/.debootstrapped"
}

podman5_up() {
  local i pid r=$ROOTS/podman5
  # (debootstrap downloads with wget)
  ensure_host_packages dnsmasq-base iproute2 busybox-static docker.io wget
  podman5_root
  mkdir -p "$DIR/logs" "$DIR/sock" "$DIR/storage" "$DIR/conf"
  # paths as seen inside the trixie root
  local nofile nproc
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  [[ "$nofile" == unlimited ]] && nofile=1048576
  [[ "$nproc" == unlimited ]] || ((nproc > 32768)) && nproc=32768
  cat >"$DIR/conf/containers.conf" <<EOF2
# written by engines.sh: podman 5 in a trixie root
[containers]
default_capabilities = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
log_driver = "k8s-file"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
# crun refuses this host's cgroups
runtime = "runc"

[network]
network_backend = "netavark"
EOF2
  echo "nameserver $ANSWERER" >"$r/etc/resolv.conf"
  if pid=$(pid_alive "$DIR/podman.pid" podman) && answers; then
    :
  else
    [[ -n "${pid:-}" ]] && stop_pid "$pid" 20
    [[ -e "$NETNS_PATH" ]] || ip netns add "$NETNS"
    in_netns ip link set lo up
    in_netns sysctl -qw net.ipv4.ip_forward=1
    ensure_outside
    rm -f "$DIR/sock/podman.sock"
    ln -sfn sock/podman.sock "$DIR/podman.sock"
    ln -sfn sock/podman.sock "$DIR/docker.sock"
    log "starting podman 5 (trixie root) in netns $NETNS (log: $DIR/logs/podman.log)"
    echo "===== $(date -Is) engines.sh up" >>"$DIR/logs/podman.log"
    # Own mount namespace with the trixie root pivoted in (a plain chroot would
    # let exec'd processes reach the host's filesystem); state and socket dirs
    # are bind-mounted from the host so the socket is reachable from outside.
    setsid nsenter --net="$NETNS_PATH" unshare --mount --propagation private \
      env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin R="$r" DIR="$DIR" \
      sh -c 'set -e
        echo $$ >"$DIR/podman.pid"
        mount --bind "$R" "$R"
        mount -t proc proc "$R/proc"
        mount --rbind /sys "$R/sys"
        mount --rbind /dev "$R/dev"
        mount -t tmpfs -o mode=1777 tmpfs "$R/dev/shm"
        mount -t tmpfs -o mode=0755 tmpfs "$R/run"
        mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
        mkdir -p "$R/run/docknet" "$R/run/docknet-conf" "$R/var/lib/containers"
        mount --bind "$DIR/sock" "$R/run/docknet"
        mount --bind "$DIR/conf" "$R/run/docknet-conf"
        mount --bind "$DIR/storage" "$R/var/lib/containers"
        cd "$R"
        mkdir -p .oldroot
        pivot_root . .oldroot
        cd /
        umount -l /.oldroot
        exec env CONTAINERS_CONF=/run/docknet-conf/containers.conf HOME=/root \
          /usr/bin/podman --log-level=info system service --time=0 unix:///run/docknet/podman.sock' \
      </dev/null >>"$DIR/logs/podman.log" 2>&1 9>&- &
    await_podman $! "podman 5"
  fi
  start_dnsmasq "$ANSWERER"
  DOCKER_HOST="unix://$DIR/podman.sock" DOCKNET_DOCKER_CLI=$DOCKER_CLI bash "$SCRIPT_DIR/sandbox-image.sh"
}

# Stop every container through the API before the service: a container left
# running would outlive the mount namespace its network namespace lives in.
# Then its conmon (after a crashed service) and aardvark-dns processes, by pid.
podman_stop_containers() {
  local sock=unix://$DIR/podman.sock ids p
  if answers; then
    ids=$(timeout 20 "$DOCKER_CLI" -H "$sock" ps -q 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -z "$ids" ]] || timeout 60 "$DOCKER_CLI" -H "$sock" kill $ids >/dev/null 2>&1 || true
  fi
  [[ -e "$NETNS_PATH" ]] || return 0
  local ns
  ns="net:[$(stat -L -c %i "$NETNS_PATH")]"
  for p in /proc/[0-9]*; do
    # conmon and aardvark-dns (it daemonizes) run in the engine's own network
    # namespace, where nothing else runs: that is how they are told apart
    case "$(cat "$p/comm" 2>/dev/null)" in conmon | aardvark-dns) ;; *) continue ;; esac
    [[ "$(readlink "$p/ns/net" 2>/dev/null)" == "$ns" ]] || continue
    kill -TERM "${p#/proc/}" 2>/dev/null || true
  done
}

podman_down() {
  local pid
  podman_stop_containers
  if pid=$(pid_alive "$DIR/dnsmasq.pid" dnsmasq); then stop_pid "$pid" 5; fi
  if pid=$(pid_alive "$DIR/podman.pid" podman); then
    log "stopping podman (pid $pid)"
    stop_pid "$pid" 20
  fi
  rm -f "$DIR/podman.sock" "$DIR/sock/podman.sock" "$DIR/podman.pid" "$DIR/dnsmasq.pid"
  [[ ! -e "$NETNS_PATH" ]] || ip netns delete "$NETNS" || log "could not delete netns $NETNS"
  [[ ! -e "/var/run/netns/$NETNS-out" ]] || ip netns delete "$NETNS-out" || true
}

# ---------------------------------------------------------------- main

cmd_env() {
  cat <<EOF
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
export DOCKER_HOST=unix://$DIR/$(sock_name)
export DOCKNET_DOCKER_CLI=$DOCKER_CLI
export DOCKNET_HELPER_IMAGE=docknet-busybox:latest
export DOCKNET_BARE_IMAGE=docknet-bare:latest
export DOCKNET_SANDBOX_DIR=$DIR
export DOCKNET_SANDBOX_NETNS=$NETNS
export DOCKNET_ENGINE_KIND=$kind
EOF
}

[[ $(id -u) == 0 ]] || die "must run as root"
case "${1:-}" in
  kinds) printf '%s\n' "${KINDS[@]}" ;;
  env) cmd_env ;;
  up)
    case "$kind" in
      docker*) docker_up ;;
      podman4) podman4_up ;;
      podman5) podman5_up ;;
    esac ;;
  down)
    case "$kind" in
      docker*) docker_cmd down ;;
      podman*) podman_down ;;
    esac ;;
  prepare)
    # before a conformance run: remove test leftovers (label docknet.test) and
    # re-create the seed unless it is intact (on the shared default engine, only
    # in CI, and the seed only when broken: other sessions may be using it).
    # A Podman engine is restarted first: a fresh boot drops what an earlier
    # run may have left in aardvark-dns (names of containers that are gone).
    if [[ "$kind" == podman* ]]; then
      bash "$SCRIPT_DIR/engines.sh" down "$kind"
      bash "$SCRIPT_DIR/engines.sh" up "$kind"
    fi
    sock=unix://$DIR/$(sock_name)
    d() { "$DOCKER_CLI" -H "$sock" "$@"; }
    ids=""
    [[ "$kind" == docker20 && "${CI:-}" != true ]] || ids=$(d ps -aq --filter label=docknet.test)
    # shellcheck disable=SC2086
    [[ -z "$ids" ]] || d rm -f $ids >/dev/null 2>&1 || true
    [[ "$kind" == docker20 && "${CI:-}" != true ]] || ids=$(d network ls -q --filter label=docknet.test)
    # shellcheck disable=SC2086
    [[ -z "$ids" ]] || d network rm $ids >/dev/null 2>&1 || true
    running=$(d ps -q --filter label=docknet.seed=1 --filter status=running | wc -l)
    batch=$(d ps -aq --filter label=docknet.seed=1 --filter name='^/?batch$' | wc -l)
    nets=$(d network ls -q --filter label=docknet.seed=1 | wc -l)
    if [[ "$kind" != docker20 || "$running" != 10 || "$batch" != 1 || "$nets" != 5 ]]; then
      bash "$SCRIPT_DIR/engines.sh" seed "$kind" >/dev/null
    fi ;;
  status) answers && echo "running: $kind on unix://$DIR/$(sock_name)" || { echo "not running: $kind"; exit 1; } ;;
  seed)
    [[ "$kind" != podman* ]] || podman_orphans
    # sandbox-engine.sh's seed, on this engine's socket (podman's docker.sock
    # is a symlink to podman.sock)
    DOCKNET_SANDBOX_DIR=$DIR DOCKNET_SANDBOX_NETNS=$NETNS bash "$SCRIPT_DIR/sandbox-engine.sh" seed ;;
  *) die "unknown command '${1:-}' (up|down|env|status|seed|prepare KIND, or kinds)" ;;
esac
