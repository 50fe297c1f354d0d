/**
 * A stand-in for the gateway for the family's e2e test, until the simulator has the family's models:
 * every create becomes a task that is completed at its first read, whose video is the sample MP4.
 * It records each create body by task id, and refuses any other key than the example credential's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { SAMPLE_MP4, SIM_KEY } from './helpers';

export interface FamilyApi {
	url: string;
	creates: Map<string, Record<string, unknown>>;
	close(): Promise<void>;
}

export async function startFamilyApi(): Promise<FamilyApi> {
	const creates = new Map<string, Record<string, unknown>>();
	let url = '';
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const json = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			const path = req.url ?? '';
			if (path.startsWith('/files/')) {
				res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': SAMPLE_MP4.length });
				return res.end(SAMPLE_MP4);
			}
			if (req.headers.authorization !== `Bearer ${SIM_KEY}`) return json(401, { message: 'invalid key' });
			if (req.method === 'POST' && path === '/model/v1/generation') {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
				const id = `task_family_${creates.size + 1}`;
				creates.set(id, body);
				return json(200, { id, status: 'pending', model: body.model });
			}
			const id = decodeURIComponent(path.replace('/model/v1/generation/task/', ''));
			const body = creates.get(id);
			if (!body) return json(404, { message: 'task not found' });
			return json(200, { id, status: 'completed', model: body.model, output: [{ content: [{ type: 'video', url: `${url}/files/${id}.mp4` }] }] });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, creates, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}
