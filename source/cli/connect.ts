// docknet connect NETWORK CONTAINER [--alias A]... [--ip IP] [--ip6 IP] [--dry-run]
import {endpointsOfNetwork, findContainer, findNetwork} from '../domain/selectors.js';
import {executeConnect, planConnect} from '../commands/connect.js';
import {STATIC_ADDRESS_NOTE} from '../domain/validate-attach.js';
import type {CliContext} from './context.js';
import {expectPositionals, loadTopologyFor, reportDryRun, reportOutcome, reportRefusal, string, strings} from './ops-output.js';
import type {ParsedValues} from './options.js';

export const CONNECT_USAGE = 'docknet connect NETWORK CONTAINER [--alias A]... [--ip IP] [--ip6 IP] [--dry-run] [--json]';

export async function runConnect(ctx: CliContext, positionals: string[], values: ParsedValues): Promise<number> {
	expectPositionals(positionals, 2, CONNECT_USAGE);
	// Aliases matter for the target container and the network's members (shared names).
	const topology = await loadTopologyFor(ctx.engine, t => {
		const network = findNetwork(t, positionals[0]!);
		const container = findContainer(t, positionals[1]!);
		return [...(container ? [container.id] : []), ...(network ? endpointsOfNetwork(t, network.id).map(e => e.containerId) : [])];
	});
	const plan = planConnect(topology, {
		network: positionals[0]!,
		container: positionals[1]!,
		aliases: strings(values.alias),
		ipv4: string(values.ip),
		ipv6: string(values.ip6),
	});
	if (!plan.ok) return reportRefusal(ctx, 'connect', plan);
	if (values['dry-run']) return reportDryRun(ctx, plan);
	const outcome = await executeConnect(ctx.engine, plan);
	// The static-address warning is about what might be refused; once it worked it is noise.
	const shown = outcome.ok ? {...plan, notes: plan.notes.filter(n => n !== STATIC_ADDRESS_NOTE)} : plan;
	return reportOutcome(ctx, shown, outcome, r => [
		`connected ${r.containerName} to ${r.networkName}${r.ipv4 ? `: ${r.ipv4}` : ''}${r.ipv6 ? ` ${r.ipv6}` : ''}${r.aliases.length ? `, aliases: ${r.aliases.join(', ')}` : ''}`,
	]);
}
