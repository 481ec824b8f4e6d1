// An interactive shell in a container — or, when its image has no shell, in a helper
// container sharing its network and PID namespaces — run by the docker CLI with the
// terminal handed over (the explorer suspends itself meanwhile). The plan is the exact
// docker command line; the helper needs a local image and is refused in read-only mode.
import {spawn} from 'node:child_process';
import type {EnginePort} from '../engine/port.js';
import type {Container} from '../domain/types.js';
import {HELPER_LABEL, HELPER_SOURCE_LABEL, ProbeRefused, helperRefusal, type ToolCache} from './probe-host.js';

export type ShellPlan = {argv: string[]; via: 'self' | 'helper'; note: string};

export async function planShell(
	engine: EnginePort,
	tools: ToolCache,
	container: Container,
	settings: {helperImage: string | null; readOnly: boolean; dockerCli?: string},
): Promise<ShellPlan> {
	const cli = settings.dockerCli || 'docker';
	if (container.state !== 'running') throw new ProbeRefused('not-running', `${container.name} is not running (${container.state}): start it first (docker start ${container.name})`);
	const own = await tools.get(container);
	if (own.has('sh') || own.has('bash')) {
		const shell = own.has('bash') ? 'bash' : 'sh';
		return {argv: [cli, 'exec', '-it', container.name, shell], via: 'self', note: `${shell} in ${container.name}`};
	}
	const why = `${container.name}'s image (${container.image}) has no shell`;
	const refusal = await helperRefusal(engine, {image: settings.helperImage, readOnly: settings.readOnly}, container, why);
	if (refusal) throw refusal;
	return {
		argv: [
			cli,
			'run',
			'--rm',
			'-it',
			'--pull',
			'never',
			'--network',
			`container:${container.id}`,
			'--pid',
			`container:${container.id}`,
			'--label',
			`${HELPER_LABEL}=1`,
			'--label',
			`${HELPER_SOURCE_LABEL}=${container.id}`,
			settings.helperImage!,
			'sh',
		],
		via: 'helper',
		note: `a shell in a helper container sharing ${container.name}'s network and processes`,
	};
}

/** The environment for the docker CLI so it talks to the same engine as docknet. */
export function dockerCliEnv(endpoint: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const out = {...env};
	if (/^(unix|tcp|ssh|https?):\/\//.test(endpoint)) {
		out.DOCKER_HOST = endpoint.replace(/^https?:\/\//, 'tcp://');
		delete out.DOCKER_CONTEXT;
	}
	return out;
}

/** Runs the plan on the real terminal and resolves with its exit code. */
export function runShell(plan: ShellPlan, env: NodeJS.ProcessEnv): Promise<number> {
	return new Promise(resolve => {
		const child = spawn(plan.argv[0]!, plan.argv.slice(1), {stdio: 'inherit', env});
		child.on('error', () => resolve(127));
		child.on('exit', code => resolve(code ?? 1));
	});
}
