// The operation log kept across runs: every operation the explorer runs is appended to
// $XDG_STATE_HOME/docknet/log.jsonl (else ~/.local/state/docknet/log.jsonl) as one JSON
// line — time, engine, docker line(s), outcome, restore line — and the last entries of
// earlier runs are loaded into the session log, so `L` shows them too.
import {appendFileSync, mkdirSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import type {LogEntry, OperationLog} from '../state/operations.js';

export type AuditRecord = {
	time: string;
	engine: string;
	kind: string;
	summary: string;
	/** The docker CLI lines that ran, joined with " && ". */
	docker: string;
	outcome: 'ok' | 'failed';
	error: string | null;
	restore: string | null;
};

export function auditLogPath(env: NodeJS.ProcessEnv): string {
	const base =
		env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
	return join(base, 'docknet', 'log.jsonl');
}

export function toRecord(entry: LogEntry, engine: string): AuditRecord {
	const restore = entry.detail?.startsWith('restore: ') ? entry.detail.slice('restore: '.length) : null;
	return {
		time: new Date(entry.at).toISOString(),
		engine,
		kind: entry.kind,
		summary: entry.summary,
		docker: entry.lines.join(' && '),
		outcome: entry.ok ? 'ok' : 'failed',
		error: entry.error,
		restore,
	};
}

/** The last `limit` well-formed records of the file (a torn or foreign line is skipped). */
export function readAuditLog(path: string, limit = 50): AuditRecord[] {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch {
		return [];
	}
	const records: AuditRecord[] = [];
	for (const line of text.split('\n').slice(-limit - 1)) {
		if (!line.trim()) continue;
		try {
			const r = JSON.parse(line) as AuditRecord;
			if (typeof r.time === 'string' && typeof r.summary === 'string' && typeof r.docker === 'string') records.push(r);
		} catch {
			// A line cut by a crash mid-write: skip it.
		}
	}
	return records.slice(-limit);
}

/**
 * Loads earlier runs into `log`, then appends each new entry to the file. Returns a
 * function that stops appending. Write errors are reported once through `warn`.
 */
export function attachAuditLog(log: OperationLog, path: string, engine: string, warn: (message: string) => void = () => {}): () => void {
	for (const r of readAuditLog(path)) {
		const at = Date.parse(r.time);
		log.add({
			at: Number.isNaN(at) ? 0 : at,
			kind: r.kind,
			summary: `[${r.time.slice(0, 10)} earlier run · ${r.engine}] ${r.summary}`,
			ok: r.outcome === 'ok',
			lines: r.docker ? r.docker.split(' && ') : [],
			error: r.error,
			detail: r.restore ? `restore: ${r.restore}` : null,
		});
	}
	let seen = Math.max(0, ...log.snapshot().map(e => e.id));
	let warned = false;
	return log.subscribe(() => {
		for (const entry of [...log.snapshot()].reverse()) {
			if (entry.id <= seen) continue;
			seen = entry.id;
			try {
				mkdirSync(dirname(path), {recursive: true});
				appendFileSync(path, JSON.stringify(toRecord(entry, engine)) + '\n', {mode: 0o600});
			} catch (error) {
				if (!warned) warn(`operation log not saved to ${path}: ${(error as Error).message}`);
				warned = true;
			}
		}
	});
}
