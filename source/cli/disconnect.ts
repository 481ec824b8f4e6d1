// docknet disconnect NETWORK CONTAINER [--force] [--dry-run]
import {sanitize} from '../format/sanitize.js';
import {findContainer} from '../domain/selectors.js';
import {executeDisconnect, planDisconnect} from '../commands/disconnect.js';
import type {CliContext} from './context.js';
import {askOnTty, confirmUnprovenEngine, type Ask} from './confirm.js';
import {expectPositionals, loadTopologyFor, reportDryRun, reportOutcome, reportRefusal} from './ops-output.js';
import type {ParsedValues} from './options.js';

export const DISCONNECT_USAGE = 'docknet disconnect NETWORK CONTAINER [--force [--yes-unproven-engine]] [--dry-run] [--json]';

export async function runDisconnect(ctx: CliContext, positionals: string[], values: ParsedValues, ask: Ask = askOnTty): Promise<number> {
	expectPositionals(positionals, 2, DISCONNECT_USAGE);
	// Only the target's aliases matter (what it loses).
	const topology = await loadTopologyFor(ctx.engine, t => {
		const container = findContainer(t, positionals[1]!);
		return container ? [container.id] : [];
	});
	const plan = planDisconnect(topology, {network: positionals[0]!, container: positionals[1]!, force: Boolean(values.force)});
	if (!plan.ok) return reportRefusal(ctx, 'disconnect', plan);
	const extra = {lost: plan.lost, restore: plan.restore.line};
	if (values['dry-run']) {
		const code = reportDryRun(ctx, plan, extra);
		if (!ctx.options.json) {
			ctx.stdout.write(
				plan.lost.length ? `it would lose: ${sanitize(plan.lost.join('; '))}\n` : 'it would lose no aliases or static addresses\n',
			);
			ctx.stdout.write(`to restore: ${sanitize(plan.restore.line)}\n`);
		}
		return code;
	}
	if (values.force) {
		const unproven = await confirmUnprovenEngine(ctx, values, 'force a disconnect', ask);
		if (unproven) return reportRefusal(ctx, 'disconnect', unproven, extra);
	}
	const outcome = await executeDisconnect(ctx.engine, plan);
	return reportOutcome(
		ctx,
		plan,
		outcome,
		r => [
			`disconnected ${r.containerName} from ${r.networkName}${plan.lost.length ? ` (lost ${plan.lost.join('; ')})` : ''}`,
			`to restore: ${r.restore}`,
		],
		extra,
	);
}
