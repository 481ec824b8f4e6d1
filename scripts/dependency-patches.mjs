// Dependency patches, the loud way. Each file under patches/ is a unified diff against
// one file of one exact dependency version:
//   patches/<package, "/" written "+">@<version>/<path inside the package>.patch
// The build applies it to the bundled copy as esbuild loads it (node_modules is never
// touched). A patch is all-or-nothing per file: a hunk that does not apply, a package at
// another version than the patch was made for, or a patch no bundled file used fails
// the build with a message naming the patch. Why each patch exists: patches/README.md.
import {readFileSync, readdirSync} from 'node:fs';
import {join, sep} from 'node:path';
import {applyPatch} from 'diff';

const escape = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every patch under `dir`, with a counter of the files it was applied to. */
export function loadPatches(dir) {
	const patches = [];
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		if (!entry.isDirectory()) continue;
		const at = entry.name.lastIndexOf('@');
		if (at <= 0) throw new Error(`build: ${join(dir, entry.name)} is not named <package>@<version>`);
		const name = entry.name.slice(0, at).replace('+', '/');
		const version = entry.name.slice(at + 1);
		for (const file of readdirSync(join(dir, entry.name), {recursive: true})) {
			if (!String(file).endsWith('.patch')) continue;
			const rel = String(file).slice(0, -'.patch'.length).split(sep).join('/');
			const path = join(dir, entry.name, String(file));
			patches.push({name, version, rel, path, diff: readFileSync(path, 'utf8'), applied: 0});
		}
	}
	if (patches.length === 0) throw new Error(`build: no patches found in ${dir}`);
	return patches;
}

/** The version of the package that holds `file`, from its own package.json. */
function versionOf(file, name) {
	const marker = `node_modules${sep}${name.split('/').join(sep)}${sep}`;
	const at = file.lastIndexOf(marker);
	return JSON.parse(readFileSync(join(file.slice(0, at + marker.length), 'package.json'), 'utf8')).version;
}

/** `text` with `patch` applied exactly (no fuzz), or an Error saying why not. */
export function applyDependencyPatch(text, patch, file) {
	const found = versionOf(file, patch.name);
	if (found !== patch.version) {
		throw new Error(
			`build: ${patch.path} was made for ${patch.name}@${patch.version} but ${file} is ${patch.name}@${found}. ` +
				'Regenerate the patch for the new version (see patches/README.md) or remove it.',
		);
	}
	const result = applyPatch(text, patch.diff, {fuzzFactor: 0});
	if (result === false) {
		throw new Error(
			`build: ${patch.path} does not apply to ${file}: the text it changes is not there. ` +
				'The dependency changed under the same version, or the patch is wrong (see patches/README.md).',
		);
	}
	return result;
}

/** An esbuild plugin applying `patches` to the files they name. */
export function patchPlugin(patches) {
	return {
		name: 'dependency-patches',
		setup(build) {
			for (const patch of patches) {
				const filter = new RegExp(
					`node_modules[\\\\/]${escape(patch.name).replace('/', '[\\\\/]')}[\\\\/]${escape(patch.rel).replaceAll('/', '[\\\\/]')}$`,
				);
				build.onLoad({filter}, args => {
					const contents = applyDependencyPatch(readFileSync(args.path, 'utf8'), patch, args.path);
					patch.applied++;
					return {contents, loader: 'js'};
				});
			}
		},
	};
}

/** Throws when a patch was never used: its file left the bundle or moved. */
export function assertAllApplied(patches) {
	const unused = patches.filter(patch => patch.applied === 0);
	if (unused.length > 0) {
		throw new Error(
			`build: these patches were not applied to any bundled file (did the file move?): ${unused.map(p => p.path).join(', ')}`,
		);
	}
}
