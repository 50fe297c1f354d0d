/**
 * Runs the Vidu Trigger's webhook as n8n's server does for a production webhook call: a fresh `Workflow`
 * per call with the workflow's saved static data, n8n-core's own `WebhookContext` (real HTTP through
 * n8n's request helpers, real binary data), the node's `webhook()` called on it, and the static data
 * saved afterwards when the call changed it (n8n saves it once the webhook call is done).
 *
 * Stood in for: the Express request/response (a small fake that records the answer) and the services
 * n8n's server supplies (credentials helper without a database, logger, binary data in default mode).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataService, ErrorReporter, InstanceSettings, WebhookContext } from 'n8n-core';
import { LoggerProxy, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { VtrixApi } from '../../credentials/VtrixApi.credentials';
import { ViduTrigger } from '../../nodes/ViduTrigger/ViduTrigger.node';
import { findSecret } from '../helpers/n8nHarness';

const NODE_NAME = 'Vidu Trigger';
const NODE_TYPE = 'n8n-nodes-vidu.viduTrigger';

export const warnings: Array<{ message: string; meta?: object }> = [];
const quiet = () => {};
const logger = {
	error: quiet,
	info: quiet,
	debug: quiet,
	warn: (message: string, meta?: object) => warnings.push({ message, meta }),
	scoped() {
		return logger;
	},
};

let ready: Promise<void> | undefined;

async function setUpServices(): Promise<void> {
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger);
	const errorReporter = { error: quiet, warn: quiet, info: quiet };
	Container.set(ErrorReporter, errorReporter as unknown as ErrorReporter);
	const storageDir = path.join(tmpdir(), 'n8n-trigger-harness');
	mkdirSync(storageDir, { recursive: true });
	Container.set(InstanceSettings, {
		instanceId: 'n8n-trigger-harness',
		encryptionKey: 'n8n-trigger-harness-key',
		n8nFolder: storageDir,
		instanceRole: 'main',
		isLeader: true,
	} as unknown as InstanceSettings);
	// Default mode: a stored binary is kept inline (base64) in the item.
	const binaryDataService = new BinaryDataService(
		{ mode: 'default', availableModes: ['default'], localStoragePath: path.join(storageDir, 'binaryData'), signingSecret: 's', dbMaxFileSize: 512 } as never,
		errorReporter as unknown as ErrorReporter,
		logger as unknown as Logger,
	);
	await binaryDataService.init();
	Container.set(BinaryDataService, binaryDataService);
}

class TriggerNodeTypes implements INodeTypes {
	private readonly nodeType: INodeType;

	constructor(nodeType: INodeType) {
		this.nodeType = nodeType;
	}

	getByName(): INodeType | IVersionedNodeType {
		return this.nodeType;
	}

	getByNameAndVersion(): INodeType {
		return this.nodeType;
	}

	getKnownTypes() {
		return {};
	}
}

/** The stored credential, with the credential type's defaults and its own `authenticate`. */
function credentialsHelper(data: ICredentialDataDecryptedObject) {
	const type = new VtrixApi();
	return {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		getCredentialsProperties: () => type.properties,
		getDecrypted: async () => ({
			...(NodeHelpers.getNodeParameters(type.properties, data as INodeParameters, true, false, null, null) as IDataObject),
			...data,
		}),
		authenticate: async (credentials: ICredentialDataDecryptedObject, _typeName: string, options: IHttpRequestOptions) =>
			await type.authenticate(credentials, options),
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
	};
}

/** The answer the trigger sent, as Express's response object records it. */
class RecordedResponse {
	statusCode = 200;
	body: unknown;
	headersSent = false;
	/** Called once the answer is sent. */
	onSent: () => void = () => {};

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	json(body: unknown) {
		if (this.headersSent) throw new Error('harness: the trigger answered twice');
		this.body = body;
		this.headersSent = true;
		this.onSent();
		return this;
	}
}

/** A call's body: an object (sent as JSON, as the provider does), or the exact bytes with their content type. */
export type CallBody = IDataObject | unknown[] | { raw: string | Buffer; contentType?: string };

export interface Delivery {
	/** The HTTP answer. */
	status: number | undefined;
	body: any;
	/** What `webhook()` returned to n8n. */
	result: IWebhookResponseData;
	/** The items of the execution it starts (none: no execution). */
	items: INodeExecutionData[];
	/** Paths the simulator had been asked for when the answer went out. */
	requestedBeforeAnswer: string[];
}

export interface HarnessOptions {
	sim: { url: string; requests: Array<{ path: string }> };
	apiKey: string;
	parameters?: INodeParameters;
	workflowId?: string;
	/** The workflow's saved static data, e.g. left by an earlier process. */
	staticData?: IDataObject;
	/** Load the node's code afresh, as a new n8n process does (its in-memory state empty). */
	nodeType?: INodeType;
}

/** One Vidu Trigger node in an active workflow; each `deliver` is one HTTP call to its production URL. */
export class TriggerHarness {
	/** The workflow's static data as n8n has it saved. */
	savedStaticData: IDataObject;

	constructor(private readonly options: HarnessOptions) {
		this.savedStaticData = structuredClone(options.staticData ?? {});
	}

	async deliver(callBody: CallBody): Promise<Delivery> {
		ready ??= setUpServices();
		await ready;
		const { sim, apiKey } = this.options;
		const nodeType = this.options.nodeType ?? new ViduTrigger();
		const node: INode = {
			id: 'trigger-node-id',
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'b7f9d0f2-4c1e-4f57-9d56-2f1c0b8e0001',
			parameters: structuredClone(this.options.parameters ?? {}),
			credentials: { vtrixApi: { id: '1', name: 'Vtrix API' } },
		};
		const workflow = new Workflow({
			id: this.options.workflowId ?? 'trigger-harness-workflow',
			name: 'trigger harness',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: new TriggerNodeTypes(nodeType),
			staticData: structuredClone(this.savedStaticData),
			settings: { executionOrder: 'v1' },
		});
		const workflowNode = workflow.getNode(NODE_NAME) as INode;

		const request = toRequest(callBody);
		const response = new RecordedResponse();
		let requestedBeforeAnswer: string[] = [];
		response.onSent = () => (requestedBeforeAnswer = sim.requests.map((r) => r.path));
		const additionalData = {
			credentialsHelper: credentialsHelper({ apiKey, baseUrl: sim.url }),
			httpRequest: request,
			httpResponse: response,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookDescription = nodeType.description.webhooks![0];
		const webhookData = {
			httpMethod: 'POST',
			node: NODE_NAME,
			path: `${node.webhookId}/${String(webhookDescription.path)}`,
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
		} as IWebhookData;
		const context = new WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookData, [], null);
		const result = (await nodeType.webhook!.call(context)) as IWebhookResponseData;

		const staticData = workflow.staticData as IDataObject;
		if (staticData.__dataChanged === true) {
			// Saved as n8n's database keeps it: JSON, without the change marker.
			const { __dataChanged: _changed, ...rest } = staticData;
			this.savedStaticData = JSON.parse(JSON.stringify(rest));
		}
		const delivery: Delivery = {
			status: response.headersSent ? response.statusCode : undefined,
			body: response.body,
			result,
			items: result.workflowData?.[0] ?? [],
			requestedBeforeAnswer,
		};
		assertNoKey(delivery, apiKey);
		return delivery;
	}
}

function toRequest(callBody: CallBody) {
	const headers: Record<string, string> = {};
	let rawBody: Buffer;
	let body: unknown;
	if (!Array.isArray(callBody) && 'raw' in callBody) {
		rawBody = Buffer.isBuffer(callBody.raw) ? callBody.raw : Buffer.from(callBody.raw as string);
		if (callBody.contentType) headers['content-type'] = callBody.contentType;
		body = callBody.contentType?.startsWith('text/plain') ? rawBody.toString('utf8') : {};
	} else {
		rawBody = Buffer.from(JSON.stringify(callBody));
		headers['content-type'] = 'application/json';
		body = callBody;
	}
	headers['content-length'] = String(rawBody.length);
	return { method: 'POST', headers, body, rawBody, params: {}, query: {}, contentType: headers['content-type'] };
}

/** Every delivery is also a key-leak test: the key must not be in the answer, the items or the logs. */
function assertNoKey(delivery: Delivery, apiKey: string): void {
	const places = findSecret({ items: delivery.items }, apiKey);
	if (JSON.stringify(delivery.body ?? '').includes(apiKey)) places.push('the HTTP answer');
	if (JSON.stringify(warnings).includes(apiKey)) places.push('the log');
	if (places.length) throw new Error(`harness: the API key leaked into ${places.join(', ')}`);
}
