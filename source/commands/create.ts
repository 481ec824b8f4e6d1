// create: a new network from a small set of options, validated first (CIDR syntax,
// gateway and range inside the subnet, overlaps, duplicate name).
import type {EnginePort, NetworkCreateSpec} from '../engine/port.js';
import {validateCreate, type CreateInput} from '../domain/validate-create.js';
import type {Topology} from '../domain/types.js';
import type {Refusal} from '../domain/validate.js';
import {step, throwIfAborted, toFailure, type Outcome, type PlanBase} from './operation.js';

export type CreatePlan = PlanBase<'create'> & {spec: NetworkCreateSpec};
export type CreateResult = {id: string; name: string; warning: string | null};

export function createArgv(spec: NetworkCreateSpec): string[] {
	return [
		'network',
		'create',
		...(spec.driver && spec.driver !== 'bridge' ? ['--driver', spec.driver] : []),
		...(spec.ipam ?? []).flatMap(c => [
			'--subnet',
			c.subnet,
			...(c.gateway ? ['--gateway', c.gateway] : []),
			...(c.ipRange ? ['--ip-range', c.ipRange] : []),
		]),
		...(spec.internal ? ['--internal'] : []),
		...(spec.attachable ? ['--attachable'] : []),
		...(spec.enableIPv6 ? ['--ipv6'] : []),
		...Object.entries(spec.labels ?? {}).flatMap(([k, v]) => ['--label', v === '' ? k : `${k}=${v}`]),
		spec.name,
	];
}

export function planCreate(t: Topology, input: CreateInput): CreatePlan | Refusal {
	const checked = validateCreate(t, input);
	if (!checked.ok) return checked;
	const spec = checked.value;
	const subnets = (spec.ipam ?? []).map(c => c.subnet);
	const flags = [spec.internal ? 'internal' : '', spec.attachable ? 'attachable' : '', spec.enableIPv6 ? 'IPv6' : ''].filter(Boolean);
	return {
		ok: true,
		kind: 'create',
		summary: `create ${spec.driver ?? 'bridge'} network ${spec.name}${subnets.length ? ` (${subnets.join(', ')})` : ''}${flags.length ? ` [${flags.join(', ')}]` : ''}`,
		steps: [step(...createArgv(spec))],
		notes: checked.notes,
		spec,
	};
}

export async function executeCreate(engine: EnginePort, plan: CreatePlan, signal?: AbortSignal): Promise<Outcome<'create', CreateResult>> {
	try {
		throwIfAborted(signal);
		const reply = await engine.createNetwork(plan.spec);
		return {
			ok: true,
			kind: 'create',
			summary: plan.summary,
			steps: plan.steps,
			result: {id: reply.id, name: plan.spec.name, warning: reply.warning ?? null},
		};
	} catch (error) {
		return {
			ok: false,
			kind: 'create',
			summary: plan.summary,
			completed: [],
			failedStep: plan.steps[0]!,
			failure: toFailure(error),
			result: null,
		};
	}
}
