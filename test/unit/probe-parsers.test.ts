import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	applyPingLine,
	emptyPingStats,
	hostsLookup,
	interpretNc,
	isMissingExecutable,
	lineSplitter,
	parseEtcHosts,
	parseGetent,
	parseNslookup,
	parsePingLine,
	parsePingOutput,
	parseResolvConf,
	tickPingStats,
} from '../../source/domain/probe-parsers.js';

// Captured from the sandbox engine (busybox 1.35) and from iputils 20221126.
const BUSYBOX_PING = `PING db (10.10.0.4): 56 data bytes
64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.168 ms
64 bytes from 10.10.0.4: seq=1 ttl=64 time=0.123 ms

--- db ping statistics ---
2 packets transmitted, 2 packets received, 0% packet loss
round-trip min/avg/max = 0.123/0.145/0.168 ms
`;

const IPUTILS_PING = `PING db (10.10.0.4) 56(84) bytes of data.
64 bytes from db.app-net (10.10.0.4): icmp_seq=1 ttl=64 time=0.080 ms
64 bytes from db.app-net (10.10.0.4): icmp_seq=3 ttl=64 time=0.120 ms

--- db ping statistics ---
3 packets transmitted, 2 received, 33.3333% packet loss, time 2031ms
rtt min/avg/max/mdev = 0.080/0.100/0.120/0.020 ms
`;

describe('ping lines', () => {
	it('parses a busybox reply', () => {
		assert.deepEqual(parsePingLine('64 bytes from 10.10.0.3: seq=0 ttl=64 time=0.080 ms'), {
			kind: 'reply',
			bytes: 64,
			from: '10.10.0.3',
			seq: 0,
			ttl: 64,
			rttMs: 0.08,
		});
	});

	it('parses iputils replies with and without a reverse name', () => {
		assert.deepEqual(parsePingLine('64 bytes from db.app-net (10.10.0.3): icmp_seq=7 ttl=64 time=0.045 ms'), {
			kind: 'reply',
			bytes: 64,
			from: '10.10.0.3',
			seq: 7,
			ttl: 64,
			rttMs: 0.045,
		});
		assert.equal((parsePingLine('64 bytes from 10.10.0.3: icmp_seq=2 ttl=64 time=1.5 ms') as {from: string}).from, '10.10.0.3');
	});

	it('parses an IPv6 busybox reply', () => {
		const line = parsePingLine('64 bytes from fd00::3: seq=4 ttl=64 time=0.201 ms');
		assert.equal(line?.kind, 'reply');
		assert.equal((line as {from: string}).from, 'fd00::3');
	});

	it('parses headers, summaries and errors of both flavours', () => {
		assert.deepEqual(parsePingLine('PING db (10.10.0.4): 56 data bytes'), {kind: 'header', target: 'db', address: '10.10.0.4', seqBase: 0});
		assert.deepEqual(parsePingLine('2 packets transmitted, 1 packets received, 50% packet loss'), {
			kind: 'packets',
			transmitted: 2,
			received: 1,
			lossPct: 50,
		});
		assert.deepEqual(parsePingLine('3 packets transmitted, 2 received, 33.3333% packet loss, time 2031ms'), {
			kind: 'packets',
			transmitted: 3,
			received: 2,
			lossPct: 33.3333,
		});
		assert.deepEqual(parsePingLine('round-trip min/avg/max = 0.123/0.145/0.168 ms'), {
			kind: 'rtt',
			minMs: 0.123,
			avgMs: 0.145,
			maxMs: 0.168,
		});
		assert.deepEqual(parsePingLine('rtt min/avg/max/mdev = 0.080/0.100/0.120/0.020 ms'), {
			kind: 'rtt',
			minMs: 0.08,
			avgMs: 0.1,
			maxMs: 0.12,
		});
		assert.deepEqual(parsePingLine("ping: bad address 'legacy-b'"), {kind: 'unresolved', name: 'legacy-b'});
		assert.deepEqual(parsePingLine('ping: legacy-b: Name or service not known'), {kind: 'unresolved', name: 'legacy-b'});
		assert.deepEqual(parsePingLine('ping: sendto: Network is unreachable'), {
			kind: 'error',
			message: 'ping: sendto: Network is unreachable',
		});
		assert.deepEqual(parsePingLine('From 10.10.0.1 icmp_seq=2 Destination Host Unreachable'), {
			kind: 'icmp-error',
			from: '10.10.0.1',
			seq: 2,
			message: 'Destination Host Unreachable',
		});
		assert.equal(parsePingLine('--- db ping statistics ---'), null);
		assert.equal(parsePingLine(''), null);
	});
});

describe('ping statistics', () => {
	it('computes loss and min/avg/max from a busybox run', () => {
		const stats = parsePingOutput(BUSYBOX_PING);
		assert.equal(stats.address, '10.10.0.4');
		assert.equal(stats.received, 2);
		assert.equal(stats.transmitted, 2);
		assert.equal(stats.lossPct, 0);
		assert.equal(stats.minMs, 0.123);
		assert.equal(stats.maxMs, 0.168);
		assert.equal(stats.avgMs, 0.146);
		assert.equal(stats.final, true);
	});

	it('sees a gap in iputils sequence numbers as a lost packet', () => {
		const stats = parsePingOutput(IPUTILS_PING);
		assert.deepEqual(stats.lost, [2]);
		assert.equal(stats.received, 2);
		assert.equal(stats.transmitted, 3);
		assert.equal(stats.lossPct, 33.3);
	});

	it('counts a run with no replies as 100% loss once ping says so', () => {
		const stats = parsePingOutput(
			'PING 10.10.0.250 (10.10.0.250): 56 data bytes\n\n--- 10.10.0.250 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n',
		);
		assert.equal(stats.transmitted, 2);
		assert.equal(stats.received, 0);
		assert.equal(stats.lossPct, 100);
		assert.equal(stats.minMs, null);
		assert.deepEqual(stats.lost, [0, 1], 'every unanswered packet is lost once ping sums up');
	});

	it('records an unresolved name', () => {
		const stats = parsePingOutput("ping: bad address 'legacy-b'\n");
		assert.equal(stats.unresolved, 'legacy-b');
		assert.equal(stats.received, 0);
	});

	it('ignores duplicate replies', () => {
		let stats = emptyPingStats();
		const reply = parsePingLine('64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.1 ms')!;
		stats = applyPingLine(applyPingLine(stats, reply), reply);
		assert.equal(stats.received, 1);
	});

	it('renumbers a continued run with a sequence offset', () => {
		let stats = emptyPingStats();
		stats = applyPingLine(stats, parsePingLine('64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.1 ms')!, 0);
		stats = applyPingLine(stats, parsePingLine('64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.2 ms')!, 600);
		assert.deepEqual(
			stats.replies.map(r => r.seq),
			[0, 600],
		);
		assert.equal(stats.lost.length, 0, 'a new run starts at its offset: earlier numbers belong to the previous run');
	});

	it('counts overdue packets as lost on a clock tick while ping is silent', () => {
		let stats = emptyPingStats();
		stats = applyPingLine(stats, parsePingLine('64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.1 ms')!);
		// 3.5 s in, 1 s interval, 1 s timeout: seq 0..3 sent, 0..2 overdue, only 0 answered.
		stats = tickPingStats(stats, 0, 3500, 1000, 1000);
		assert.deepEqual(stats.lost, [1, 2]);
		assert.equal(stats.transmitted, 4);
		assert.equal(stats.lossPct, 66.7, 'seq 3 is still in flight: 2 lost of 3 settled');
		// A late reply takes its packet off the lost list.
		stats = applyPingLine(stats, parsePingLine('64 bytes from 10.10.0.4: seq=2 ttl=64 time=900 ms')!);
		assert.deepEqual(stats.lost, [1]);
	});

	it('streams lines split across chunks', () => {
		const lines: string[] = [];
		const split = lineSplitter(l => lines.push(l));
		split.push('64 bytes from 10.10.0.4: se');
		split.push('q=0 ttl=64 time=0.1 ms\r\nPING');
		split.flush();
		assert.deepEqual(lines, ['64 bytes from 10.10.0.4: seq=0 ttl=64 time=0.1 ms', 'PING']);
	});
});

describe('nslookup', () => {
	it('parses busybox 1.35 answers (A and AAAA sections)', () => {
		const r = parseNslookup(
			'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 10.10.0.4\n\nNon-authoritative answer:\n\n',
		);
		assert.equal(r.server, '127.0.0.11');
		assert.equal(r.serverAddress, '127.0.0.11');
		assert.deepEqual(r.answers, [{name: 'db', address: '10.10.0.4'}]);
		assert.equal(r.nxdomain, false);
		assert.equal(r.error, null);
	});

	it('parses several addresses (two containers share an alias)', () => {
		const r = parseNslookup(
			'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdup\nAddress: 10.10.0.4\nName:\tdup\nAddress: 10.10.0.9\n\n',
		);
		assert.deepEqual(
			r.answers.map(a => a.address),
			['10.10.0.4', '10.10.0.9'],
		);
	});

	it('parses NXDOMAIN from the default bridge resolver', () => {
		const r = parseNslookup(
			"Server:\t\t172.17.0.1\nAddress:\t172.17.0.1:53\n\n** server can't find legacy-b: NXDOMAIN\n\n** server can't find legacy-b: NXDOMAIN\n\n",
		);
		assert.equal(r.serverAddress, '172.17.0.1');
		assert.equal(r.nxdomain, true);
		assert.deepEqual(r.answers, []);
	});

	it('parses old busybox "Address 1:" answers', () => {
		const r = parseNslookup('Server:    127.0.0.11\nAddress 1: 127.0.0.11\n\nName:      db\nAddress 1: 10.10.0.4 db.app-net\n');
		assert.equal(r.serverAddress, '127.0.0.11');
		assert.deepEqual(r.answers, [{name: 'db', address: '10.10.0.4'}]);
	});

	it('parses BIND nslookup output and its failures', () => {
		const ok = parseNslookup(
			'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 10.10.0.4\n',
		);
		assert.equal(ok.serverAddress, '127.0.0.11');
		assert.deepEqual(ok.answers, [{name: 'db', address: '10.10.0.4'}]);
		const nx = parseNslookup("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\n** server can't find nosuch: NXDOMAIN\n");
		assert.equal(nx.nxdomain, true);
		const timeout = parseNslookup(';; connection timed out; no servers could be reached\n');
		assert.match(timeout.error ?? '', /timed out/);
		const servfail = parseNslookup("** server can't find x: SERVFAIL\n");
		assert.match(servfail.error ?? '', /SERVFAIL/);
	});
});

describe('hosts, getent, resolv.conf', () => {
	it('parses /etc/hosts and looks names up', () => {
		const entries = parseEtcHosts(
			'127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n172.17.0.3\tlb legacy-b 5b1e2c  # --link\n10.10.0.2\t561a87396728\n',
		);
		assert.deepEqual(hostsLookup(entries, 'lb'), ['172.17.0.3']);
		assert.deepEqual(hostsLookup(entries, 'LEGACY-B'), ['172.17.0.3']);
		assert.deepEqual(hostsLookup(entries, 'localhost'), ['127.0.0.1', '::1']);
		assert.deepEqual(hostsLookup(entries, 'nosuch'), []);
	});

	it('parses getent hosts output', () => {
		assert.deepEqual(parseGetent('10.10.0.4       db\n'), [{address: '10.10.0.4', names: ['db']}]);
		assert.deepEqual(parseGetent(''), []);
	});

	it('parses resolv.conf', () => {
		assert.deepEqual(parseResolvConf('nameserver 127.0.0.11\noptions ndots:0\n'), {
			nameservers: ['127.0.0.11'],
			search: [],
			options: ['ndots:0'],
		});
		assert.deepEqual(parseResolvConf('# comment\nsearch corp.example\nnameserver 172.17.0.1\n').nameservers, ['172.17.0.1']);
	});
});

describe('nc exit codes', () => {
	it('reads busybox nc outcomes', () => {
		assert.deepEqual(interpretNc(0, ''), {state: 'open', message: null});
		assert.equal(interpretNc(1, "nc: can't connect to remote host (10.10.0.4): Connection refused\n").state, 'refused');
		assert.equal(interpretNc(1, 'nc: timed out\n').state, 'timeout');
		assert.equal(interpretNc(1, "nc: bad address 'nosuch'\n").state, 'unresolved');
		assert.equal(interpretNc(1, "nc: can't connect to remote host (10.99.0.2): No route to host\n").state, 'unreachable');
		assert.equal(interpretNc(null, '', {timedOut: true}).state, 'timeout');
	});

	it('reads a silent OpenBSD nc -z refusal and unknown failures', () => {
		assert.equal(interpretNc(1, '').state, 'refused');
		assert.deepEqual(interpretNc(2, 'nc: invalid option -- w\n'), {state: 'error', message: 'nc: invalid option -- w'});
	});
});

describe('missing executables', () => {
	it('recognises the OCI runtime message', () => {
		assert.equal(
			isMissingExecutable(
				126,
				'OCI runtime exec failed: exec failed: unable to start container process: exec: "getent": executable file not found in $PATH: unknown',
			),
			true,
		);
		assert.equal(isMissingExecutable(1, 'usage'), false);
		assert.equal(isMissingExecutable(0, ''), false);
	});
});

describe('ping without NET_RAW', () => {
	it('busybox "permission denied (are you root?)" means ping cannot run, not 0 received', () => {
		let stats = parsePingOutput('PING db (10.89.0.4): 56 data bytes\nping: permission denied (are you root?)\n');
		assert.equal(stats.cannotRun, 'ping: permission denied (are you root?)');
		stats = tickPingStats(stats, 0, 5000, 1000, 1000);
		assert.equal(stats.lost.length, 0, 'the clock does not count packets that were never sent');
	});

	it('iputils "Operation not permitted" too; an ordinary error does not', () => {
		assert.match(parsePingOutput('ping: socket: Operation not permitted\n').cannotRun ?? '', /Operation not permitted/);
		assert.equal(parsePingOutput('PING x (10.0.0.9): 56 data bytes\nping: sendto: Network is unreachable\n').cannotRun, null);
	});
});
