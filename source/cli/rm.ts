// docknet rm NETWORK... [--disconnect-all] [--dry-run]
import {loadTopology} from '../commands/load-topology.js';
import {executeRemove, planRemove, type RemovePlan} from '../commands/remove.js';
import {UsageError, type CliContext} from './context.js';
import {askOnTty, confirmUnknownUse, confirmUnprovenEngine, type Ask} from './confirm.js';
import {reportDryRun, reportOutcome, reportRefusal} from './ops-output.js';
import type {ParsedValues} from './subcommands.js';

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
	const topology = await loadTopology(ctx.engine, {details: false});
	const plan = planRemove(topology, {networks: positionals, disconnectAll: Boolean(values['disconnect-all'])});
	if (!plan.ok) return reportRefusal(ctx, 'remove', plan);
	const names = new Map(topology.containers.map(c => [c.id, c.name]));
	const extra = {networks: networksJson(plan, names)};
	if (values['dry-run']) return reportDryRun(ctx, plan, extra);
	const unproven = await confirmUnprovenEngine(ctx, values, 'remove networks', ask);
	if (unproven) return reportRefusal(ctx, 'remove', unproven, extra);
	const outcome = await executeRemove(ctx.engine, plan, topology, undefined, {confirmUnknown: confirmUnknownUse(ctx, values, ask)});
	return reportOutcome(
		ctx,
		plan,
		outcome,
		r => [
			...r.disconnected.map(d => `disconnected ${d.containerName} from ${d.networkName}`),
			...(r.removed.length ? [`removed ${r.removed.map(n => n.name).join(', ')}`] : []),
		],
		extra,
	);
}
