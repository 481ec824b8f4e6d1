// A large --json document written piece by piece: byte for byte what
// `JSON.stringify(doc, null, 2) + '\n'` gives, without holding the whole text (14 MB at
// 5000 containers, plus its sanitised copy) next to the model. Array items are turned
// into text one at a time and written in batches, each awaited, so a slow reader bounds
// what is held. (JSON strings never hold a raw newline, so indenting by line is exact.)
import type {Output} from './safe-stream.js';

const BATCH = 256 * 1024;

const indented = (value: unknown, pad: string): string => JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`);

const flush = (out: Output, text: string): Promise<void> => new Promise(resolve => out.write(text, () => resolve()));

/**
 * Writes an object whose listed keys are arrays of items made on demand (`make(i)`),
 * its other keys as they are, in the object's key order.
 */
export async function writeJsonDocument(
	out: Output,
	doc: Record<string, unknown>,
	arrays: Record<string, {length: number; make: (i: number) => unknown}>,
): Promise<void> {
	let pending = '{';
	const keys = Object.keys(doc);
	for (const [k, key] of keys.entries()) {
		pending += `\n  ${JSON.stringify(key)}: `;
		const array = arrays[key];
		if (!array) pending += indented(doc[key], '  ');
		else if (array.length === 0) pending += '[]';
		else {
			pending += '[';
			for (let i = 0; i < array.length; i++) {
				pending += `${i ? ',' : ''}\n    ${indented(array.make(i), '    ')}`;
				if (pending.length >= BATCH) {
					await flush(out, pending);
					pending = '';
				}
			}
			pending += '\n  ]';
		}
		if (k < keys.length - 1) pending += ',';
	}
	await flush(out, `${pending}${keys.length ? '\n' : ''}}\n`);
}
