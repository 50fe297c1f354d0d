/**
 * The one fixtures module of the node tests (test/node/*.test.ts): simulators, a run helper that also
 * scans the result for the API key, the request log filters, and a tiny HTTP server that records what it
 * receives.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { VtrixApi } from '../../credentials/VtrixApi.credentials';
import { CREATE_PATH } from '../../nodes/Vidu/constants';
import { Vidu } from '../../nodes/Vidu/Vidu.node';
import type { RequestLogEntry, Simulator, SimulatorOptions } from '../../simulator';
import { makePng } from '../../simulator/png';
import { assertNoSecret } from '../helpers/keyLeak';
import { binaryItem, runNode, type RunNodeResult } from '../helpers/n8nHarness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('../../simulator') as typeof import('../../simulator');

export { CREATE_PATH };
export const TASK_PATH = '/model/v1/generation/task/';
export type { Simulator };

/** A key no text could contain by chance, so the key-leak scan can look for it. */
export const secretKey = () => `sk-test-SECRET-${randomBytes(9).toString('hex')}`;

/** The key of the simulators these fixtures start, unless a test gives its own. */
export const API_KEY = secretKey();

/** A simulator that stays up for a whole file (close it in afterAll). */
export async function simulator(taskSeconds = 0.3): Promise<Simulator> {
	return await startSimulator({ port: 0, apiKey: API_KEY, taskSeconds });
}

/** A simulator for one test, so tests can run concurrently and each request log is that test's alone. */
export async function withSim<T>(options: SimulatorOptions, body: (sim: Simulator) => Promise<T>): Promise<T> {
	const sim = await startSimulator({ port: 0, taskSeconds: 0.3, apiKey: API_KEY, ...options });
	try {
		return await body(sim);
	} finally {
		await sim.close();
	}
}

export const pngItem = async (width = 64, height = 48) =>
	await binaryItem(makePng(width, height), 'image/png', 'frame.png');

export interface RunOptions {
	baseUrl: string;
	apiKey?: string;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
	/** The node's typeVersion (default: the latest). */
	typeVersion?: number;
}

/** Runs the Vidu node through n8n-core, then fails the test if the API key shows up in the result. */
export async function runVidu(parameters: INodeParameters | IDataObject, options: RunOptions): Promise<RunNodeResult> {
	const apiKey = options.apiKey ?? API_KEY;
	const result = await runNode({
		nodeType: new Vidu(),
		credentialTypes: [new VtrixApi()],
		credentials: { type: 'vtrixApi', data: { apiKey, baseUrl: options.baseUrl } },
		parameters: parameters as INodeParameters,
		inputItems: options.items ?? [await pngItem()],
		continueOnFail: options.continueOnFail,
		abortSignal: options.abortSignal,
		typeVersion: options.typeVersion,
	});
	assertNoSecret(result, apiKey);
	return result;
}

/** Runs version 1 of the node: the form workflows saved before the family keep (test files of that form). */
export const runViduV1 = async (parameters: INodeParameters | IDataObject, options: RunOptions): Promise<RunNodeResult> =>
	await runVidu(parameters, { typeVersion: 1, ...options });

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
	server: http.Server;
	close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request (method, raw url, headers), then runs `handler`. */
export async function tinyServer(
	handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
	host = '127.0.0.1',
): Promise<TinyServer> {
	const received: Received[] = [];
	const sockets = new Set<Socket>();
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
		server,
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

export interface CountingProxy {
	url: string;
	/** What passed through: method and the absolute URL asked for. */
	passed: Array<{ method: string; url: string }>;
	close(): Promise<void>;
}

/** A forwarding HTTP proxy on 127.0.0.1 that records every request it carries. */
export async function countingProxy(): Promise<CountingProxy> {
	const passed: CountingProxy['passed'] = [];
	const proxy = await tinyServer((req, res) => {
		passed.push({ method: req.method ?? '', url: req.url ?? '' });
		const target = new URL(req.url ?? '');
		const upstream = http.request(
			{ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	return { url: proxy.url, passed, close: proxy.close };
}
