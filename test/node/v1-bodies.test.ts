/**
 * Workflows saved with version 1 send the bodies they sent before the family was added: byte for byte.
 * `RECORD_V1_BODIES=1 npx jest test/node/v1-bodies` rewrote recorded.json once, from the code before
 * version 2 existed; it is not to be re-recorded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { makePng } from '../../simulator/png';
import { binaryItem } from '../helpers/n8nHarness';
import { runVidu, tinyServer, type TinyServer } from './fixtures';
import { v1Cases } from './v1-bodies/cases';

const RECORDED = path.join(__dirname, 'v1-bodies', 'recorded.json');
const PNG = makePng(64, 48);

let server: TinyServer;
const bodies: Buffer[] = [];
beforeAll(async () => {
	server = await tinyServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			bodies.push(Buffer.concat(chunks));
			res.writeHead(200, { 'content-type': 'application/json' });
			// A finished task, so Create and Wait ends without a read; no download is asked of it.
			res.end(JSON.stringify({ id: 'task_v1', status: 'failed', error: 'recorded' }));
		});
	});
});
afterAll(async () => await server.close());

async function sentBody(parameters: Record<string, unknown>, binaryProperty = 'data'): Promise<string> {
	bodies.length = 0;
	const withImage = JSON.parse(JSON.stringify(parameters).replace('<png>', PNG.toString('base64')));
	const item = await binaryItem(PNG, 'image/png', 'frame.png', binaryProperty);
	await runVidu(withImage, { baseUrl: server.url, items: [item], typeVersion: 1, continueOnFail: true });
	expect(bodies).toHaveLength(1);
	return bodies[0].toString('utf8');
}

const recording = process.env.RECORD_V1_BODIES === '1';
const recorded: Record<string, string> = recording ? {} : JSON.parse(readFileSync(RECORDED, 'utf8'));

describe('version 1 sends the recorded body', () => {
	it.each(v1Cases.map((c) => [c.name, c] as const))('%s', async (name, { parameters, binaryProperty }) => {
		const body = await sentBody(parameters, binaryProperty);
		if (recording) recorded[name] = body;
		else expect(body).toBe(recorded[name]);
	});

	it('every case has a recording', () => {
		if (recording) writeFileSync(RECORDED, `${JSON.stringify(recorded, null, '\t')}\n`);
		expect(Object.keys(recorded).sort()).toEqual(v1Cases.map((c) => c.name).sort());
	});
});
