/**
 * The API key must never leak. Every `runNode` in the suite scans its output items and error for the
 * credential's key (test/helpers/n8nHarness.ts, `findSecret`); these tests prove that scan can fail, and
 * check the two places it does not cover: what goes over the wire besides the Authorization header, and
 * what the simulator prints.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VtrixApi } from '../../credentials/VtrixApi.credentials';
import { assertNoSecret, findSecret, runNode, type RunNodeResult } from '../helpers/n8nHarness';
import { onlyTaskId, runVidu, secretKey, TASK_PATH, withSim } from './reliability-fixtures';

const KEY = secretKey();

describe('the key-leak scan of the harness', () => {
	const clean: RunNodeResult = { items: [{ json: { taskId: 'task_1', status: 'completed' } }] };
	const withError = (error: Record<string, unknown>): RunNodeResult => ({
		items: [],
		error: Object.assign(new Error('The video task failed'), error) as RunNodeResult['error'],
	});

	it('finds nothing in a clean result, and ignores keys too short to be distinctive', () => {
		expect(findSecret(clean, KEY)).toEqual([]);
		expect(() => assertNoSecret(clean, KEY)).not.toThrow();
		expect(findSecret({ items: [{ json: { status: 'sim' } }] }, 'sim')).toEqual([]);
		expect(findSecret(clean, undefined)).toEqual([]);
	});

	it.each<[string, RunNodeResult, string]>([
		['an item JSON field', { items: [{ json: { echo: { headers: { authorization: `Bearer ${KEY}` } } } }] }, 'items[0]'],
		[
			'binary metadata',
			{ items: [{ json: {}, binary: { data: { data: '', mimeType: 'video/mp4', fileName: `${KEY}.mp4` } } }] },
			'items[0]',
		],
		['an item error', { items: [{ json: {}, error: new NodeOperationError({} as never, `key ${KEY}`) }] } as never, 'items[0]'],
		['the URL-encoded key', { items: [{ json: { url: `https://x/?k=${encodeURIComponent(`${KEY}/+=`)}` } }] }, 'items[0]'],
		['the error message', withError({ message: `bad key ${KEY}` }), 'error.message'],
		['the error description', withError({ description: `sent: Bearer ${KEY}` }), 'error.description'],
		['the error context', withError({ context: { request: { headers: { Authorization: `Bearer ${KEY}` } } } }), 'error.context'],
		['the error stack', withError({ stack: `Error: ${KEY}\n    at x` }), 'error.stack'],
		['an own field of the error', withError({ config: { headers: { Authorization: `Bearer ${KEY}` } } }), 'error (JSON)'],
		['the error cause', withError({ cause: new Error(`upstream said ${KEY}`) }), 'error.cause.message'],
		[
			'a cycle that holds the key',
			(() => {
				const loop: Record<string, unknown> = { key: KEY };
				loop.self = loop;
				return { items: [{ json: loop as never }] };
			})(),
			'items[0]',
		],
	])('finds the key in %s', (_where, result, place) => {
		const secret = _where === 'the URL-encoded key' ? `${KEY}/+=` : KEY;
		expect(findSecret(result, secret)).toContain(place);
		expect(() => assertNoSecret(result, secret)).toThrow(/harness: the credential's API key leaked/);
	});

	it('the failure message says where, without repeating the key', () => {
		expect(() => assertNoSecret(withError({ description: KEY }), KEY)).toThrow(
			"harness: the credential's API key leaked into the node's output: error.description, error (JSON)",
		);
	});

	/** A node that echoes the key: runNode itself must fail, whatever the test then checks. */
	type Leak = 'item' | 'error-description' | 'error-context' | 'error-messages' | 'continue-on-fail';
	function leakyNode(how: Leak): INodeType {
		return {
			description: {
				displayName: 'Leaky',
				name: 'leaky',
				group: ['transform'],
				version: 1,
				description: 'Echoes its API key',
				defaults: { name: 'Leaky' },
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: 'vtrixApi', required: true }],
				properties: [],
			} as INodeType['description'],
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const { apiKey } = await this.getCredentials('vtrixApi');
				if (how === 'item') return [[{ json: { sent: `Bearer ${String(apiKey)}` } }]];
				if (how === 'continue-on-fail') return [[{ json: { error: `401 for key ${String(apiKey)}` } }]];
				if (how === 'error-description') {
					throw new NodeOperationError(this.getNode(), 'Request failed', { description: `Key: ${String(apiKey)}` });
				}
				if (how === 'error-context') {
					const error = new NodeOperationError(this.getNode(), 'Request failed with status code 401');
					error.context.request = { headers: { Authorization: `Bearer ${String(apiKey)}` } };
					throw error;
				}
				// n8n swaps a message mentioning ECONNREFUSED for its own and keeps the original in `messages`.
				throw new NodeOperationError(this.getNode(), `ECONNREFUSED with key ${String(apiKey)}`);
			},
		};
	}

	it.each<Leak>(['item', 'error-description', 'error-context', 'error-messages', 'continue-on-fail'])(
		'runNode fails the test when a node leaks the key (%s)',
		async (how) => {
			await expect(
				runNode({
					nodeType: leakyNode(how),
					credentialTypes: [new VtrixApi()],
					credentials: { type: 'vtrixApi', data: { apiKey: KEY, baseUrl: 'http://127.0.0.1:1' } },
					parameters: {},
					continueOnFail: how === 'continue-on-fail',
				}),
			).rejects.toThrow(/harness: the credential's API key leaked into the node's output: (items|error)/);
		},
	);
});

describe('the key on the wire and in logs', () => {
	it('the key travels only in the Authorization header of API requests, never in a path, query or body', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const created = await runVidu(
				{ operation: 'createAndWait', prompt: 'a fox', downloadVideo: true, additionalOptions: { payload: 'order-1' } } as never,
				{ apiKey: KEY, baseUrl: sim.url },
			);
			expect(created.error).toBeUndefined();
			const taskId = onlyTaskId(sim);
			const status = await runVidu({ operation: 'getStatus', taskId } as never, { apiKey: KEY, baseUrl: sim.url });
			expect(status.error).toBeUndefined();

			expect(sim.requests.length).toBeGreaterThanOrEqual(4);
			for (const request of sim.requests) {
				const { authorization, ...rest } = request;
				expect(JSON.stringify(rest)).not.toContain(KEY);
				expect(authorization).toBe(`Bearer ${KEY}`);
			}
			expect(sim.requests.filter((r) => r.path.startsWith(TASK_PATH)).length).toBeGreaterThanOrEqual(2);
		});
	});

	it('a refused key (401) does not come back in the error', async () => {
		const wrongKey = secretKey();
		await withSim({ apiKey: KEY }, async (sim) => {
			// runNode scans for the key it was given: here the wrong one, which is the one that was sent.
			const result = await runVidu({ operation: 'create', prompt: 'a fox' } as never, {
				apiKey: wrongKey,
				baseUrl: sim.url,
			});
			expect(result.error?.message).toBe('The API key is missing or invalid: check the Vtrix API credential');
			expect(sim.requests[0].authorization).toBe(`Bearer ${wrongKey}`);
		});
	});

	it('the simulator, when not quiet, never prints the key (nor a wrong key sent to it)', async () => {
		const lines: string[] = [];
		const wrongKey = secretKey();
		await withSim({ apiKey: KEY, quiet: false, logger: (line) => lines.push(line) }, async (sim) => {
			sim.inject({ method: 'POST', status: 429, headers: { 'Retry-After': '0' } });
			const done = await runVidu({ operation: 'createAndWait', prompt: 'a fox', downloadVideo: true } as never, {
				apiKey: KEY,
				baseUrl: sim.url,
			});
			expect(done.error).toBeUndefined();
			sim.inject({ method: 'POST', destroy: 'after' });
			await runVidu({ operation: 'create', prompt: 'a fox' } as never, { apiKey: KEY, baseUrl: sim.url });
			await runVidu({ operation: 'createAndWait', prompt: 'a fox [sim:fail]' } as never, { apiKey: KEY, baseUrl: sim.url });
			await runVidu({ operation: 'create', prompt: 'a fox' } as never, { apiKey: wrongKey, baseUrl: sim.url });
			await runVidu({ operation: 'getStatus', taskId: 'task_nope' } as never, { apiKey: KEY, baseUrl: sim.url });
		});

		expect(lines.length).toBeGreaterThanOrEqual(10);
		expect(lines.some((line) => line.includes('POST /model/v1/generation'))).toBe(true);
		for (const line of lines) {
			expect(line).not.toContain(KEY);
			expect(line).not.toContain(wrongKey);
		}
	});
});
