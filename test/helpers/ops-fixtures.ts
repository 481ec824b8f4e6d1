// Resources for the operation tests: uniquely named, labelled with this run's
// TEST_LABEL, on subnets chosen free at the time (other sessions create networks on
// the same engine concurrently). cleanupTestResources() removes them.
import {randomInt} from 'node:crypto';
import {TEST_LABEL, docker, sandboxEnv, uniqueName} from './sandbox.js';

async function usedSubnets(): Promise<string[]> {
	const ids = (await docker(['network', 'ls', '-q'])).stdout.split('\n').filter(Boolean);
	if (!ids.length) return [];
	const out = await docker(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', ...ids], {allowFail: true});
	return out.stdout.split(/\s+/).filter(Boolean);
}

/** A /24 in 10.100.0.0/14 (outside the sandbox's default pool 10.128.0.0/9) no network uses now. */
export async function freeSubnet(): Promise<{subnet: string; prefix: string}> {
	const used = new Set((await usedSubnets()).map(s => s.split('.').slice(0, 3).join('.')));
	for (;;) {
		const prefix = `10.${100 + randomInt(4)}.${randomInt(256)}`;
		if (!used.has(prefix)) return {subnet: `${prefix}.0/24`, prefix};
	}
}

/** A random ULA /64. */
export const freeSubnet6 = (): {subnet: string; prefix: string} => {
	const a = randomInt(0x10000).toString(16);
	const b = randomInt(0x10000).toString(16);
	return {subnet: `fd42:${a}:${b}::/64`, prefix: `fd42:${a}:${b}:`};
};

/** A labelled network of this run with a user-specified subnet. */
export async function testNetwork(
	prefix = 'opnet',
	extra: string[] = [],
): Promise<{name: string; subnet: string; base: string; id: string}> {
	const name = uniqueName(prefix);
	const {subnet, prefix: base} = await freeSubnet();
	const id = (await docker(['network', 'create', '--label', TEST_LABEL, '--subnet', subnet, ...extra, name])).stdout.trim();
	return {name, subnet, base, id};
}

/** A labelled network of this run whose subnet the engine chose. */
export async function testNetworkAuto(prefix = 'opauto'): Promise<{name: string; id: string}> {
	const name = uniqueName(prefix);
	const id = (await docker(['network', 'create', '--label', TEST_LABEL, name])).stdout.trim();
	return {name, id};
}

/** A running container of this run (bare image: only /bin/sleep), on `network` (default bridge). */
export async function testContainer(prefix = 'opctr', network?: string, extra: string[] = []): Promise<{name: string; id: string}> {
	const name = uniqueName(prefix);
	const args = [
		'run',
		'-d',
		'--label',
		TEST_LABEL,
		'--name',
		name,
		...(network ? ['--network', network] : []),
		...extra,
		sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest',
	];
	const id = (await docker(args)).stdout.trim();
	return {name, id};
}

/** A created-but-never-started container configured on `network` (a stopped member). */
export async function stoppedContainer(network: string, prefix = 'opstop'): Promise<{name: string; id: string}> {
	const name = uniqueName(prefix);
	const id = (
		await docker([
			'create',
			'--label',
			TEST_LABEL,
			'--name',
			name,
			'--network',
			network,
			sandboxEnv().DOCKNET_BARE_IMAGE || 'docknet-bare:latest',
		])
	).stdout.trim();
	return {name, id};
}

/** Aliases (without the short id), static IPs and addresses of a container on a network, from docker inspect. */
export async function endpointOf(
	container: string,
	network: string,
): Promise<{aliases: string[]; ipv4: string; ipv6: string; staticIpv4: string | null; staticIpv6: string | null} | null> {
	const out = await docker(['inspect', container]);
	const [c] = JSON.parse(out.stdout) as Array<{
		Id: string;
		NetworkSettings: {
			Networks: Record<
				string,
				{
					Aliases: string[] | null;
					IPAddress: string;
					GlobalIPv6Address: string;
					IPAMConfig: {IPv4Address?: string; IPv6Address?: string} | null;
				}
			>;
		};
	}>;
	const settings = c!.NetworkSettings.Networks[network];
	if (!settings) return null;
	return {
		aliases: (settings.Aliases ?? []).filter(a => a !== c!.Id.slice(0, 12)),
		ipv4: settings.IPAddress,
		ipv6: settings.GlobalIPv6Address,
		staticIpv4: settings.IPAMConfig?.IPv4Address || null,
		staticIpv6: settings.IPAMConfig?.IPv6Address || null,
	};
}

export async function networkExists(name: string): Promise<boolean> {
	return (await docker(['network', 'inspect', name], {allowFail: true})).code === 0;
}
