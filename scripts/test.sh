#!/usr/bin/env bash
# npm test: typecheck, build, start the private engine (fails loudly if it cannot),
# seed it, then the whole suite with node's test runner. Runs on the pinned Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned Node 24 (devDependency "node") even when called outside npm.
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== typecheck"
npx tsc --noEmit

echo "== build"
node scripts/build.mjs

echo "== sandbox engine"
if ! bash scripts/sandbox-engine.sh up; then
	echo "FAILED: the private Docker engine did not start (see above). The engine, end-to-end and benchmark-smoke tests need it; nothing was skipped." >&2
	exit 1
fi
eval "$(bash scripts/sandbox-engine.sh env)"
if [ "${CI:-}" = true ]; then
	# A run that was killed may have left labelled test or benchmark resources behind.
	for label in docknet.test docknet.bench; do
		leftovers=$("$DOCKNET_DOCKER_CLI" ps -aq --filter label=$label 2>/dev/null || true)
		[ -z "${leftovers// /}" ] || "$DOCKNET_DOCKER_CLI" rm -f $leftovers >/dev/null 2>&1 || true
		nets=$("$DOCKNET_DOCKER_CLI" network ls -q --filter label=$label 2>/dev/null || true)
		[ -z "$nets" ] || "$DOCKNET_DOCKER_CLI" network rm $nets >/dev/null 2>&1 || true
	done
fi
# Re-seed only when the seed topology is not intact (10 running containers, batch,
# 5 networks): re-seeding under a concurrent run would pull containers from under it.
running=$("$DOCKNET_DOCKER_CLI" ps -q --filter label=docknet.seed=1 --filter status=running | wc -l)
stopped=$("$DOCKNET_DOCKER_CLI" ps -aq --filter label=docknet.seed=1 --filter name='^/batch$' | wc -l)
networks=$("$DOCKNET_DOCKER_CLI" network ls -q --filter label=docknet.seed=1 | wc -l)
if [ "$running" != 10 ] || [ "$stopped" != 1 ] || [ "$networks" != 5 ]; then
	bash scripts/sandbox-engine.sh seed >/dev/null
fi

echo "== tests"
# Files run one at a time: engine and tmux tests share one engine and two cores.
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
	files=('test/unit/**/*.test.ts' 'test/components/**/*.test.tsx' 'test/engine/**/*.test.ts' 'test/scenarios/**/*.test.ts' 'test/e2e/**/*.test.ts')
fi
exec node --import tsx --test --test-concurrency=1 --test-timeout=300000 "${files[@]}"
