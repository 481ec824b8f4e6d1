// Shell quoting is correct for every code point: each quoted word, run through bash
// in a UTF-8 locale, gives back exactly the same string, and the quoted text holds no
// character the sanitiser calls unsafe (it is shown as-is in the TUI and the CLI).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {describe, it} from 'node:test';
import {hasUnsafe} from '../../source/format/sanitize.js';
import {quoteArg} from '../../source/format/shell-quote.js';

/** What bash makes of each quoted word (printf '%s\0' word…), in a UTF-8 locale. */
function throughBash(words: string[]): string[] {
	const script = words.map(w => `printf '%s\\0' ${quoteArg(w)}`).join('\n');
	const out = spawnSync('bash', ['-s'], {input: script, env: {PATH: process.env.PATH, LC_ALL: 'C.UTF-8'}, maxBuffer: 64 * 1024 * 1024});
	assert.equal(out.status, 0, String(out.stderr));
	return out.stdout.toString('utf8').split('\0').slice(0, -1);
}

describe('shell quoting of every code point', () => {
	it('round-trips each BMP code point (but NUL and surrogates) and a sample of the others through bash', () => {
		const words: string[] = [];
		for (let code = 1; code <= 0xffff; code++) {
			if (code >= 0xd800 && code <= 0xdfff) continue;
			words.push(`n${String.fromCodePoint(code)}x`);
		}
		for (let code = 0x10000; code <= 0x10ffff; code += 0x1001) words.push(`n${String.fromCodePoint(code)}x`);
		words.push('🐳', "it's", 'a\\b', '$(rm -rf /)', 'net\u009b31m\u202e\u200b\u2028\x7f\x1b]0;T\x07');
		const back = throughBash(words);
		assert.equal(back.length, words.length);
		const wrong = words.filter((w, i) => back[i] !== w);
		assert.deepEqual(
			wrong.slice(0, 5).map(w => [...w].map(c => c.codePointAt(0)!.toString(16))),
			[],
			`${wrong.length} words came back different`,
		);
		const shown = words.map(quoteArg).filter(q => hasUnsafe(q));
		assert.deepEqual(shown.slice(0, 5), [], 'quoted words show no unsafe character');
	});

	it('encodes C1 code points as \\u escapes, not the raw byte', () => {
		assert.equal(quoteArg('q\u009bx'), "$'q\\u009bx'");
		assert.equal(quoteArg('a\u202eb'), "$'a\\u202eb'");
		assert.equal(quoteArg('a\x1b[31mb'), "$'a\\x1b[31mb'");
	});
});
