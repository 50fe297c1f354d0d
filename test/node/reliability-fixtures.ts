/**
 * Shared by the reliability tests (test/node/reliability-*.test.ts): a simulator per test (so tests can
 * run concurrently and each request log is that test's alone), a run helper with a distinctive API key,
 * and a tiny HTTP server that records what it receives.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { VtrixApi } from '../../credentials/VtrixApi.credentials';
import { Vidu } from '../../nodes/Vidu/Vidu.node';
import type { RequestLogEntry, Simulator, SimulatorOptions } from '../../simulator';
import { makePng } from '../../simulator/png';
import { binaryItem, runNode, type RunNodeResult } from '../helpers/n8nHarness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('../../simulator') as typeof import('../../simulator');

export const CREATE_PATH = '/model/v1/generation';
export const TASK_PATH = '/model/v1/generation/task/';

/** A key no text could contain by chance, so the harness's leak scan (and ours) can look for it. */
export const secretKey = () => `sk-test-SECRET-${randomBytes(9).toString('hex')}`;

export type Sim = Simulator;

export async function withSim<T>(
	options: SimulatorOptions,
	body: (sim: Simulator) => Promise<T>,
): Promise<T> {
	const sim = await startSimulator({ port: 0, taskSeconds: 0.3, ...options });
	try {
		return await body(sim);
	} finally {
		await sim.close();
	}
}

export const pngItem = async (width = 64, height = 48) =>
	await binaryItem(makePng(width, height), 'image/png', 'frame.png');

export interface RunOptions {
	apiKey: string;
	baseUrl: string;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
}

export async function runVidu(parameters: INodeParameters, options: RunOptions): Promise<RunNodeResult> {
	return await runNode({
		nodeType: new Vidu(),
		credentialTypes: [new VtrixApi()],
		credentials: { type: 'vtrixApi', data: { apiKey: options.apiKey, baseUrl: options.baseUrl } },
		parameters,
		inputItems: options.items ?? [await pngItem()],
		continueOnFail: options.continueOnFail,
		abortSignal: options.abortSignal,
	});
}

export const posts = (sim: Simulator): RequestLogEntry[] =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === CREATE_PATH);

export const reads = (sim: Simulator): RequestLogEntry[] =>
	sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith(TASK_PATH));

export const onlyTaskId = (sim: Simulator): string => {
	expect(sim.tasks.size).toBe(1);
	return [...sim.tasks.keys()][0];
};

export const json = (result: RunNodeResult, index = 0): IDataObject => result.items[index]?.json ?? {};

export interface Received {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
}

export interface TinyServer {
	url: string;
	port: number;
	received: Received[];
	close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request (method, raw url, headers), then runs `handler`. */
export async function tinyServer(
	handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
	host = '127.0.0.1',
): Promise<TinyServer> {
	const received: Received[] = [];
	const sockets = new Set<import('node:net').Socket>();
	const server = http.createServer((req, res) => {
		received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
		handler(req, res);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${host}:${port}`,
		port,
		received,
		close: async () => {
			sockets.forEach((socket) => socket.destroy());
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A port nothing listens on (taken from the OS, then released). */
export async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
