/** The key-leak scan (keyLeak.ts) finds the key wherever a node run could carry it, and says where. */
import { randomBytes } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VtrixApi } from '../../credentials/VtrixApi.credentials';
import { assertNoSecret, findSecret } from './keyLeak';
import { runNode, type RunNodeResult } from './n8nHarness';

const KEY = `sk-test-SECRET-${randomBytes(9).toString('hex')}`;

describe('the key-leak scan', () => {
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
		expect(() => assertNoSecret(result, secret)).toThrow(/the credential's API key leaked/);
	});

	it('the failure message says where, without repeating the key', () => {
		expect(() => assertNoSecret(withError({ description: KEY }), KEY)).toThrow(
			"the credential's API key leaked into the node's output: error.description, error (JSON)",
		);
	});

	/** A node that echoes the key: the scan must find it in what n8n made of the node's output or error. */
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
		'finds the key a node run through n8n leaks (%s)',
		async (how) => {
			const result = await runNode({
				nodeType: leakyNode(how),
				credentialTypes: [new VtrixApi()],
				credentials: { type: 'vtrixApi', data: { apiKey: KEY, baseUrl: 'http://127.0.0.1:1' } },
				parameters: {},
				continueOnFail: how === 'continue-on-fail',
			});
			expect(() => assertNoSecret(result, KEY)).toThrow(
				/the credential's API key leaked into the node's output: (items|error)/,
			);
		},
	);
});
