/** Runs version 2 against a server that records each create body as received, byte for byte. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

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

/** The committed sample clip: an MP4 whose `ftyp` box has the brand `isom`. */
export const MP4 = readFileSync(path.join(__dirname, '..', '..', 'simulator', 'assets', 'sample.mp4'));

/** The first bytes of a QuickTime MOV: an `ftyp` box with the brand `qt  `. */
export const MOV = Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypqt  \0\0\0\0qt  ', 'latin1'), Buffer.alloc(44)]);

/** The first bytes of an AVI: a RIFF header of form type `AVI `. */
export const AVI = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([56, 0, 0, 0]), Buffer.from('AVI LIST', 'latin1'), Buffer.alloc(48)]);

export const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;

/** One item carrying each of `fields` (name → bytes and their declared content type) as a binary field. */
export async function filesItem(fields: Record<string, [Buffer, string]>): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: {}, binary: {} };
	for (const [name, [bytes, mime]] of Object.entries(fields)) {
		const one = await binaryItem(bytes, mime, `${name}.${mime.split('/')[1]}`, name);
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
