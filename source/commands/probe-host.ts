// Where a probe runs: inside the source container when its image has the tool, else
// in a helper container that shares the source's network namespace (and PID
// namespace, so it can also stop the source's probes). Tools are detected once per
// image. A helper comes only from a local image (--helper-image / DOCKNET_HELPER_IMAGE),
// is never pulled, is labelled so leftovers can be found, removes itself when its
// bounded life ends, and is removed when docknet is done with it. Creating one changes
// the engine, so read-only mode refuses it with a clear message.
import {hostname} from 'node:os';
import type {EnginePort} from '../engine/port.js';
import {EngineError} from '../engine/port.js';
import type {Container} from '../domain/types.js';
import {isMissingExecutable} from '../domain/probe-parsers.js';
import {randomHex, runQuick, type Killer} from './probe-exec.js';

export const TOOLS = ['sh', 'ping', 'nslookup', 'getent', 'nc', 'cat', 'tr', 'bash', 'wget', 'curl'] as const;
export type Tool = (typeof TOOLS)[number];
export type ToolSet = ReadonlySet<Tool>;

// Fixed text: only our own constant tool names.
const DETECT_SCRIPT =
	'for t in ping nslookup getent nc cat tr bash wget curl; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done; exit 0';

/** Newer engines refuse to start a missing executable with an error instead of exit 126/127 on the stream. */
export const isMissingExecError = (error: unknown): boolean =>
	error instanceof EngineError && /executable file not found|no such file or directory|not found in \$PATH/i.test(error.message);

/** runQuick, with a missing executable reported as an engine error turned into exit 127. */
async function runDetect(engine: EnginePort, container: string, argv: string[], signal?: AbortSignal) {
	try {
		return await runQuick(engine, container, argv, signal);
	} catch (error) {
		if (!isMissingExecError(error)) throw error;
		const output = (error as Error).message;
		return {exitCode: 127, output, stdout: '', stderr: output};
	}
}

/** Which probe tools an image has: one exec with a shell, else one exec per tool. */
export async function detectTools(engine: EnginePort, container: string, signal?: AbortSignal): Promise<ToolSet> {
	const viaShell = await runDetect(engine, container, ['sh', '-c', DETECT_SCRIPT], signal);
	if (!isMissingExecutable(viaShell.exitCode, viaShell.output)) {
		const found = new Set<Tool>(['sh']);
		for (const line of viaShell.stdout.split('\n')) if ((TOOLS as readonly string[]).includes(line.trim())) found.add(line.trim() as Tool);
		return found;
	}
	// No shell: ask for each tool's usage text (every variant prints it and exits).
	const found = new Set<Tool>();
	await Promise.all(
		(['ping', 'nslookup', 'getent', 'nc', 'cat', 'bash'] as const).map(async tool => {
			const run = await runDetect(engine, container, [tool, '--help'], signal);
			if (!isMissingExecutable(run.exitCode, run.output)) found.add(tool);
		}),
	);
	return found;
}

type ToolKey = {id: string; imageId?: string | null; image?: string};
const toolKey = (container: ToolKey) => container.imageId || container.image || container.id;

/** Tool sets by image (a container of the same image has the same tools). */
export class ToolCache {
	private readonly byKey = new Map<string, Promise<ToolSet>>();
	private readonly known = new Map<string, ToolSet>();

	constructor(private readonly engine: EnginePort) {}

	get(container: ToolKey): Promise<ToolSet> {
		const key = toolKey(container);
		let hit = this.byKey.get(key);
		if (!hit) {
			hit = detectTools(this.engine, container.id);
			this.byKey.set(key, hit);
			hit.then(
				tools => this.known.set(key, tools),
				() => this.byKey.delete(key),
			);
		}
		return hit;
	}

	/** The image's tools if already detected (no exec), else undefined. */
	peek(container: ToolKey): ToolSet | undefined {
		return this.known.get(toolKey(container));
	}
}

export const killerFor = (container: string, tools: ToolSet): Killer | null =>
	tools.has('sh') && (tools.has('tr') || tools.has('cat')) ? {container, reader: tools.has('tr') ? 'tr' : 'cat'} : null;

// ------------------------------------------------------------------ refusals

export type ProbeRefusalKind =
	'bad-target' | 'read-only' | 'no-helper-image' | 'helper-image-missing' | 'no-tools' | 'not-running' | 'no-network';

/** A probe docknet will not run, with the reason in a sentence (CLI exit 2, panel message). */
export class ProbeRefused extends Error {
	override name = 'ProbeRefused';
	constructor(
		readonly kind: ProbeRefusalKind,
		message: string,
		/** The leading clause naming what was missing (a helper refusal), so it can be re-worded per probe. */
		readonly why?: string,
	) {
		super(message);
	}
}

// ------------------------------------------------------------------ helpers

export const HELPER_LABEL = 'docknet.helper';
export const HELPER_SOURCE_LABEL = 'docknet.helper.source';
/** Who made a helper: `<hostname>/<pid>` — a later docknet on this host reclaims it once that pid is gone. */
export const HELPER_OWNER_LABEL = 'docknet.helper.owner';
/** A helper lives at most this long (then removes itself), whatever happens to docknet. */
export const HELPER_LIFETIME_SEC = 3600;

/**
 * The helper's command: it reads its stdin, which docknet holds (EnginePort leash), to the
 * end — so it exits, and the helper is removed, as soon as docknet is gone, however it
 * ended (even SIGKILL) — and lives an hour at most all the same.
 */
export const HELPER_ARGV = [
	'sh',
	'-c',
	`if command -v timeout >/dev/null 2>&1; then exec timeout ${HELPER_LIFETIME_SEC} cat >/dev/null; else exec cat >/dev/null; fi`,
];

export const ownerLabel = (): string => `${hostname()}/${process.pid}`;

/** True for a helper whose docknet is known to be gone: made on this host by a pid that no longer runs. */
export function orphanHelper(labels: Record<string, string>): boolean {
	const owner = labels[HELPER_OWNER_LABEL];
	if (labels[HELPER_LABEL] !== '1' || !owner) return false;
	const slash = owner.lastIndexOf('/');
	const pid = Number(owner.slice(slash + 1));
	if (owner.slice(0, slash) !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

export type HelperSettings = {
	/** Local image with probe tools, from --helper-image or DOCKNET_HELPER_IMAGE. */
	image: string | null;
	readOnly: boolean;
	/** Extra labels (tests mark their helpers). */
	labels?: Record<string, string>;
};

export type Helper = {id: string; name: string; sourceId: string; image: string; tools: ToolSet; createdAt: number};

const safeName = (name: string) =>
	name
		.replace(/[^A-Za-z0-9_.-]/g, '-')
		.replace(/^[^A-Za-z0-9]+/, '')
		.slice(0, 40) || 'c';

/** The docker CLI line that makes the same helper. */
export function helperCli(
	source: Container,
	image: string,
	name = `docknet-helper-${safeName(source.name)}`,
	argv: string[] = HELPER_ARGV,
): string[] {
	return [
		'docker',
		'run',
		'-d',
		'-i',
		'--rm',
		'--name',
		name,
		'--network',
		`container:${source.name}`,
		'--pid',
		`container:${source.name}`,
		'--label',
		`${HELPER_LABEL}=1`,
		image,
		...argv,
	];
}

/** Why a helper cannot be used right now, or null when it can. */
export async function helperRefusal(
	engine: EnginePort,
	settings: HelperSettings,
	source: Container,
	why: string,
): Promise<ProbeRefused | null> {
	if (settings.readOnly) {
		return new ProbeRefused(
			'read-only',
			`${why}; docknet would run it from a helper container sharing ${source.name}'s network (${helperCli(source, settings.image ?? 'IMAGE').join(' ')}), which changes the engine: refused in read-only mode.`,
			why,
		);
	}
	if (!settings.image) {
		return new ProbeRefused(
			'no-helper-image',
			`${why}; give a local image that has them for a helper container: --helper-image IMAGE or DOCKNET_HELPER_IMAGE (docknet never pulls images).`,
			why,
		);
	}
	if (!(await engine.hasImage(settings.image))) {
		return new ProbeRefused(
			'helper-image-missing',
			`${why}; the helper image ${settings.image} is not on this engine and docknet never pulls images: run docker pull ${settings.image} yourself, or pick another with --helper-image.`,
			why,
		);
	}
	return null;
}

/** Helper containers of one docknet session: at most one per source, all removed on dispose. */
export class HelperPool {
	private readonly bySource = new Map<string, Promise<Helper>>();
	private readonly created = new Set<string>();
	private readonly resolved = new Map<string, Helper>();

	constructor(
		private readonly engine: EnginePort,
		readonly settings: HelperSettings,
		private readonly tools: ToolCache,
	) {}

	/** The source's helper, created on first use. Throws ProbeRefused when it may not or cannot be made. */
	ensure(source: Container, why: string): Promise<Helper> {
		// A helper near the end of its bounded life is replaced (it removes itself).
		const known = this.resolved.get(source.id);
		if (known && Date.now() - known.createdAt > (HELPER_LIFETIME_SEC - 300) * 1000) {
			this.resolved.delete(source.id);
			this.bySource.delete(source.id);
		}
		let hit = this.bySource.get(source.id);
		if (!hit) {
			hit = this.create(source, why);
			hit.then(
				helper => this.resolved.set(source.id, helper),
				() => {},
			);
			this.bySource.set(source.id, hit);
			hit.catch(() => this.bySource.delete(source.id));
		}
		// Probes asking at once share one attempt, but each refusal names its own probe's
		// missing tool (the DNS row must not say "no nc or bash" because a port check asked first).
		return hit.catch(error => {
			if (error instanceof ProbeRefused && error.why !== undefined && error.why !== why && error.message.startsWith(error.why)) {
				throw new ProbeRefused(error.kind, why + error.message.slice(error.why.length), why);
			}
			throw error;
		});
	}

	private async create(source: Container, why: string): Promise<Helper> {
		const refusal = await helperRefusal(this.engine, this.settings, source, why);
		if (refusal) throw refusal;
		// About to write anyway: first reclaim what killed sessions on this host left behind.
		reclaimOnce(this.engine);
		const image = this.settings.image!;
		const name = `docknet-helper-${safeName(source.name)}-${randomHex(6)}`;
		const {id} = await this.engine.runHelper({
			name,
			image,
			argv: HELPER_ARGV,
			networkMode: `container:${source.id}`,
			pidMode: `container:${source.id}`,
			autoRemove: true,
			leash: true,
			labels: {[HELPER_LABEL]: '1', [HELPER_SOURCE_LABEL]: source.id, [HELPER_OWNER_LABEL]: ownerLabel(), ...(this.settings.labels ?? {})},
		});
		this.created.add(id);
		const tools = await this.tools.get({id, image});
		return {id, name, sourceId: source.id, image, tools, createdAt: Date.now()};
	}

	/** Forgets a helper that is gone (removed by someone, or its lifetime ended). */
	forget(sourceId: string): void {
		this.bySource.delete(sourceId);
		this.resolved.delete(sourceId);
	}

	get count(): number {
		return this.created.size;
	}

	/** Removes every helper this pool made. */
	async dispose(): Promise<void> {
		const ids = [...this.created];
		this.created.clear();
		this.bySource.clear();
		this.resolved.clear();
		await Promise.all(
			ids.map(id =>
				this.engine.removeContainer(id, true).catch(error => {
					if (!(error instanceof EngineError && (error.kind === 'not-found' || error.kind === 'conflict'))) throw error;
				}),
			),
		);
	}
}

const reclaimed = new WeakSet<EnginePort>();

/** Reclaims orphaned helpers once per engine and process, in the background (never in read-only mode: callers check). */
export function reclaimOnce(engine: EnginePort): void {
	if (reclaimed.has(engine)) return;
	reclaimed.add(engine);
	void removeLeftoverHelpers(engine).catch(() => {});
}

/**
 * Removes helper containers left by a docknet that could not clean up (killed): by label,
 * by default only those whose docknet is known to be gone (orphanHelper) — another
 * session's helpers are its own.
 */
export async function removeLeftoverHelpers(
	engine: EnginePort,
	filter: (labels: Record<string, string>) => boolean = orphanHelper,
): Promise<string[]> {
	const removed: string[] = [];
	for (const c of await engine.listContainers()) {
		const labels = c.Labels ?? {};
		if (labels[HELPER_LABEL] !== '1' || !filter(labels)) continue;
		try {
			await engine.removeContainer(c.Id, true);
			removed.push(c.Names?.[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12));
		} catch (error) {
			if (!(error instanceof EngineError && (error.kind === 'not-found' || error.kind === 'conflict'))) throw error;
		}
	}
	return removed;
}

// ------------------------------------------------------------------ hosts

/** Where one probe runs and how it is stopped. */
export type ProbeHost = {
	/** Container id to exec in. */
	container: string;
	/** For messages: the source's name, or "helper for web". */
	label: string;
	via: 'self' | 'helper';
	tools: ToolSet;
	/** How to stop a probe on cancel: resolved on demand (may create a PID-sharing helper). */
	killer: () => Promise<Killer | null>;
	/** Whether a cancelled probe can be stopped inside the container at all; null: not known yet (a trial host). */
	canStop: boolean | null;
	/**
	 * A trial: the source itself before its image's tools are known. The probe runs its
	 * tool there at once (no detection exec first) and, when the exec says the tool is
	 * missing (exit 126/127, "not found"), asks hostFor() for the real host. `tools`
	 * then holds only what the probe assumed.
	 */
	trial?: boolean;
};

const toolWords = (alternatives: Tool[][]) => alternatives.map(group => group.join(' + ')).join(' or ');

export class HostResolver {
	constructor(
		readonly tools: ToolCache,
		readonly helpers: HelperPool,
	) {}

	/**
	 * The source as a trial host when its tools are not known yet (see ProbeHost.trial);
	 * null when hostFor() can answer without an exec (tools known) or must refuse.
	 */
	trial(source: Container, assumed: Tool[]): ProbeHost | null {
		if (source.state !== 'running' || this.tools.peek(source)) return null;
		const canHelp = !this.helpers.settings.readOnly && Boolean(this.helpers.settings.image);
		return {
			container: source.id,
			label: source.name,
			via: 'self',
			tools: new Set(assumed),
			trial: true,
			// A helper can always stop it; else it depends on the shell, not known yet.
			canStop: canHelp ? true : null,
			killer: async () => {
				const own = await this.tools.get(source);
				return this.selfKiller(source, own);
			},
		};
	}

	/** How to stop a probe running in the source itself: its own shell, else a PID-sharing helper. */
	private async selfKiller(source: Container, own: ToolSet): Promise<Killer | null> {
		const selfKiller = killerFor(source.id, own);
		if (selfKiller) return selfKiller;
		// The image has the probe tool but no shell: stop it from a helper in its PID namespace.
		try {
			const helper = await this.helpers.ensure(source, `${source.name}'s image has no shell to stop a probe with`);
			return killerFor(helper.id, helper.tools);
		} catch {
			return null;
		}
	}

	/**
	 * A host that has one of the tool groups (e.g. [['nc'], ['bash']]). The source when
	 * its image has them, else its helper. Throws ProbeRefused with the reason.
	 */
	async hostFor(source: Container, needs: Tool[][]): Promise<ProbeHost> {
		if (source.state !== 'running')
			throw new ProbeRefused(
				'not-running',
				`${source.name} is not running (${source.state}): probes run inside it. Start it first: docker start ${source.name}`,
			);
		// Detection is quick and cached per image: never cut short by a cancel (a half result would stick).
		const own = await this.tools.get(source);
		if (needs.some(group => group.every(tool => own.has(tool)))) {
			const selfKiller = killerFor(source.id, own);
			const canHelp = !this.helpers.settings.readOnly && Boolean(this.helpers.settings.image);
			return {
				container: source.id,
				label: source.name,
				via: 'self',
				tools: own,
				canStop: Boolean(selfKiller) || canHelp,
				killer: () => this.selfKiller(source, own),
			};
		}
		const why = `${source.name}'s image (${source.image}) has no ${toolWords(needs)}`;
		const helper = await this.helpers.ensure(source, why);
		if (!needs.some(group => group.every(tool => helper.tools.has(tool)))) {
			throw new ProbeRefused('no-tools', `${why}, and neither has the helper image ${helper.image}.`);
		}
		const killer = killerFor(helper.id, helper.tools);
		return {
			container: helper.id,
			label: `helper for ${source.name}`,
			via: 'helper',
			tools: helper.tools,
			canStop: Boolean(killer),
			killer: async () => killer,
		};
	}
}
