// docknet prune [-f|--force] [--filter label=…|until=…]... [--dry-run]
// Without --force it asks on a terminal (y/N) and refuses otherwise.
import {loadTopology} from '../commands/load-topology.js';
import {executePrune, planPrune, type PrunePlan} from '../commands/prune.js';
import {outcomeUnknown} from '../commands/operation.js';
import type {Topology} from '../domain/types.js';
import {sanitize} from '../format/sanitize.js';
import {fit} from '../format/width.js';
import {EXIT, UsageError, type CliContext} from './context.js';
import {askOnTty, confirmUnprovenEngine, isYes, type Ask} from './confirm.js';
import {printNotes, reportDryRun, reportOutcome, reportRefusal, strings} from './ops-output.js';
import type {Output} from './safe-stream.js';
import type {ParsedValues} from './options.js';

export const PRUNE_USAGE =
	'docknet prune [-f|--force] [--filter label=K[=V]|label!=K[=V]|until=TIME]... [--dry-run] [--yes-unproven-engine] [--json]';

export {askOnTty, type Ask} from './confirm.js';

function networksJson(plan: PrunePlan, t: Topology) {
	const names = new Map(t.containers.map(c => [c.id, c.name]));
	return plan.candidates.map(c => ({
		id: c.network.id,
		name: c.network.name,
		driver: c.network.driver,
		created: c.network.created,
		subnets: c.network.ipam.map(i => i.subnet).filter(Boolean),
		labels: c.network.labels,
		stoppedContainers: c.stopped.map(a => names.get(a.containerId) ?? a.containerId),
	}));
}

function printPreview(ctx: CliContext, plan: PrunePlan, t: Topology, out: Output = ctx.stdout): void {
	const names = new Map(t.containers.map(c => [c.id, c.name]));
	out.write(`${plan.candidates.length} unused network${plan.candidates.length === 1 ? '' : 's'} would be removed:\n`);
	for (const c of plan.candidates) {
		const subnets =
			c.network.ipam
				.map(i => i.subnet)
				.filter(Boolean)
				.join(',') || '-';
		const labels = Object.entries(c.network.labels)
			.map(([k, v]) => `${k}=${v}`)
			.join(',');
		const stopped = c.stopped.length
			? `  stopped containers on it: ${c.stopped.map(a => names.get(a.containerId) ?? a.containerId.slice(0, 12)).join(', ')}`
			: '';
		out.write(
			`  ${fit(sanitize(c.network.name), 24)} ${fit(c.network.id.slice(0, 12), 12)} ${fit(subnets, 18)} ${sanitize(labels)}${sanitize(stopped)}\n`,
		);
	}
	for (const s of plan.steps) out.write(`  $ ${sanitize(s.line)}\n`);
	printNotes(ctx, plan.notes);
}

export async function runPrune(ctx: CliContext, positionals: string[], values: ParsedValues, ask: Ask = askOnTty): Promise<number> {
	if (positionals.length) throw new UsageError(`prune takes no arguments (usage: ${PRUNE_USAGE})`);
	const topology = await loadTopology(ctx.engine, {details: false});
	const plan = planPrune(topology, {filters: strings(values.filter)});
	if (!plan.ok) return reportRefusal(ctx, 'prune', plan);
	const extra = {networks: networksJson(plan, topology)};
	if (values['dry-run'] || plan.candidates.length === 0) {
		if (!ctx.options.json && plan.candidates.length === 0) {
			ctx.stdout.write(
				'nothing to prune: every network is in use or predefined' + (plan.filterArgs.length ? ' (or filtered out)' : '') + '\n',
			);
			return EXIT.ok;
		}
		if (ctx.options.json) return reportDryRun(ctx, plan, extra);
		printPreview(ctx, plan, topology);
		return EXIT.ok;
	}
	if (!values.force) {
		const list = plan.candidates.map(c => c.network.name).join(', ');
		// With --json, stdout is for the document: the preview and question go to stderr.
		const question = `Remove ${plan.candidates.length === 1 ? 'this network' : `these ${plan.candidates.length} networks`}? [y/N] `;
		const answer = await ask(question, () => printPreview(ctx, plan, topology, ctx.options.json ? ctx.stderr : ctx.stdout));
		if (answer === null) {
			return reportRefusal(
				ctx,
				'prune',
				{
					ok: false,
					reason: `not on a terminal and no --force (it would remove ${sanitize(list)})`,
					hint: 'add --force to remove them, or --dry-run to only preview',
					field: null,
				},
				extra,
			);
		}
		if (!isYes(answer)) {
			ctx.stderr.write('docknet: prune not confirmed; nothing removed\n');
			return EXIT.refused;
		}
	}
	const unproven = await confirmUnprovenEngine(ctx, values, 'prune networks', ask);
	if (unproven) return reportRefusal(ctx, 'prune', unproven, extra);
	const outcome = await executePrune(ctx.engine, plan);
	return reportOutcome(
		ctx,
		plan,
		outcome,
		r => [
			r.removed.length
				? `removed ${r.removed.length} network${r.removed.length === 1 ? '' : 's'}: ${r.removed.map(n => n.name).join(', ')}`
				: 'removed nothing',
			...(r.vanished.length ? [`already gone: ${r.vanished.map(n => n.name).join(', ')}`] : []),
			...r.kept.map(k => `kept ${k.name}: ${k.reason}`),
			...r.failed.map(
				f =>
					`${outcomeUnknown(f.failure) ? 'unknown whether removed' : 'not removed'}: ${f.name}: ${f.failure.message} — ${f.failure.explanation}`,
			),
		],
		extra,
	);
}
