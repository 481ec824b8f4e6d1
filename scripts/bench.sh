#!/usr/bin/env bash
# npm run bench [-- options]: build, make sure the private engine runs (and is seeded),
# then bench/run.ts. Options are documented at the top of bench/run.ts and in
# BENCHMARKS.md. Benchmarks report figures; they never fail because a figure is slow.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node 24 (the pinned dev dependency), also when called as `bash scripts/bench.sh`.
NODE=node
[[ -x node_modules/.bin/node ]] && NODE=node_modules/.bin/node

if [[ " $* " != *" --no-build "* ]]; then
	echo "== build" >&2
	"$NODE" scripts/build.mjs
fi
args=()
for a in "$@"; do [[ "$a" == --no-build ]] || args+=("$a"); done

if [[ " $* " != *" --no-real "* ]]; then
	echo "== sandbox engine" >&2
	bash scripts/sandbox-engine.sh up >&2
	# The seed (web, db…) is needed by the ping figures; seed only when it is missing,
	# so a run never disturbs what other tests are doing with it.
	eval "$(bash scripts/sandbox-engine.sh env)"
	if [[ -z "$("$DOCKNET_DOCKER_CLI" ps -q --filter label=docknet.seed=1 --filter name=^/web$)" ]]; then
		bash scripts/sandbox-engine.sh seed >/dev/null
	fi
fi

echo "== bench" >&2
exec "$NODE" --import tsx bench/run.ts ${args[@]+"${args[@]}"}
