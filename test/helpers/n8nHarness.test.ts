import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type {
	IAuthenticateGeneric,
	ICredentialType,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	DeclarativeRestApiSettings,
} from 'n8n-workflow';
import { binaryItem, readBinary, runNode } from './n8nHarness';

// ---------------------------------------------------------------------------------------------
// A tiny declarative node and its credential, defined here only to prove the harness.
// ---------------------------------------------------------------------------------------------

class HarnessTestApi implements ICredentialType {
	name = 'harnessTestApi';

	displayName = 'Harness Test API';

	properties = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string' as const, typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string' as const, default: 'https://example.invalid' },
		{ displayName: 'Region', name: 'region', type: 'string' as const, default: 'eu' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
				'X-Region': '={{$credentials.region}}',
			},
		},
	};
}

async function addSource(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	(requestOptions.body as IDataObject).source = 'preSend';
	return requestOptions;
}

async function attachBodyAsBinary(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const bytes = Buffer.from(JSON.stringify(response.body));
	const binary = await this.helpers.prepareBinaryData(bytes, 'created.json', 'application/json');
	return items.map((item) => ({ ...item, binary: { data: binary } }));
}

async function sendInputBinary(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const meta = this.helpers.assertBinaryData('data');
	const bytes = await this.helpers.getBinaryDataBuffer('data');
	requestOptions.body = {
		fileName: meta.fileName,
		mimeType: meta.mimeType,
		base64: bytes.toString('base64'),
	};
	return requestOptions;
}

async function streamToBinary(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const binary = await this.helpers.prepareBinaryData(response.body as Readable, 'clip.mp4', 'video/mp4');
	return [{ json: { downloaded: true }, binary: { video: binary } }];
}

async function twoPages(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const pages: INodeExecutionData[] = [];
	for (const page of [1, 2]) {
		const options = { ...requestData.options, qs: { ...requestData.options.qs, page } };
		pages.push(...(await this.makeRoutingRequest({ ...requestData, options })));
	}
	return pages;
}

class HarnessTestNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Test',
		name: 'harnessTest',
		group: ['transform'],
		version: [1, 2],
		description: 'Declarative node used to prove the n8n harness',
		defaults: { name: 'Harness Test' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'harnessTestApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json' },
		},
		requestOperations: { pagination: twoPages },
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'get',
				options: [
					{ name: 'Get', value: 'get', routing: { request: { method: 'GET', url: '=/items/{{$parameter.itemId}}' } } },
					{
						name: 'Create',
						value: 'create',
						routing: {
							request: { method: 'POST', url: '/items' },
							send: { preSend: [addSource] },
							output: { postReceive: [attachBodyAsBinary] },
						},
					},
					{
						name: 'List',
						value: 'list',
						routing: {
							request: { method: 'GET', url: '/pages' },
							send: { paginate: true },
							output: { postReceive: [{ type: 'rootProperty', properties: { property: 'data' } }] },
						},
					},
					{
						name: 'Upload',
						value: 'upload',
						routing: { request: { method: 'POST', url: '/upload' }, send: { preSend: [sendInputBinary] } },
					},
					{
						name: 'Download',
						value: 'download',
						routing: {
							request: { method: 'GET', url: '/file', encoding: 'stream' },
							output: { postReceive: [streamToBinary] },
						},
					},
					{ name: 'Fail', value: 'fail', routing: { request: { method: 'GET', url: '/fail' } } },
					{ name: 'Slow', value: 'slow', routing: { request: { method: 'GET', url: '/slow' } } },
				],
			},
			{
				displayName: 'Item ID',
				name: 'itemId',
				type: 'string',
				default: '',
				displayOptions: { show: { operation: ['get'] } },
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				required: true,
				default: '',
				displayOptions: { show: { operation: ['create'] } },
				routing: { send: { type: 'body', property: 'name' } },
			},
			{
				displayName: 'Count',
				name: 'count',
				type: 'number',
				default: 1,
				displayOptions: { show: { operation: ['create'] } },
				routing: { send: { type: 'body', property: 'meta.count' } },
			},
		],
	};
}

// ---------------------------------------------------------------------------------------------
// A loopback HTTP server recording what it receives.
// ---------------------------------------------------------------------------------------------

interface Seen {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

const FILE_BYTES = Buffer.alloc(3 * 1024 * 1024 + 17);
for (let i = 0; i < FILE_BYTES.length; i++) FILE_BYTES[i] = (i * 31 + 7) % 251;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let server: http.Server;
let baseUrl: string;
let seen: Seen[];
let slowAborted: Promise<void>;
let markSlowAborted: () => void;
let slowArrived: Promise<void>;
let markSlowArrived: () => void;

function resetSlow() {
	slowAborted = new Promise((resolve) => (markSlowAborted = resolve));
	slowArrived = new Promise((resolve) => (markSlowArrived = resolve));
}

function json(res: http.ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			const url = new URL(req.url!, 'http://x');
			if (req.method === 'GET' && url.pathname.startsWith('/items/')) {
				return json(res, 200, { id: url.pathname.slice('/items/'.length), name: 'thing' });
			}
			if (req.method === 'POST' && url.pathname === '/items') {
				return json(res, 201, { created: true, echo: JSON.parse(body) });
			}
			if (req.method === 'GET' && url.pathname === '/pages') {
				const page = Number(url.searchParams.get('page'));
				return json(res, 200, { data: [{ n: page * 10 + 1 }, { n: page * 10 + 2 }] });
			}
			if (req.method === 'POST' && url.pathname === '/upload') {
				const { base64, fileName, mimeType } = JSON.parse(body);
				const bytes = Buffer.from(base64, 'base64');
				return json(res, 200, { fileName, mimeType, size: bytes.length, sha256: sha(bytes) });
			}
			if (req.method === 'GET' && url.pathname === '/file') {
				res.writeHead(200, { 'Content-Type': 'video/mp4' });
				// Write in several chunks so the client really gets a stream.
				let offset = 0;
				const pump = () => {
					while (offset < FILE_BYTES.length) {
						const chunk = FILE_BYTES.subarray(offset, offset + 256 * 1024);
						offset += chunk.length;
						if (!res.write(chunk)) return res.once('drain', pump);
					}
					res.end();
				};
				return pump();
			}
			if (req.method === 'GET' && url.pathname === '/fail') {
				return json(res, 500, { error: { code: 'boom', message: 'server exploded' } });
			}
			if (req.method === 'GET' && url.pathname === '/slow') {
				res.on('close', () => markSlowAborted());
				markSlowArrived();
				return; // never answers
			}
			json(res, 404, { error: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	seen = [];
	resetSlow();
});

const credentials = () => ({ type: 'harnessTestApi', data: { apiKey: 'secret-key', baseUrl } });
const base = () => ({ nodeType: new HarnessTestNode(), credentialTypes: [new HarnessTestApi()], credentials: credentials() });

// ---------------------------------------------------------------------------------------------

describe('n8n harness: a declarative node run by n8n-core', () => {
	test('GET: baseURL from $credentials, Bearer header from the generic authenticate, credential defaults', async () => {
		const { items, error } = await runNode({ ...base(), parameters: { operation: 'get', itemId: 'abc' } });

		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { id: 'abc', name: 'thing' }, pairedItem: { item: 0 } }]);
		expect(seen).toHaveLength(1);
		expect(seen[0].method).toBe('GET');
		expect(seen[0].url).toBe('/items/abc');
		expect(seen[0].headers.authorization).toBe('Bearer secret-key');
		expect(seen[0].headers['x-region']).toBe('eu'); // default of a credential field not given
		expect(seen[0].headers.accept).toBe('application/json');
	});

	test('POST: routing.send body fields (dot notation, parameter default), preSend, postReceive binary from a Buffer', async () => {
		const { items, error } = await runNode({ ...base(), parameters: { operation: 'create', name: 'Widget' } });

		expect(error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(seen[0].method).toBe('POST');
		expect(seen[0].headers.authorization).toBe('Bearer secret-key');
		expect(seen[0].headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(seen[0].body)).toEqual({ name: 'Widget', meta: { count: 1 }, source: 'preSend' });

		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ created: true, echo: { name: 'Widget', meta: { count: 1 }, source: 'preSend' } });
		const binary = items[0].binary!.data;
		expect(binary).toMatchObject({ mimeType: 'application/json', fileName: 'created.json', fileExtension: 'json' });
		expect((await readBinary(items[0])).toString('utf8')).toBe(JSON.stringify(items[0].json));
	});

	test('requestOperations.pagination function calling makeRoutingRequest twice', async () => {
		const { items, error } = await runNode({ ...base(), parameters: { operation: 'list' } });

		expect(error).toBeUndefined();
		expect(seen.map((s) => s.url)).toEqual(['/pages?page=1', '/pages?page=2']);
		expect(items.map((i) => i.json)).toEqual([{ n: 11 }, { n: 12 }, { n: 21 }, { n: 22 }]);
	});

	test('input binary (binaryItem and a raw inline item) arrives through getBinaryDataBuffer', async () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
		const raw = Buffer.from('raw inline bytes');
		const inputItems = [
			await binaryItem(png, 'image/png', 'pic.png'),
			{ json: {}, binary: { data: { data: raw.toString('base64'), mimeType: 'text/plain', fileName: 'a.txt' } } },
		];
		const { items, error } = await runNode({ ...base(), parameters: { operation: 'upload' }, inputItems });

		expect(error).toBeUndefined();
		expect(seen).toHaveLength(2);
		expect(JSON.parse(seen[0].body)).toEqual({ fileName: 'pic.png', mimeType: 'image/png', base64: png.toString('base64') });
		expect(JSON.parse(seen[1].body)).toEqual({ fileName: 'a.txt', mimeType: 'text/plain', base64: raw.toString('base64') });
		expect(items.map((i) => i.json)).toEqual([
			{ fileName: 'pic.png', mimeType: 'image/png', size: png.length, sha256: sha(png) },
			{ fileName: 'a.txt', mimeType: 'text/plain', size: raw.length, sha256: sha(raw) },
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('postReceive prepareBinaryData from a streamed response', async () => {
		const { items, error } = await runNode({ ...base(), parameters: { operation: 'download' } });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ downloaded: true });
		expect(items[0].binary!.video).toMatchObject({ mimeType: 'video/mp4', fileName: 'clip.mp4' });
		const bytes = await readBinary(items[0], 'video');
		expect(bytes.length).toBe(FILE_BYTES.length);
		expect(sha(bytes)).toBe(sha(FILE_BYTES));
	});

	test('HTTP 500 fails the node with a NodeApiError', async () => {
		const { items, error } = await runNode({ ...base(), parameters: { operation: 'fail' } });

		expect(items).toEqual([]);
		expect(error).toBeDefined();
		expect(error!.name).toBe('NodeApiError');
		expect((error as unknown as { httpCode: string }).httpCode).toBe('500');
		expect(error!.message).toBe('The service was not able to process your request');
		expect(error!.description).toBe('server exploded');
		expect(error!.context).toEqual({
			data: { error: { code: 'boom', message: 'server exploded' } },
			itemIndex: 0,
			runIndex: 0,
		});
		expect(seen).toHaveLength(1);
	});

	test('continueOnFail: each failing item comes back as { json: { error: message }, error }', async () => {
		const inputItems = [{ json: { a: 1 } }, { json: { a: 2 } }];
		const { items, error } = await runNode({
			...base(),
			parameters: { operation: 'fail' },
			continueOnFail: true,
			inputItems,
		});

		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		for (const [index, item] of items.entries()) {
			expect(item.error?.name).toBe('NodeApiError');
			expect(item.json).toEqual({ error: item.error!.message });
			expect(item.pairedItem).toEqual({ item: index });
		}
	});

	test('a node without credentials assigned fails with the error n8n gives', async () => {
		const { error } = await runNode({
			nodeType: new HarnessTestNode(),
			credentialTypes: [new HarnessTestApi()],
			parameters: { operation: 'get', itemId: 'x' },
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Node does not have any credentials set');
		expect(seen).toHaveLength(0);
	});

	test('a missing required parameter is reported as n8n reports workflow issues', async () => {
		const { items, error } = await runNode({ ...base(), parameters: { operation: 'create' } });
		expect(items).toEqual([]);
		expect(error?.name).toBe('WorkflowHasIssuesError');
		expect(error?.message).toContain('Parameter "Name" is required.');
		expect(seen).toHaveLength(0);
	});

	test('abortSignal cancels the execution: the in-flight request is aborted', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const running = runNode({ ...base(), parameters: { operation: 'slow' }, abortSignal: controller.signal });
		await slowArrived;
		controller.abort();
		const { items, error } = await running;

		await slowAborted; // the server saw the connection go away
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('canceled');
	});

	test('an already-aborted signal: the node never runs', async () => {
		const { items, error } = await runNode({
			...base(),
			parameters: { operation: 'get', itemId: 'x' },
			abortSignal: AbortSignal.abort(),
		});
		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(Error);
		expect(error?.name).toBe('ManualExecutionCancelledError');
		expect(error?.message).toBe('The execution was cancelled manually');
		expect(seen).toHaveLength(0);
	});

	test('timeoutMs cancels like n8n execution timeout', async () => {
		const started = Date.now();
		const { error } = await runNode({ ...base(), parameters: { operation: 'slow' }, timeoutMs: 300 });

		await slowAborted;
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(error?.message).toBe('canceled');
	});
});
