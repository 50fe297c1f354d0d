/**
 * The README's model table is the catalogue's: `UPDATE_README=1 npx jest test/unit/readme-models` rewrites
 * it between the markers after a catalogue change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { modelsTable, TABLE_END, TABLE_START } from '../helpers/modelsTable';

const README = path.join(__dirname, '..', '..', 'README.md');

describe("the README's Models section", () => {
	it('holds the table rendered from the catalogue, between its markers', () => {
		const text = readFileSync(README, 'utf8');
		const start = text.indexOf(TABLE_START);
		const end = text.indexOf(TABLE_END);
		expect(start).toBeGreaterThan(-1);
		expect(end).toBeGreaterThan(start);
		const table = `\n${modelsTable()}\n`;
		if (process.env.UPDATE_README === '1') {
			writeFileSync(README, text.slice(0, start + TABLE_START.length) + table + text.slice(end));
			return;
		}
		expect(text.slice(start + TABLE_START.length, end)).toBe(table);
	});
});
