import * as fs from 'fs';
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
