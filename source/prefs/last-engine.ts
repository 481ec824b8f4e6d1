// The engine last picked in the explorer's switcher (key e), kept across runs in
// $XDG_STATE_HOME/docknet/last-engine.json (else ~/.local/state/docknet/). It is only
// offered first in the switcher: docknet still starts on the engine that -H, --context,
// DOCKER_HOST or the docker context say, as the docker CLI does.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import type {EngineMemory} from '../engine/switcher.js';
import {auditLogPath} from './audit-log.js';

export function lastEnginePath(env: NodeJS.ProcessEnv): string {
	return join(dirname(auditLogPath(env)), 'last-engine.json');
}

export function lastEngineMemory(env: NodeJS.ProcessEnv): EngineMemory {
	const path = lastEnginePath(env);
	return {
		read() {
			try {
				const value = JSON.parse(readFileSync(path, 'utf8')) as {context?: unknown; endpoint?: unknown};
				if (typeof value.endpoint !== 'string' || (value.context !== null && typeof value.context !== 'string')) return null;
				return {context: value.context as string | null, endpoint: value.endpoint};
			} catch {
				return null; // none yet, or unreadable: nothing is remembered
			}
		},
		write(choice) {
			mkdirSync(dirname(path), {recursive: true});
			writeFileSync(path, JSON.stringify({context: choice.context, endpoint: choice.endpoint, at: new Date().toISOString()}) + '\n');
		},
	};
}
