// docknet create NAME [--driver D] [--subnet CIDR]... [--gateway IP]... [--ip-range CIDR]...
//   [--internal] [--attachable] [--ipv6] [--label k=v]... [--dry-run]
import {loadTopology} from '../commands/load-topology.js';
import {executeCreate, planCreate} from '../commands/create.js';
import type {CliContext} from './context.js';
import {expectPositionals, reportDryRun, reportOutcome, reportRefusal, string, strings} from './ops-output.js';
import type {ParsedValues} from './options.js';

export const CREATE_USAGE =
	'docknet create NAME [--driver D] [--subnet CIDR] [--gateway IP] [--ip-range CIDR] [--internal] [--attachable] [--ipv6] [--label k=v]... [--dry-run] [--json]';

export async function runCreate(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectPositionals(positionals, 1, CREATE_USAGE);
	const topology = await loadTopology(ctx.engine, {details: false});
	const plan = planCreate(topology, {
		name: positionals[0]!,
		driver: string(values.driver),
		subnets: strings(values.subnet),
		gateways: strings(values.gateway),
		ipRanges: strings(values['ip-range']),
		internal: Boolean(values.internal),
		attachable: Boolean(values.attachable),
		ipv6: Boolean(values.ipv6),
		labels: strings(values.label),
	});
	if (!plan.ok) return reportRefusal(ctx, 'create', plan);
	const extra = {spec: plan.spec};
	if (values['dry-run']) return reportDryRun(ctx, plan, extra);
	const outcome = await executeCreate(ctx.engine, plan);
	return reportOutcome(
		ctx,
		plan,
		outcome,
		r => [`created network ${r.name} (${r.id.slice(0, 12)})${r.warning ? `; engine warning: ${r.warning}` : ''}`],
		extra,
	);
}
