import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import axios, { AxiosInstance } from 'axios';
import { startSimulator, Simulator, SimulatorOptions } from '../../simulator';

export const ASSETS = path.join(__dirname, '..', '..', 'simulator', 'assets');
export const KEY = 'test-key';

export function asset(name: string): Buffer {
	return fs.readFileSync(path.join(ASSETS, name));
}

export function dataUrl(buf: Buffer, mime = 'image/png'): string {
	return `data:${mime};base64,${buf.toString('base64')}`;
}

export const SAMPLE_PNG_URL = () => dataUrl(asset('sample.png'));

export function body(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { model: 'viduq2_turbo_img2video', images: [SAMPLE_PNG_URL()], prompt: 'a cat walks', ...extra };
}

export async function start(opts: SimulatorOptions = {}): Promise<{ sim: Simulator; api: AxiosInstance }> {
	const sim = await startSimulator({ port: 0, apiKey: KEY, taskSeconds: 0.3, quiet: true, ...opts });
	const api = axios.create({
		baseURL: sim.url,
		headers: { Authorization: `Bearer ${KEY}` },
		validateStatus: () => true,
		maxBodyLength: Infinity,
		maxContentLength: Infinity,
		proxy: false,
	});
	return { sim, api };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, stepMs = 25): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v !== undefined && v !== null && (v as unknown) !== false) return v as T;
		if (Date.now() > end) throw new Error('waitFor: timed out');
		await sleep(stepMs);
	}
}

export interface Receiver {
	url: string;
	calls: Array<{ at: number; path: string; body: any; headers: Record<string, unknown> }>;
	/** What the next calls are answered (in order); 200 once they are used up. */
	answers: number[];
	close(): Promise<void>;
}

/** A loopback HTTP server that records the JSON POSTed to it (a callback receiver). */
export async function receiver(): Promise<Receiver> {
	const calls: Receiver['calls'] = [];
	const answers: number[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			calls.push({ at: Date.now(), path: req.url!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null'), headers: req.headers });
			res.statusCode = answers.shift() ?? 200;
			res.end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		calls,
		answers,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}
