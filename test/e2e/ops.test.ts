// Network operations end to end: the built binary in a real terminal (tmux, 80x24),
// against the private engine, driven by keys as a user would — connect `web` to
// `backend` with an alias and see it live, disconnect it, create an internal network,
// prune it (the unused one this test made; the seed's unused-net is left alone), and
// the CLI's prune asking y/N on a terminal. The seed is restored in finally.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {endpointOf, freeSubnet, networkExists, testNetwork} from '../helpers/ops-fixtures.js';
import {RUN_ID, TEST_LABEL, cleanupTestResources, docker, repoRoot, requireSandbox, uniqueName, waitFor} from '../helpers/sandbox.js';
import {TmuxSession, UTF8_ENV, openExplorer} from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];

const open = (options: Parameters<typeof TmuxSession.start>[0] = {}) => openExplorer(sessions, options);

before(requireSandbox);
after(async () => {
	for (const session of sessions) await session.kill();
	await docker(['network', 'disconnect', 'backend', 'web'], {allowFail: true});
	await cleanupTestResources();
});

describe('operations in the explorer', () => {
	it('connect web to backend with an alias, see it live, disconnect it', async () => {
		const alias = `web-${RUN_ID}`;
		try {
			const tmux = await open();
			// Wait for the aliases (container details) so the dialogs know everything.
			await tmux.waitForText(/db\s+10\.10\.0\.\d+\/24\s+mysql/, 10000);
			await tmux.sendKeys('/', 'backend', 'Enter');
			await tmux.waitForText(/Endpoints on backend/);
			await tmux.sendKeys('c');
			await tmux.waitForText(/Connect a container to backend/);
			await tmux.type('web');
			await tmux.waitForText(/│ ▸ web\s/);
			await tmux.sendKeys('Tab');
			await tmux.type(alias);
			const dialog = await tmux.waitForText(new RegExp(`\\$ docker network connect --alias ${alias} backend web`));
			assert.match(dialog, /ready: Enter runs the command above/);
			assert.equal(await endpointOf('web', 'backend'), null, 'nothing happened before Enter');
			await tmux.sendKeys('Enter');
			// Live: the new endpoint appears in the backend pane with its alias.
			const live = await tmux.waitForText(new RegExp(`web\\s+10\\.30\\.0\\.\\d+/24\\s+${alias}`), 8000);
			assert.match(live, /connect web to backend/, 'the notice names what was done');
			assert.deepEqual((await endpointOf('web', 'backend'))?.aliases, [alias]);

			// Disconnect it from the endpoints pane: the dialog says what is lost and how to restore it.
			await tmux.sendKeys('3', '/', 'web', 'Enter');
			await tmux.waitForText(/Endpoints on backend[\s\S]*▸ web/);
			await tmux.sendKeys('d');
			const confirm = await tmux.waitForText(/Disconnect web from backend/);
			assert.match(confirm, new RegExp(`alias: ${alias}`));
			assert.match(confirm, /\$ docker network disconnect backend web/);
			assert.match(confirm, new RegExp(`\\$ docker network connect --alias ${alias} backend web`));
			await tmux.sendKeys('Enter');
			await tmux.waitForGone(new RegExp(`web\\s+10\\.30\\.0\\.\\d+/24\\s+${alias}`), 8000);
			assert.equal(await endpointOf('web', 'backend'), null);

			// The session log has both, with their docker lines.
			await tmux.sendKeys('Escape', 'L');
			const log = await tmux.waitForText(/Operations \(this run and earlier ones\)/);
			assert.match(log, /✓ connect web to backend/);
			assert.match(log, /✓ disconnect web from backend/);
			await tmux.sendKeys('Escape', 'q');
			await tmux.assertRestored(0);
		} finally {
			await docker(['network', 'disconnect', 'backend', 'web'], {allowFail: true});
		}
	});

	it('create an internal network with the form, then prune it (the unused one)', async () => {
		const name = uniqueName('e2e-int');
		const {subnet, prefix} = await freeSubnet();
		const tmux = await open();
		await tmux.sendKeys('n');
		await tmux.waitForText(/Create a network/);
		// Each field is seen on screen before the next Tab, as a person types: text and
		// Tabs read together (under load) would be one unbracketed burst, taken as a paste.
		const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
		await tmux.type(name);
		await tmux.waitForText(new RegExp(`Name\\s+${esc(name)}`));
		await tmux.sendKeys('Tab', 'Tab');
		await tmux.type(subnet);
		await tmux.waitForText(new RegExp(`Subnet\\s+${esc(subnet)}`));
		await tmux.sendKeys('Tab');
		await tmux.type(`${prefix}.1`);
		await tmux.waitForText(new RegExp(`Gateway\\s+${esc(prefix)}\\.1\\b`));
		await tmux.sendKeys('Tab', 'Tab');
		await tmux.type(TEST_LABEL);
		await tmux.waitForText(new RegExp(`Labels\\s+${esc(TEST_LABEL)}`));
		await tmux.sendKeys('Tab', 'Space');
		const form = await tmux.waitForText(/\[x\] internal/);
		assert.match(
			form,
			new RegExp(`\\$ docker network create --subnet ${subnet.replaceAll('.', '\\.')} --gateway ${prefix.replaceAll('.', '\\.')}\\.1`),
		);
		await tmux.waitForText(/ready: Enter runs the command above/);
		await tmux.sendKeys('Enter');
		await tmux.waitForText(/created network e2e-int/);
		const raw = await waitFor(
			async () => (await networkExists(name)) && JSON.parse((await docker(['network', 'inspect', name])).stdout)[0],
			{what: `network ${name}`},
		);
		assert.equal(raw.Internal, true);
		assert.deepEqual(raw.IPAM.Config, [{Subnet: subnet, Gateway: `${prefix}.1`}]);
		assert.equal(raw.Labels['docknet.test'], RUN_ID);

		// Prune, filtered to this run's label: the preview lists exactly the new network.
		await tmux.sendKeys('P');
		await tmux.waitForText(/Prune unused networks/);
		await tmux.type(`label=${TEST_LABEL}`);
		const preview = await tmux.waitForText(/1 unused network would be removed/);
		assert.match(preview, /e2e-int-/);
		assert.match(preview, new RegExp(`\\$ docker network rm ${name}`));
		await tmux.sendKeys('Enter');
		const done = await tmux.waitForText(/Removed 1 network/, 8000);
		assert.match(done, /✓ e2e-int-/);
		assert.equal(await networkExists(name), false);
		assert.equal(await networkExists('unused-net'), true, "the seed's unused-net is left alone");
		await tmux.sendKeys('Enter', 'q');
		await tmux.assertRestored(0);
	});

	it('read-only: no operation keys in the hints, and c does nothing', async () => {
		const tmux = await open({args: ['--read-only']});
		const screen = await tmux.waitForText(/READ-ONLY/);
		assert.doesNotMatch(screen, /c connect/);
		await tmux.sendKeys('c', 'P', 'n');
		const after = await tmux.capture();
		assert.doesNotMatch(after, /Connect a container|Prune unused|Create a network/);
		await tmux.sendKeys('q');
		await tmux.assertRestored(0);
	});
});

describe('docknet prune on a terminal', () => {
	const bin = join(repoRoot, 'bin', 'docknet.js');

	it('asks y/N: N keeps everything (exit 1), y removes exactly the preview (exit 0)', async () => {
		const net = await testNetwork('e2e-prune');
		const argv = [process.execPath, bin, 'prune', '--filter', `label=${TEST_LABEL}`];
		const no = await TmuxSession.start({command: argv, env: UTF8_ENV});
		sessions.push(no);
		const asked = await no.waitForText(/Remove this network\? \[y\/N\]/, 10000);
		assert.match(asked, new RegExp(`${net.name}`));
		assert.match(asked, new RegExp(`\\$ docker network rm ${net.name}`));
		await no.sendKeys('n', 'Enter');
		const refused = await no.waitForExit();
		assert.equal(refused.exitCode, 1);
		assert.match(await no.capture(), /prune not confirmed; nothing removed/);
		assert.equal(await networkExists(net.name), true);

		const yes = await TmuxSession.start({command: argv, env: UTF8_ENV});
		sessions.push(yes);
		await yes.waitForText(/\[y\/N\]/, 10000);
		await yes.sendKeys('y', 'Enter');
		const state = await yes.waitForExit(10000);
		assert.equal(state.exitCode, 0);
		assert.match(await yes.capture(), new RegExp(`removed 1 network: ${net.name}`));
		assert.equal(await networkExists(net.name), false);
	});
});
