#!/usr/bin/env bash
# Record raw Engine API answers of one seeded private engine into
# test/fixtures/KIND/ for the unit tests (same layout as test/fixtures/seed):
#   networks.json          GET /networks (without test leftovers)
#   containers.json        GET /containers/json?all=1 (seed containers)
#   inspects.json          GET /containers/{id}/json for each, keyed by id
#   network-inspects.json  GET /networks/{id} for each, keyed by id
#   version.json           GET /version
#   info.json              GET /info (the engine-describing subset)
#   events.json            the live /events stream for a network create,
#                          container create, connect (with alias), disconnect,
#                          container remove and network remove done here
#
# Usage: record-fixtures.sh KIND   (engines.sh up KIND && engines.sh seed KIND first)
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kind=${1:?usage: record-fixtures.sh KIND}
eval "$(bash "$SCRIPT_DIR/engines.sh" env "$kind")"
sock=${DOCKER_HOST#unix://}
out=$(cd "$SCRIPT_DIR/.." && pwd)/test/fixtures/$kind
mkdir -p "$out"

api() { curl -sf --unix-socket "$sock" "http://d$1"; }
docker() { "$DOCKNET_DOCKER_CLI" "$@"; }

# inspect_all LIST PATH-PREFIX: {"<id>": <inspect>, ...}
inspect_all() {
  local id first=1
  echo '{'
  for id in $(jq -r '.[].Id' "$1"); do
    ((first)) || echo ','
    first=0
    printf '"%s": ' "$id"
    api "$2/$id$3"
  done
  echo '}'
}

seednets='["app-net","frontend","backend","vault-net","unused-net"]'
api '/networks' | jq --argjson s "$seednets" 'map(select(.Name as $n | ($s | index($n)) or ((.Labels // {}) | length == 0))) | sort_by(.Name)' >"$out/networks.json"
api '/containers/json?all=1' | jq 'map(select(.Labels["docknet.seed"] == "1")) | sort_by(.Names[0])' >"$out/containers.json"
[[ $(jq length "$out/containers.json") -ge 11 ]] || { echo "record-fixtures: $kind is not seeded (engines.sh seed $kind)" >&2; exit 1; }
inspect_all "$out/containers.json" /containers /json | jq . >"$out/inspects.json"
inspect_all "$out/networks.json" /networks "" | jq . >"$out/network-inspects.json"
api '/version' | jq . >"$out/version.json"
api '/info' | jq '{Name, ServerVersion, OperatingSystem, OSType, Driver, CgroupDriver, CgroupVersion, SecurityOptions, DefaultRuntime, Runtimes: (.Runtimes // {} | keys)}' >"$out/info.json"

# Events, as a live stream sees them (Podman 4.3 answers nothing when until= is given).
run=rec-$$
evfile=$(mktemp)
curl -sfN --unix-socket "$sock" "http://d/events?since=$(date +%s)" >"$evfile" &
curl_pid=$!
trap 'kill $curl_pid 2>/dev/null || true; rm -f "$evfile"' EXIT
docker network create --label docknet.test="$run" --subnet 10.99.0.0/24 "$run-net" >/dev/null
docker create --label docknet.test="$run" --name "$run-c" "$DOCKNET_HELPER_IMAGE" sleep 60 >/dev/null
docker network connect --alias "$run-alias" "$run-net" legacy-a
docker network disconnect "$run-net" legacy-a
docker rm "$run-c" >/dev/null
docker network rm "$run-net" >/dev/null
# the container's removal comes on every engine; give a network removal
# event (where the engine sends one) a moment more
for ((i = 0; i < 50; i++)); do
  jq -e -s --arg n "$run-c" 'any(.[]; (.Action == "destroy" or .Action == "remove") and .Actor.Attributes.name == $n)' "$evfile" >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 1
kill $curl_pid 2>/dev/null || true
wait $curl_pid 2>/dev/null || true
# ours: naming the run, or a connect/disconnect of legacy-a (Podman 4.3's
# carry neither the network's name nor its id)
legacy=$(docker inspect -f '{{.Id}}' legacy-a)
jq -s --arg run "$run" --arg legacy "$legacy" \
  'map(select((tostring | contains($run)) or ((.Action == "connect" or .Action == "disconnect") and (tostring | contains($legacy)))))' \
  "$evfile" >"$out/events.json"
echo "record-fixtures: $kind -> test/fixtures/$kind ($(jq length "$out/networks.json") networks, $(jq length "$out/containers.json") containers, $(jq length "$out/events.json") events)"
