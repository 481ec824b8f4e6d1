// What the feed's consistency check compares: the fields of a network or container that
// the two list calls give and that change only with an event (so list and inspect agree
// in a quiet moment). Time-varying text ("Up 5 minutes") and fields only an inspect has
// (aliases on API 1.41) are left out: aliases change only with connect/disconnect,
// which also change the endpoint id compared here.
import type {RawContainerInspect, RawContainerSummary, RawEndpointSettings, RawNetwork} from '../engine/port.js';

const sorted = (record: Record<string, string> | null | undefined): string =>
	JSON.stringify(Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function networkPrint(n: RawNetwork): string {
	const ipam = (n.IPAM?.Config ?? []).map(c => `${c.Subnet ?? ''}|${c.Gateway ?? ''}|${c.IPRange ?? ''}`).sort();
	return JSON.stringify([
		n.Name,
		n.Driver ?? '',
		Boolean(n.Internal),
		Boolean(n.Attachable),
		Boolean(n.EnableIPv6),
		ipam,
		sorted(n.Labels),
		sorted(n.Options),
	]);
}

function endpointsPrint(networks: Record<string, RawEndpointSettings> | null | undefined): string {
	return JSON.stringify(
		Object.entries(networks ?? {})
			.map(([name, e]) =>
				[
					name,
					e.NetworkID ?? '',
					e.EndpointID ?? '',
					e.IPAddress ?? '',
					e.IPPrefixLen ?? 0,
					e.MacAddress ?? '',
					e.GlobalIPv6Address ?? '',
				].join('|'),
			)
			.sort(),
	);
}

const stripSlash = (name: string | undefined): string => (name ?? '').replace(/^\//, '');

export function summaryPrint(c: RawContainerSummary): string {
	return JSON.stringify([stripSlash(c.Names?.[0]), c.State ?? '', endpointsPrint(c.NetworkSettings?.Networks)]);
}

export function inspectPrint(c: RawContainerInspect): string {
	return JSON.stringify([stripSlash(c.Name), c.State?.Status ?? '', endpointsPrint(c.NetworkSettings?.Networks)]);
}

/** States in which the list may run ahead of the event that will follow (rm -f in progress). */
export const TRANSIENT_STATES = new Set(['removing']);
