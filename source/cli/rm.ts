// docknet rm NETWORK... [--disconnect-all] [--dry-run]
import {loadTopology} from '../commands/load-topology.js';
import {executeRemove, planRemove, type RemovePlan} from '../commands/remove.js';
import {UsageError, type CliContext} from './context.js';
import {askOnTty, confirmUnknownUse, confirmUnprovenEngine, type Ask} from './confirm.js';
import {loadTopologyFor, reportDryRun, reportOutcome, reportRefusal} from './ops-output.js';
import {lossLine, removeLosses} from '../commands/remove-losses.js';
import {sanitize} from '../format/sanitize.js';
import type {ParsedValues} from './options.js';

export const RM_USAGE = 'docknet rm NETWORK... [--disconnect-all] [--dry-run] [--yes-unproven-engine] [--yes-unknown-use] [--json]';

function networksJson(plan: RemovePlan, names: Map<string, string>) {
	return plan.targets.map(t => ({
		id: t.network.id,
		name: t.network.name,
		disconnect: t.endpoints.map(e => names.get(e.containerId) ?? e.containerId),
		stoppedContainers: t.stopped.map(a => names.get(a.containerId) ?? a.containerId),
	}));
}

export async function runRm(ctx: CliContext, positionals: string[], values: ParsedValues, ask: Ask = askOnTty): Promise<number> {
	if (positionals.length === 0) throw new UsageError(`give at least one network (usage: ${RM_USAGE})`);
	const disconnectAll = Boolean(values['disconnect-all']);
	const skeleton = await loadTopology(ctx.engine, {details: false});
	const plan0 = planRemove(skeleton, {networks: positionals, disconnectAll});
	if (!plan0.ok) return reportRefusal(ctx, 'remove', plan0);
	// What each disconnected container loses (its aliases) needs its details.
	const topology = plan0.disconnects.length ? await loadTopologyFor(ctx.engine, () => plan0.disconnects.map(d => d.containerId)) : skeleton;
	const plan = planRemove(topology, {networks: positionals, disconnectAll});
	if (!plan.ok) return reportRefusal(ctx, 'remove', plan);
	const names = new Map(topology.containers.map(c => [c.id, c.name]));
	const losses = removeLosses(topology, plan);
	const extra = {networks: networksJson(plan, names), lost: losses};
	const lossText = () => losses.flatMap(loss => [lossLine(loss), `  to restore (once ${loss.network} exists again): ${loss.restore}`]);
	if (values['dry-run']) {
		const code = reportDryRun(ctx, plan, extra);
		if (!ctx.options.json) for (const line of lossText()) ctx.stdout.write(`${sanitize(line)}\n`);
		return code;
	}
	const unproven = await confirmUnprovenEngine(ctx, values, 'remove networks', ask);
	if (unproven) return reportRefusal(ctx, 'remove', unproven, extra);
	const outcome = await executeRemove(ctx.engine, plan, topology, undefined, {confirmUnknown: confirmUnknownUse(ctx, values, ask)});
	return reportOutcome(
		ctx,
		plan,
		outcome,
		r => [
			...r.disconnected.flatMap(d => {
				const loss = losses.find(l => l.network === d.networkName && l.container === d.containerName);
				return [
					`disconnected ${d.containerName} from ${d.networkName}${loss?.lost.length ? ` (lost ${loss.lost.join('; ')})` : ''}`,
					...(loss ? [`  to restore (once ${loss.network} exists again): ${loss.restore}`] : []),
				];
			}),
			...(r.removed.length ? [`removed ${r.removed.map(n => n.name).join(', ')}`] : []),
		],
		extra,
	);
}
