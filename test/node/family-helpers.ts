/** Runs version 2 against a server that records each create body as received, byte for byte. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { makePng } from '../../simulator/png';
import { binaryItem } from '../helpers/n8nHarness';
import { runVidu, tinyServer, type TinyServer } from './fixtures';

export const PNG = makePng(64, 48);
export const PNG_DATA_URL = `data:image/png;base64,${PNG.toString('base64')}`;

export interface Recorder {
	server: TinyServer;
	bodies: string[];
}

export async function recorder(): Promise<Recorder> {
	const bodies: string[] = [];
	const server = await tinyServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			bodies.push(Buffer.concat(chunks).toString('utf8'));
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ id: 'task_v2', status: 'pending' }));
		});
	});
	return { server, bodies };
}

/** One item carrying each of `fields` (name → PNG bytes) as a binary field. */
export async function imagesItem(fields: Record<string, Buffer>): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: {}, binary: {} };
	for (const [name, bytes] of Object.entries(fields)) {
		const one = await binaryItem(bytes, 'image/png', `${name}.png`, name);
		item.binary![name] = one.binary![name];
	}
	return item;
}

/** A version-2 Create with these parameters: the body sent (raw text), or the error and the requests made. */
export async function createV2(rec: Recorder, parameters: Record<string, unknown>, items?: INodeExecutionData[]) {
	rec.bodies.length = 0;
	const result = await runVidu({ operation: 'create', ...parameters } as IDataObject, { baseUrl: rec.server.url, items: items ?? [await imagesItem({ data: PNG })], typeVersion: 2 });
	return { body: rec.bodies[0], requests: rec.bodies.length, error: result.error, result };
}

/** The exact JSON text of a body, for comparing byte for byte (key order included). */
export const exactly = (body: IDataObject) => JSON.stringify(body);
