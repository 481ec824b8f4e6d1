import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {sanitize} from '../../source/format/sanitize.js';
import {displayWidth, fit, truncate} from '../../source/format/width.js';
import {quoteArg, shellLine} from '../../source/format/shell-quote.js';

describe('sanitize', () => {
	it('turns escape sequences and control characters into visible text', () => {
		const hostile = 'evil\x1b]52;c;SGVsbG8=\x07\x1b[2J\r\nname';
		const safe = sanitize(hostile);
		assert.doesNotMatch(safe, /[\x00-\x1f\x7f-\x9f]/);
		assert.equal(safe, 'evil\\x1b]52;c;SGVsbG8=\\x07\\x1b[2J\\x0d\\x0aname');
	});
	it('neutralises C1 controls and bidi overrides', () => {
		assert.equal(sanitize('a\u009bb'), 'a\\x9bb');
		assert.equal(sanitize('abc\u202Etxt.exe'), 'abc\\u202etxt.exe');
	});
	it('leaves unicode names alone', () => {
		assert.equal(sanitize('ネットワーク 🐳 net'), 'ネットワーク 🐳 net');
	});
});

describe('display width', () => {
	it('counts CJK and emoji as two columns', () => {
		assert.equal(displayWidth('ネット'), 6);
		assert.equal(displayWidth('🐳a'), 3);
	});
	it('truncates by columns, never splitting a wide character', () => {
		assert.equal(truncate('ネットワーク', 5), 'ネッ…');
		assert.equal(displayWidth(truncate('ネットワーク', 5)), 5);
		assert.equal(truncate('short', 10), 'short');
		assert.equal(truncate('abcdef', 1), '…');
	});
	it('pads to an exact width', () => {
		assert.equal(fit('ab', 4), 'ab  ');
		assert.equal(fit('ab', 4, 'right'), '  ab');
		assert.equal(displayWidth(fit('ネットワーク', 7)), 7);
	});
});

describe('shell quoting', () => {
	it('leaves plain words bare', () => {
		assert.equal(
			shellLine(['docker', 'network', 'connect', '--alias', 'mysql', 'app-net', 'db']),
			'docker network connect --alias mysql app-net db',
		);
	});
	it('single-quotes spaces and metacharacters', () => {
		assert.equal(quoteArg('my net'), "'my net'");
		assert.equal(quoteArg('$(rm -rf /)'), "'$(rm -rf /)'");
		assert.equal(quoteArg("it's"), "'it'\\''s'");
		assert.equal(quoteArg(''), "''");
	});
	it("uses $'…' for control characters so nothing raw reaches the terminal", () => {
		assert.equal(quoteArg('a\x1b[31mb'), "$'a\\x1b[31mb'");
		assert.equal(quoteArg("a'\nb"), "$'a\\'\\x0ab'");
	});
});
