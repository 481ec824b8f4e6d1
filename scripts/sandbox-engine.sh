#!/usr/bin/env bash
# docknet's private Docker engine, for tests, demos and benchmarks.
#
# dockerd 20.10 (Engine API 1.41, Debian's docker.io) runs in its own network
# namespace, with its own data-root, exec-root, socket and containerd namespace:
# no container can reach outside the machine, and a system Docker (if any) and
# /var/run/docker.sock are never touched. A dnsmasq in the same namespace
# answers every name the engine's embedded DNS forwards with NXDOMAIN at once,
# except outside.docknet.test -> 203.0.113.10: the "fake outside", a veth
# dn-outside in the engine's namespace leading to a second namespace
# (<netns>-out) that holds 203.0.113.10. Containers reach it through their
# gateway and the engine's FORWARD/NAT rules, as they would the internet (so an
# --internal network's DROP rules apply); nothing leaves the machine. (A dummy
# interface would be simpler, but this kernel has no dummy driver, and a local
# address would be delivered via INPUT, where internal networks are not isolated.)
#
# Usage: sandbox-engine.sh up | seed | down [--purge] | env | status
#   up      idempotent: install missing packages, start the engine, dnsmasq,
#           and build the images (docknet-busybox, docknet-bare) if missing
#   seed    idempotent: remove everything labelled docknet.seed=1, recreate the
#           demo topology (see cmd_seed below)
#   down    stop dnsmasq and dockerd (only the pids that 'up' started), remove
#           the netns; data stays so the next 'up' is fast (--purge wipes it)
#   env     print exports for clients: eval "$(bash scripts/sandbox-engine.sh env)"
#   status  say whether the engine answers; exit 0 if it does, 1 otherwise
#
# Environment: DOCKNET_SANDBOX_DIR (default /var/tmp/docknet-sandbox),
# DOCKNET_SANDBOX_NETNS (default docknet-sbx), DOCKNET_DOCKERD
# (default /usr/sbin/dockerd), DOCKNET_DOCKER_CLI (default /usr/bin/docker),
# DOCKNET_DOCKERD_ARGS (extra dockerd flags, e.g. "-H tcp://127.0.0.1:2376" for the
# TLS test; TLS settings go in $DOCKNET_SANDBOX_DIR/daemon.json, kept if present).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR=${DOCKNET_SANDBOX_DIR:-/var/tmp/docknet-sandbox}
NETNS=${DOCKNET_SANDBOX_NETNS:-docknet-sbx}
NETNS_PATH=/var/run/netns/$NETNS
DOCKERD=${DOCKNET_DOCKERD:-/usr/sbin/dockerd}
# The docker.io client (20.10) matches the engine; another 'docker' on PATH may
# be newer (28.x) and is not guaranteed to speak API 1.41.
DOCKER_CLI=${DOCKNET_DOCKER_CLI:-/usr/bin/docker}
SOCK=$DIR/docker.sock
DOCKER_PID=$DIR/docker.pid
DNSMASQ_PID=$DIR/dnsmasq.pid
# docker0's address inside the namespace. Pinned with --bip: otherwise
# --default-address-pool would give docker0 10.128.0.1/24 too.
GATEWAY=172.17.0.1
# The fake outside (documentation range, RFC 5737) and its name.
OUTSIDE_ADDR=203.0.113.10
OUTSIDE_PEER=203.0.113.11
OUTSIDE_NAME=outside.docknet.test
OUTSIDE_NETNS=$NETNS-out
OUTSIDE_NETNS_PATH=/var/run/netns/$OUTSIDE_NETNS
START_TIMEOUT=${DOCKNET_SANDBOX_START_TIMEOUT:-30}
STOP_TIMEOUT=${DOCKNET_SANDBOX_STOP_TIMEOUT:-20}
HELPER_IMAGE=docknet-busybox:latest
BARE_IMAGE=docknet-bare:latest
# openssh-client: the ssh:// tests (their sshd is unpacked from the .deb, never a service).
PACKAGES=(docker.io busybox-static dnsmasq-base iproute2 tmux openssh-client)

log() { echo "sandbox: $*" >&2; }
die() { echo "sandbox: error: $*" >&2; exit 1; }

# Every docker call goes to the private socket, whatever the caller's env says.
docker() {
  env -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
    DOCKER_HOST="unix://$SOCK" "$DOCKER_CLI" "$@"
}

# ---------------------------------------------------------------- helpers

# pid_alive PIDFILE NAME: see lib-pid.sh
source "$SCRIPT_DIR/lib-pid.sh"

engine_answers() {
  [[ -S "$SOCK" ]] && timeout 5 "$DOCKER_CLI" -H "unix://$SOCK" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

in_netns() { nsenter --net="$NETNS_PATH" "$@"; }

need_root() { [[ $(id -u) == 0 ]] || die "must run as root (network namespaces, dockerd)"; }

# One lock for up/seed/down so parallel callers (test suites) do not race.
# The fd is closed for the daemons we start, so they never hold it.
take_lock() {
  mkdir -p "$(dirname "$DIR")"
  exec 9>"$DIR.lock"
  flock -w 300 9 || die "another sandbox-engine.sh holds $DIR.lock"
}

# ---------------------------------------------------------------- packages

missing_packages() {
  local p st
  for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ "$st" == installed ]] || echo "$p"
  done
}

# Another apt-get/dpkg may be running in the background (e.g. a provisioning
# step): wait for it rather than fail on the lock.
wait_for_apt() {
  local waited=0
  while pgrep -x 'apt-get|apt|dpkg|unattended-upgr|aptitude' >/dev/null 2>&1; do
    ((waited % 15 == 0)) && log "waiting for another apt-get/dpkg to finish (${waited}s)"
    sleep 1
    waited=$((waited + 1))
    ((waited < 900)) || die "apt-get/dpkg still busy after ${waited}s"
  done
}

ensure_packages() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [[ -n "${missing// /}" ]] || return 0
  log "installing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  wait_for_apt
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  wait_for_apt
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
  missing=$(missing_packages | tr '\n' ' ')
  [[ -z "${missing// /}" ]] || die "still missing after apt-get install: $missing"
}

# ---------------------------------------------------------------- up

ensure_netns() {
  if [[ ! -e "$NETNS_PATH" ]]; then
    ip netns add "$NETNS"
  fi
  in_netns ip link set lo up
}

# The fake outside: dn-outside (engine side, $OUTSIDE_PEER/31) <-> dn-world
# ($OUTSIDE_ADDR/31) in $OUTSIDE_NETNS. Recreated when any part is missing.
ensure_outside() {
  if [[ -e "$OUTSIDE_NETNS_PATH" ]] &&
    [[ "$(in_netns ip -4 -br addr show dev dn-outside 2>/dev/null)" == *"UP"*"$OUTSIDE_PEER/31"* ]] &&
    [[ "$(nsenter --net="$OUTSIDE_NETNS_PATH" ip -4 -br addr show dev dn-world 2>/dev/null)" == *"UP"*"$OUTSIDE_ADDR/31"* ]]; then
    return 0
  fi
  in_netns ip link del dn-outside 2>/dev/null || true
  [[ -e "$OUTSIDE_NETNS_PATH" ]] || ip netns add "$OUTSIDE_NETNS"
  local out=(nsenter --net="$OUTSIDE_NETNS_PATH")
  "${out[@]}" ip link del dn-world 2>/dev/null || true
  in_netns ip link add dn-outside type veth peer name dn-world
  in_netns ip link set dn-world netns "$OUTSIDE_NETNS"
  in_netns ip addr add "$OUTSIDE_PEER/31" dev dn-outside
  in_netns ip link set dn-outside up
  "${out[@]}" ip link set lo up
  "${out[@]}" ip addr add "$OUTSIDE_ADDR/31" dev dn-world
  "${out[@]}" ip link set dn-world up
  log "fake outside $OUTSIDE_ADDR ($OUTSIDE_NAME) on dn-outside"
}

# Kill a process we started and wait for it to be gone.
stop_pid() {
  local pid=$1 name=$2 timeout=$3 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 10; i++)); do
    [[ -d /proc/$pid && "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name" ]] || return 0
    # a zombie child of ours counts as gone
    [[ "$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" != Z ]] || return 0
    sleep 0.1
  done
  log "$name (pid $pid) still alive after ${timeout}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    [[ -d /proc/$pid ]] || return 0
    sleep 0.1
  done
}

start_dockerd() {
  local pid i
  mkdir -p "$DIR/root" "$DIR/exec" "$DIR/logs"
  chmod 0711 "$DIR"
  # Our own (empty) daemon.json: never pick up /etc/docker/daemon.json.
  [[ -f "$DIR/daemon.json" ]] || echo '{}' >"$DIR/daemon.json"

  # A dockerd that is alive but does not answer (hung, or half started): stop it.
  if pid=$(pid_alive "$DOCKER_PID" dockerd); then
    log "dockerd pid $pid does not answer: stopping it"
    stop_pid "$pid" dockerd "$STOP_TIMEOUT"
  fi
  rm -f "$DOCKER_PID" "$SOCK"
  # After a crash dockerd's containerd.pid may name a dead or zombie process
  # (zombies are not always reaped at once here); dockerd would take it for a
  # live containerd and time out waiting for its socket.
  if ! pid_alive "$DIR/exec/containerd/containerd.pid" containerd >/dev/null; then
    rm -f "$DIR/exec/containerd/containerd.pid"
  fi

  log "starting dockerd in netns $NETNS (log: $DIR/logs/dockerd.log)"
  {
    echo "===== $(date -Is) sandbox-engine.sh up"
  } >>"$DIR/logs/dockerd.log"
  # setsid: own session, so the daemon outlives this shell and its job group.
  # nsenter --net (not 'ip netns exec', which remounts /sys and breaks cgroups).
  setsid nsenter --net="$NETNS_PATH" \
    env -u DOCKER_HOST -u DOCKER_CONTEXT -u NOTIFY_SOCKET \
    "$DOCKERD" \
    --config-file "$DIR/daemon.json" \
    --data-root "$DIR/root" \
    --exec-root "$DIR/exec" \
    -H "unix://$SOCK" \
    --pidfile "$DOCKER_PID" \
    --bip "$GATEWAY/16" \
    --dns "$GATEWAY" \
    --default-address-pool base=10.128.0.0/9,size=24 \
    --containerd-namespace docknet-sbx \
    --containerd-plugins-namespace docknet-sbx-plugins \
    ${DOCKNET_DOCKERD_ARGS:-} \
    </dev/null >>"$DIR/logs/dockerd.log" 2>&1 9>&- &
  local launcher=$!

  for ((i = 0; i < START_TIMEOUT * 5; i++)); do
    if engine_answers; then
      return 0
    fi
    if ! kill -0 "$launcher" 2>/dev/null; then
      wait "$launcher" 2>/dev/null || true
      echo "----- tail of $DIR/logs/dockerd.log" >&2
      tail -n 30 "$DIR/logs/dockerd.log" >&2
      die "dockerd exited during start-up (see above)"
    fi
    sleep 0.2
  done
  echo "----- tail of $DIR/logs/dockerd.log" >&2
  tail -n 30 "$DIR/logs/dockerd.log" >&2
  die "dockerd did not answer on $SOCK within ${START_TIMEOUT}s (see above)"
}

start_dnsmasq() {
  local pid i
  if pid=$(pid_alive "$DNSMASQ_PID" dnsmasq); then
    # still serving in this namespace (not one left in a deleted one), with
    # today's answers (an older one lacks the fake outside's name)?
    if [[ "$(readlink "/proc/$pid/ns/net")" == "net:[$(stat -L -c %i "$NETNS_PATH")]" ]] &&
      tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--host-record=$OUTSIDE_NAME,$OUTSIDE_ADDR "; then
      return 0
    fi
    stop_pid "$pid" dnsmasq 5
  fi
  rm -f "$DNSMASQ_PID"
  for ((i = 0; i < 50; i++)); do
    [[ "$(in_netns ip -4 addr show dev docker0 2>/dev/null)" == *"inet $GATEWAY/"* ]] && break
    sleep 0.1
  done
  # Answers NXDOMAIN for every name (--address=/#/ with no address) but the
  # fake outside's (a host record: A answered, AAAA empty, not NXDOMAIN), on
  # the docker0 gateway only, in the engine's namespace only.
  in_netns dnsmasq \
    --conf-file=/dev/null \
    --no-resolv --no-hosts --bind-interfaces \
    --listen-address="$GATEWAY" \
    --host-record="$OUTSIDE_NAME,$OUTSIDE_ADDR" \
    --address=/#/ \
    --pid-file="$DNSMASQ_PID" \
    --log-facility="$DIR/logs/dnsmasq.log" \
    </dev/null 9>&- || die "dnsmasq failed to start (see $DIR/logs/dnsmasq.log)"
  for ((i = 0; i < 20; i++)); do
    pid_alive "$DNSMASQ_PID" dnsmasq >/dev/null && return 0
    sleep 0.1
  done
  die "dnsmasq did not write $DNSMASQ_PID"
}

cmd_up() {
  need_root
  ensure_packages
  [[ -x "$DOCKERD" ]] || die "$DOCKERD not found (package docker.io)"
  [[ -x "$DOCKER_CLI" ]] || die "$DOCKER_CLI not found (package docker.io)"
  take_lock
  mkdir -p "$DIR/logs"
  if [[ -e "$NETNS_PATH" ]] && pid_alive "$DOCKER_PID" dockerd >/dev/null && engine_answers; then
    : # engine already running
  else
    ensure_netns
    start_dockerd
  fi
  ensure_outside
  start_dnsmasq
  DOCKNET_DOCKER_CLI="$DOCKER_CLI" DOCKER_HOST="unix://$SOCK" \
    DOCKNET_HELPER_IMAGE="$HELPER_IMAGE" DOCKNET_BARE_IMAGE="$BARE_IMAGE" \
    bash "$SCRIPT_DIR/sandbox-image.sh"
  log "engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})') up on unix://$SOCK"
}

# ---------------------------------------------------------------- down

cmd_down() {
  local purge=0 pid cpid
  [[ "${1:-}" == "--purge" ]] && purge=1
  need_root
  take_lock
  if pid=$(pid_alive "$DNSMASQ_PID" dnsmasq); then
    stop_pid "$pid" dnsmasq 5
  fi
  rm -f "$DNSMASQ_PID"
  if pid=$(pid_alive "$DOCKER_PID" dockerd); then
    log "stopping dockerd (pid $pid)"
    stop_pid "$pid" dockerd "$STOP_TIMEOUT"
  fi
  # dockerd's own containerd normally goes with it; after a SIGKILL it may not.
  if cpid=$(pid_alive "$DIR/exec/containerd/containerd.pid" containerd); then
    stop_pid "$cpid" containerd 5
  fi
  rm -f "$DOCKER_PID" "$SOCK"
  if [[ -e "$NETNS_PATH" ]]; then
    ip netns delete "$NETNS" || log "could not delete netns $NETNS"
  fi
  if [[ -e "$OUTSIDE_NETNS_PATH" ]]; then
    ip netns delete "$OUTSIDE_NETNS" || log "could not delete netns $OUTSIDE_NETNS"
  fi
  if ((purge)); then
    # unmount anything left under the state dir (after a crash), deepest first
    awk -v d="$DIR/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r |
      while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$DIR"
    log "purged $DIR"
  fi
  log "down"
}

# ---------------------------------------------------------------- env, status

cmd_env() {
  cat <<EOF
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
export DOCKER_HOST=unix://$SOCK
export DOCKNET_DOCKER_CLI=$DOCKER_CLI
export DOCKNET_HELPER_IMAGE=$HELPER_IMAGE
export DOCKNET_BARE_IMAGE=$BARE_IMAGE
export DOCKNET_SANDBOX_DIR=$DIR
export DOCKNET_SANDBOX_NETNS=$NETNS
EOF
}

cmd_status() {
  local pid v
  if engine_answers; then
    v=$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')
    pid=$(pid_alive "$DOCKER_PID" dockerd || echo '?')
    echo "running: dockerd $v, pid $pid, netns $NETNS, unix://$SOCK"
    if pid=$(pid_alive "$DNSMASQ_PID" dnsmasq); then
      echo "dnsmasq: pid $pid on $GATEWAY"
    else
      echo "dnsmasq: not running (unknown names will be slow): run 'up'"
    fi
    return 0
  fi
  if pid=$(pid_alive "$DOCKER_PID" dockerd); then
    echo "not answering: dockerd pid $pid is alive but unix://$SOCK does not answer"
  else
    echo "not running (state dir $DIR)"
  fi
  return 1
}

# ---------------------------------------------------------------- seed

# A command for long-running containers that exits at once on SIGTERM: the shell
# is pid 1 (which ignores signals it has no handler for), so it traps TERM and
# waits on the service in the background.
serve() { printf 'trap "exit 0" TERM INT; %s & wait' "$1"; }

run_seed() {
  local name=$1; shift
  docker run -d --name "$name" --label docknet.seed=1 --stop-timeout 1 --restart no "$@" >/dev/null
}

cmd_seed() {
  local ids
  engine_answers || die "engine not running: run 'sandbox-engine.sh up' first"
  take_lock
  ids=$(docker ps -aq --filter label=docknet.seed=1)
  # shellcheck disable=SC2086
  [[ -z "$ids" ]] || docker rm -f $ids >/dev/null
  # Independent engine calls run in parallel (the engine serialises what it must).
  local pids=() p fail=0 id
  for id in $(docker network ls -q --filter label=docknet.seed=1); do
    docker network rm "$id" >/dev/null & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
  ((fail == 0)) || die "could not remove the old seed networks (see above)"

  local sleeper
  sleeper=$(serve 'sleep infinity')
  local L=(--label docknet.seed=1)

  pids=()
  docker network create "${L[@]}" --subnet 10.10.0.0/24 --gateway 10.10.0.1 app-net >/dev/null & pids+=($!)
  docker network create "${L[@]}" --subnet 10.20.0.0/24 --gateway 10.20.0.1 frontend >/dev/null & pids+=($!)
  docker network create "${L[@]}" --label tier=data --subnet 10.30.0.0/24 --gateway 10.30.0.1 backend >/dev/null & pids+=($!)
  docker network create "${L[@]}" --internal --subnet 10.40.0.0/24 --gateway 10.40.0.1 vault-net >/dev/null & pids+=($!)
  docker network create "${L[@]}" --subnet 10.50.0.0/24 --gateway 10.50.0.1 unused-net >/dev/null & pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
  ((fail == 0)) || die "could not create the seed networks (see above)"

  pids=()
  run_seed web --network app-net -p 8080:80 "$HELPER_IMAGE" sh -c "$(serve 'httpd -f -p 80 -h /www')" & pids+=($!)
  run_seed db --network app-net --network-alias mysql "$HELPER_IMAGE" sh -c "$(serve 'nc -ll -p 3306 -e /bin/cat')" & pids+=($!)
  run_seed proxy --network frontend "$HELPER_IMAGE" sh -c "$(serve 'httpd -f -p 80 -h /www')" & pids+=($!)
  run_seed cache --network backend "$HELPER_IMAGE" sh -c "$(serve 'nc -ll -p 6379 -e /bin/cat')" & pids+=($!)
  run_seed store --network vault-net --network-alias ledger "$HELPER_IMAGE" sh -c "$sleeper" & pids+=($!)
  run_seed legacy-a "$HELPER_IMAGE" sh -c "$sleeper" & pids+=($!)
  run_seed legacy-b "$HELPER_IMAGE" sh -c "$sleeper" & pids+=($!)
  run_seed hostbox --network host "$HELPER_IMAGE" sh -c "$sleeper" & pids+=($!)
  run_seed nonebox --network none "$HELPER_IMAGE" sh -c "$sleeper" & pids+=($!)
  {
    run_seed api-server --network frontend "$HELPER_IMAGE" sh -c "$sleeper" &&
      docker network connect backend api-server &&
      docker network connect vault-net api-server
  } & pids+=($!)
  # a finished job: configured on app-net, Exited (0)
  # (detached, then waited for: an attached run never returns on Podman 4.3)
  { docker run -d --name batch --label docknet.seed=1 --stop-timeout 1 --network app-net \
    "$HELPER_IMAGE" true >/dev/null && docker wait batch >/dev/null; } & pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
  ((fail == 0)) || die "seeding failed (see errors above)"

  docker network ls --format 'table {{.Name}}\t{{.Driver}}\t{{.Internal}}\t{{.Labels}}'
  echo
  docker ps -a --filter label=docknet.seed=1 \
    --format 'table {{.Names}}\t{{.Status}}\t{{.Networks}}\t{{.Ports}}'
}

# ---------------------------------------------------------------- main

case "${1:-}" in
  up) cmd_up ;;
  seed) cmd_seed ;;
  down) shift; cmd_down "$@" ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
