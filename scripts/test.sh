#!/usr/bin/env bash
# npm test: typecheck, lint, format and import-structure checks, build, start the private engine (fails loudly if it cannot),
# seed it, then the whole suite with node's test runner, then the conformance suite on
# every engine kind (scripts/engines.sh). Runs on the pinned Node 24, then the unit, component,
# in-process CLI and a few CLI end-to-end files again on Node 22 (the "engines" floor;
# scripts/node22.sh fetches it once). Ends with the slowest test files of every run.
#   bash scripts/test.sh FILE...        only those files (default engine)
#   bash scripts/test.sh --conformance  only the conformance runs
#                                       (DOCKNET_ENGINE_KINDS="docker26 podman5" to pick)
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned Node 24 (devDependency "node") even when called outside npm.
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== typecheck"
npx tsc --noEmit

# Lint, format and import structure: each fails the run with its own message.
echo "== lint"
if ! eslint .; then
	echo "FAILED: ESLint found problems (above). Fix them; \`npx eslint --fix .\` fixes some." >&2
	exit 1
fi
echo "== format"
if ! prettier --check --log-level warn .; then
	echo "FAILED: the files listed above are not formatted with Prettier. Run \`npm run format\`." >&2
	exit 1
fi
echo "== import structure"
if ! depcruise source --config .dependency-cruiser.cjs --output-type err; then
	echo "FAILED: an import cycle or an import across the layers of ARCHITECTURE.md (above; rules in .dependency-cruiser.cjs)." >&2
	exit 1
fi

echo "== build"
node scripts/build.mjs

conformance_only=0
if [ "${1:-}" = --conformance ]; then
	conformance_only=1
	shift
fi

# Every run's files and their times (scripts/slowest-files.mjs), printed at the end.
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
# run_suite LABEL NODE FILE...: node's test runner; the spec reporter's summary
# ("ℹ tests … ℹ fail 0") on stdout as CI reads it, whichever Node version runs.
run_suite() {
	local label=$1 node=$2
	shift 2
	DOCKNET_REPORT_LABEL=$label "$node" --import tsx --test --test-concurrency=1 --test-timeout=300000 \
		--test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter="$PWD/scripts/slowest-files.mjs" --test-reporter-destination="$reports/$label.tsv" "$@"
}
slowest_files() {
	echo "== slowest test files (seconds, top-level tests and hooks)"
	sort -rn "$reports"/*.tsv 2>/dev/null | head -n "${DOCKNET_SLOWEST:-15}" | awk -F '\t' '{printf "  %7.1f  %s\n", $1 / 1000, $2}'
}

run_conformance() {
	local status=0 kind started summary=()
	# The conformance suite once per engine kind, each engine started and prepared
	# here: an engine that cannot start fails the run and says why.
	for kind in ${DOCKNET_ENGINE_KINDS:-$(bash scripts/engines.sh kinds)}; do
		echo "== conformance: $kind"
		started=$(date +%s)
		if ! bash scripts/engines.sh up "$kind"; then
			echo "FAILED: the $kind engine did not start (see above); its conformance suite could not run." >&2
			summary+=("$kind: ENGINE DID NOT START")
			status=1
			continue
		fi
		if ! bash scripts/engines.sh prepare "$kind"; then
			echo "FAILED: the $kind engine could not be seeded (see above)." >&2
			summary+=("$kind: SEED FAILED")
			status=1
			continue
		fi
		if (
			eval "$(bash scripts/engines.sh env "$kind")"
			files=(test/conformance/ls-json.test.ts test/conformance/events.test.ts
				test/conformance/probe.test.ts test/conformance/ops.test.ts)
			# The why-scenario catalogue on every other engine kind too (the default one ran it
			# above). On Podman each scenario runs as is, with Podman's own expectation, or is
			# skipped with the reason it does not apply there (test/scenarios/cases.ts, podman).
			case "$kind" in docker26 | docker28 | podman4 | podman5) files+=('test/scenarios/**/*.test.ts') ;; esac
			run_suite "$kind" node "${files[@]}"
		); then
			summary+=("$kind: passed ($(($(date +%s) - started)) s)")
		else
			summary+=("$kind: FAILED ($(($(date +%s) - started)) s)")
			status=1
		fi
	done
	echo "== conformance summary"
	printf '  %s\n' "${summary[@]}"
	return $status
}

if [ $conformance_only = 1 ]; then
	status=0
	run_conformance || status=1
	slowest_files
	exit $status
fi

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
if [ ${#files[@]} -gt 0 ]; then
	exec node --import tsx --test --test-concurrency=1 --test-timeout=300000 "${files[@]}"
fi
status=0
run_suite node24 node \
	'test/unit/**/*.test.ts' 'test/components/**/*.test.tsx' 'test/engine/**/*.test.ts' 'test/scenarios/**/*.test.ts' 'test/e2e/**/*.test.ts' || status=1

# The floor package.json promises: the tiers without an engine, and the CLI end to end
# through bin/docknet.js (the tests start it with their own Node; `node` on PATH is 22
# too, for the launcher's `exec node`).
echo "== tests on Node 22"
if node22=$(bash scripts/node22.sh); then
	node22_path=$(mktemp -d)
	ln -s "$node22" "$node22_path/node"
	PATH="$node22_path:$PATH" run_suite node22 "$node22" \
		'test/unit/**/*.test.ts' 'test/components/**/*.test.tsx' \
		test/engine/ops-refusals.test.ts test/engine/daily-cli.test.ts || status=1
	rm -rf "$node22_path"
else
	status=1
fi

# The single executable (npm run build:binary) with no Node on its PATH: its own checks,
# then a CLI file and a tmux file of the suite against it (test/helpers/launch.ts).
echo "== single executable"
started=$(date +%s)
if node scripts/build-binary.mjs --out dist-bin/docknet-test; then
	DOCKNET_TEST_BINARY=dist-bin/docknet-test run_suite binary node \
		test/binary/binary.test.ts test/engine/ls-json.test.ts test/e2e/explorer.test.ts || status=1
else
	echo "FAILED: the single executable did not build (see above)." >&2
	status=1
fi
echo "   single executable: $(($(date +%s) - started)) s"

run_conformance || status=1
slowest_files
exit $status
