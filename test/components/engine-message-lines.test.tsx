// An engine message with a newline is shown as separate, sanitized lines — in the CLI's
// one-line-per-failure output and in the explorer's dialogs and notices — never as `\x0a`,
// and the one sanitiser leaves no escape sequence live on the way.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {describeFailure, type CliContext} from '../../source/cli/context.js';
import {reportOutcome} from '../../source/cli/ops-output.js';
import {safeStream} from '../../source/cli/safe-stream.js';
import {step, toFailure} from '../../source/commands/operation.js';
import {textRows} from '../../source/components/dialogs/parts.js';
import {HintBar} from '../../source/components/hint-bar.js';
import {EngineError} from '../../source/engine/port.js';
import {buildKeymap} from '../../source/keys/keymap.js';
import {frameMatching} from '../helpers/ink.js';

const MESSAGE = 'failed to set up the bridge:\nexit status 1: \x1b[31mRTNETLINK answers: File exists\x1b[0m\n';

function capture() {
	const chunks = {stdout: '', stderr: ''};
	const sink = (key: 'stdout' | 'stderr') =>
		({write: (text: string) => ((chunks[key] += text), true), isTTY: false}) as unknown as NodeJS.WritableStream;
	const ctx = {
		options: {readOnly: false, json: false},
		stdout: safeStream(sink('stdout'), 'text'),
		stderr: safeStream(sink('stderr'), 'text'),
	} as unknown as CliContext;
	return {ctx, chunks};
}

describe('engine messages with a newline', () => {
	it('the CLI prints them as separate sanitized lines', () => {
		const {ctx, chunks} = capture();
		const plan = {
			ok: true as const,
			kind: 'create' as const,
			summary: 'create network n',
			steps: [step('network', 'create', 'n')],
			notes: [],
		};
		const failure = toFailure(new EngineError('server', MESSAGE, 500));
		const code = reportOutcome(
			ctx,
			plan,
			{ok: false, kind: 'create', summary: plan.summary, completed: [], failedStep: plan.steps[0]!, failure, result: null},
			() => [],
		);
		assert.equal(code, 2);
		const lines = chunks.stderr.trimEnd().split('\n');
		assert.equal(lines.length, 2, chunks.stderr);
		assert.equal(lines[0], 'docknet: create failed at: docker network create n: failed to set up the bridge:');
		assert.match(lines[1]!, /^ {2}exit status 1: \\x1b\[31mRTNETLINK answers: File exists\\x1b\[0m — /);
		assert.doesNotMatch(chunks.stderr, /\\x0a|\x1b/);
		const described = describeFailure(new EngineError('server', MESSAGE), null).message;
		assert.equal(described.split('\n').length, 2);
		assert.doesNotMatch(described, /\\x0a|\x1b/);
	});

	it('a dialog shows them as separate lines; a notice joins them on one line', async () => {
		const dialog = render(<Box flexDirection="column">{textRows({text: MESSAGE, inner: 90, prefix: 'engine: '})}</Box>);
		const frame = await frameMatching(dialog, /RTNETLINK/);
		assert.match(frame, /engine: failed to set up the bridge:\n\s+exit status 1: \\x1b\[31mRTNETLINK/);
		assert.doesNotMatch(frame, /\\x0a/);
		dialog.unmount();
		const bar = render(
			<HintBar
				keymap={buildKeymap(false)}
				context="networks"
				width={120}
				notice={{text: `connect failed: ${MESSAGE}`, tone: 'error'} as never}
			/>,
		);
		const line = await frameMatching(bar, /RTNETLINK/);
		assert.match(line, /connect failed: failed to set up the bridge: · exit status 1: \\x1b\[31mRTNETLINK answers/);
		assert.doesNotMatch(line, /\\x0a|\x1b\[31m/);
		bar.unmount();
	});
});
