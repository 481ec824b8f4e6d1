#!/usr/bin/env bash
# npm run demo: private engine up (installing what it needs), seed topology, then
# docknet on it. Nothing here touches a system Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned Node 24 (devDependency "node") even when called outside npm.
export PATH="$PWD/node_modules/.bin:$PATH"
[ -f dist/cli.js ] || node scripts/build.mjs
bash scripts/sandbox-engine.sh up
bash scripts/sandbox-engine.sh seed
eval "$(bash scripts/sandbox-engine.sh env)"
echo
echo "docknet is talking to the private engine: DOCKER_HOST=$DOCKER_HOST"
echo "Try it yourself in another shell:  eval \"\$(bash scripts/sandbox-engine.sh env)\"; node bin/docknet.js ls"
if [ -t 1 ]; then
	exec node bin/docknet.js "$@"
else
	exec node bin/docknet.js ls "$@"
fi
