// IPv4/IPv6 parsing, containment and overlap: the arithmetic under every subnet check.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	broadcastOf,
	cidrContainsCidr,
	cidrContainsIp,
	cidrsOverlap,
	formatCidr,
	formatIp,
	hostBitsSet,
	parseCidr,
	parseIp,
	parseIpStrict,
	type Cidr,
} from '../../source/domain/ip.js';

const cidr = (text: string): Cidr => {
	const parsed = parseCidr(text);
	assert.ok(parsed.ok, `${text} should parse`);
	return parsed.value;
};
const ip = (text: string) => {
	const parsed = parseIp(text);
	assert.ok(parsed, `${text} should parse`);
	return parsed;
};

describe('IPv4', () => {
	it('parses dotted quads and rejects everything else', () => {
		assert.deepEqual(parseIp('10.10.0.2'), {family: 4, value: 0x0a0a0002n});
		assert.deepEqual(parseIp('255.255.255.255'), {family: 4, value: 0xffffffffn});
		for (const bad of [
			'10.10.0',
			'10.10.0.2.1',
			'256.1.1.1',
			'10.010.0.1',
			'1.2.3.-1',
			' 1.2.3.4',
			'1.2.3.4 ',
			'',
			'a.b.c.d',
			'1..2.3',
			'0x1.2.3.4',
		]) {
			assert.equal(parseIp(bad), null, bad);
		}
	});

	it('parses CIDR blocks, with the prefix range checked', () => {
		const c = cidr('10.10.0.0/24');
		assert.equal(c.family, 4);
		assert.equal(c.prefix, 24);
		assert.equal(formatIp({family: 4, value: c.last}), '10.10.0.255');
		assert.equal(cidr('0.0.0.0/0').last, 0xffffffffn);
		for (const bad of ['10.10.0.0', '10.10.0.0/33', '10.10.0.0/-1', '10.10.0.0/', '10.999.0.0/24', '10.10.0.0/024', '10.10.0.0/2a']) {
			assert.equal(parseCidr(bad).ok, false, bad);
		}
	});

	it('reports host bits and gives the canonical block', () => {
		assert.equal(hostBitsSet(cidr('10.61.0.5/24')), true);
		assert.equal(formatCidr(cidr('10.61.0.5/24')), '10.61.0.0/24');
		assert.equal(hostBitsSet(cidr('10.61.0.0/24')), false);
		assert.equal(hostBitsSet(cidr('10.61.0.5/32')), false);
	});

	it('knows containment and overlap', () => {
		const net = cidr('10.10.0.0/24');
		assert.ok(cidrContainsIp(net, ip('10.10.0.0')));
		assert.ok(cidrContainsIp(net, ip('10.10.0.255')));
		assert.ok(!cidrContainsIp(net, ip('10.10.1.0')));
		assert.ok(!cidrContainsIp(net, ip('10.9.255.255')));
		assert.ok(cidrContainsCidr(net, cidr('10.10.0.128/25')));
		assert.ok(cidrContainsCidr(net, net));
		assert.ok(!cidrContainsCidr(net, cidr('10.10.0.0/23')));
		assert.ok(cidrsOverlap(net, cidr('10.10.0.0/16')));
		assert.ok(cidrsOverlap(cidr('10.10.0.128/25'), net));
		assert.ok(!cidrsOverlap(net, cidr('10.10.1.0/24')));
		assert.ok(!cidrsOverlap(net, cidr('fd00::/8')), 'different families never overlap');
	});

	it('gives the broadcast address (none for /31 and /32)', () => {
		assert.equal(formatIp(broadcastOf(cidr('10.63.0.0/24'))!), '10.63.0.255');
		assert.equal(broadcastOf(cidr('10.63.0.0/31')), null);
		assert.equal(broadcastOf(cidr('fd00::/64')), null);
	});
});

describe('IPv6', () => {
	it('parses full, compressed and IPv4-embedded forms', () => {
		assert.equal(ip('fd00:0:0:0:0:0:0:1').value, (0xfd00n << 112n) | 1n);
		assert.equal(ip('fd00::1').value, (0xfd00n << 112n) | 1n);
		assert.equal(ip('::').value, 0n);
		assert.equal(ip('::1').value, 1n);
		assert.equal(ip('FD00::').value, 0xfd00n << 112n);
		assert.equal(ip('::ffff:10.0.0.1').value, (0xffffn << 32n) | 0x0a000001n);
		assert.equal(ip('1:2:3:4:5:6:7:8').value, 0x00010002000300040005000600070008n);
		assert.equal(ip('1:2:3:4:5:6:10.0.0.1').value, 0x0001000200030004000500060a000001n);
	});

	it('rejects malformed addresses', () => {
		for (const bad of [
			'fd00:::1',
			'1::2::3',
			'1:2:3:4:5:6:7:8:9',
			'1:2:3:4:5:6:7',
			'fd00::12345',
			'fd00::g',
			'fe80::1%eth0',
			':1:2:3:4:5:6:7',
			'1:2:3:4:5:6:7:8::',
			'::ffff:10.0.0',
			'::10.0.0.256',
		]) {
			assert.equal(parseIp(bad), null, bad);
		}
	});

	it('formats canonically (RFC 5952)', () => {
		assert.equal(formatIp(ip('fd00:0000:0000:0000:0000:0000:0000:0001')), 'fd00::1');
		assert.equal(formatIp(ip('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
		assert.equal(formatIp(ip('2001:db8:0:1:1:1:1:1')), '2001:db8:0:1:1:1:1:1', 'a single zero group stays');
		assert.equal(formatIp(ip('::')), '::');
		assert.equal(formatIp(ip('1::')), '1::');
		assert.equal(formatCidr(cidr('FD00:1::5/64')), 'fd00:1::/64');
	});

	it('checks containment and overlap in 128 bits', () => {
		const net = cidr('fd00:1::/64');
		assert.ok(cidrContainsIp(net, ip('fd00:1::abcd')));
		assert.ok(cidrContainsIp(net, ip('fd00:1::ffff:ffff:ffff:ffff')));
		assert.ok(!cidrContainsIp(net, ip('fd00:1:0:1::')));
		assert.ok(!cidrContainsIp(net, ip('10.0.0.1')));
		assert.ok(cidrsOverlap(net, cidr('fd00::/16')));
		assert.ok(!cidrsOverlap(net, cidr('fd00:2::/64')));
		assert.ok(cidrContainsCidr(net, cidr('fd00:1::/80')));
		assert.equal(parseCidr('fd00::/129').ok, false);
		assert.ok(hostBitsSet(cidr('fd00:1::5/64')));
	});

	it('says which family was expected', () => {
		const wrong = parseIpStrict('fd00::1', 4);
		assert.equal(wrong.ok, false);
		assert.match(!wrong.ok ? wrong.reason : '', /IPv6 address; an IPv4 address is needed/);
		const block = parseIpStrict('10.0.0.1/24');
		assert.match(!block.ok ? block.reason : '', /CIDR block/);
		assert.ok(parseIpStrict('fd00::1', 6).ok);
	});
});
