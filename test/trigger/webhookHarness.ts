/**
 * Runs a call to the Vidu Trigger's production URL as n8n's server does: the webhook phase on a fresh
 * `Workflow` with the workflow's saved static data and n8n-core's own `WebhookContext` (real HTTP
 * through n8n's request helpers), the static data saved when the call changed it (n8n saves it once
 * the webhook call is done), then the execution it starts: the trigger node run by n8n-core's
 * WorkflowExecute on the items the webhook returned (test/helpers/n8nHarness, real binary data).
 *
 * Stood in for: the Express request/response (a small fake that records the answer) and the services
 * n8n's server supplies (n8nHarness's: credentials without a database, logger, binary data in default mode).
 */
import { WebhookContext } from 'n8n-core';
import { NodeHelpers, Workflow } from 'n8n-workflow';
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
import { findSecret } from '../helpers/keyLeak';
import { ensureContainer, loggedLines, runNode, type RunNodeResult } from '../helpers/n8nHarness';

const NODE_NAME = 'Vidu Trigger';
const NODE_TYPE = 'n8n-nodes-vidu.viduTrigger';

/** The warnings n8n's log got (n8nHarness records them), as `warn: <message>`. */
export const warnings = () => loggedLines.filter((line) => line.startsWith('warn: '));

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

/** The stored credential, with the credential type's defaults and its own `authenticate`; `onRead` counts decryptions. */
function credentialsHelper(data: ICredentialDataDecryptedObject, onRead: () => void = () => {}) {
	const type = new VtrixApi();
	return {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		getCredentialsProperties: () => type.properties,
		getDecrypted: async () => {
			onRead();
			return {
				...(NodeHelpers.getNodeParameters(type.properties, data as INodeParameters, true, false, null, null) as IDataObject),
				...data,
			};
		},
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

/** The exact bytes of a call, with their content type. */
export interface RawBody {
	raw: string | Buffer;
	contentType?: string;
}

/** A call's body: an object (sent as JSON, as the provider does), or the exact bytes. */
export type CallBody = IDataObject | unknown[] | RawBody;

export interface Delivery {
	/** The HTTP answer. */
	status: number | undefined;
	body: any;
	/** What `webhook()` returned to n8n. */
	result: IWebhookResponseData;
	/** The trigger node's output in the execution the call started (none: no execution). */
	items: INodeExecutionData[];
	/** The error the execution ended with at the trigger node. */
	error?: RunNodeResult['error'];
	/** Paths the simulator had been asked for when the answer went out. */
	requestedBeforeAnswer: string[];
	/**
	 * Times the webhook phase had n8n decrypt the credential. On n8n 2.x's default expression engine each
	 * read outside an execution builds and disposes an expression isolate: in a burst of callbacks, CPU.
	 */
	credentialReads: number;
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
	/** 'manual' for the test URL ("Listen for test event"); production calls run in 'webhook' mode. */
	mode?: 'webhook' | 'manual';
}

/** One Vidu Trigger node in an active workflow; each `deliver` is one HTTP call to its production URL. */
export class TriggerHarness {
	/** The workflow's static data as n8n has it saved. */
	savedStaticData: IDataObject;

	constructor(private readonly options: HarnessOptions) {
		this.savedStaticData = structuredClone(options.staticData ?? {});
	}

	async deliver(callBody: CallBody, execution: { continueOnFail?: boolean } = {}): Promise<Delivery> {
		// The webhook phase needs the same n8n services as the execution.
		await ensureContainer();
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
		let credentialReads = 0;
		const additionalData = {
			credentialsHelper: credentialsHelper({ apiKey, baseUrl: sim.url }, () => credentialReads++),
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
		const context = new WebhookContext(workflow, workflowNode, additionalData, this.options.mode ?? 'webhook', webhookData, [], null);
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
			items: [],
			requestedBeforeAnswer,
			credentialReads,
		};
		const started = result.workflowData?.[0];
		if (started) {
			const run = await runNode({
				nodeType,
				credentialTypes: [new VtrixApi()],
				credentials: { type: 'vtrixApi', data: { apiKey, baseUrl: sim.url } },
				parameters: node.parameters,
				inputItems: started,
				continueOnFail: execution.continueOnFail,
			});
			delivery.items = run.items;
			delivery.error = run.error;
		}
		assertNoKey(delivery, apiKey);
		return delivery;
	}
}

function toRequest(callBody: CallBody) {
	const headers: Record<string, string> = {};
	let rawBody: Buffer;
	let body: unknown;
	if (!Array.isArray(callBody) && 'raw' in callBody) {
		const { raw, contentType } = callBody as RawBody;
		rawBody = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
		if (contentType) headers['content-type'] = contentType;
		// n8n parses text/plain into a string and leaves other types' bodies unparsed (rawBody only).
		body = contentType?.startsWith('text/plain') ? rawBody.toString('utf8') : {};
	} else {
		rawBody = Buffer.from(JSON.stringify(callBody));
		headers['content-type'] = 'application/json';
		body = callBody;
	}
	headers['content-length'] = String(rawBody.length);
	return { method: 'POST', headers, body, rawBody, params: {}, query: {}, contentType: headers['content-type'] };
}

/** Every delivery is also a key-leak test: the key must not be in the answer, the items, the error or the log. */
function assertNoKey(delivery: Delivery, apiKey: string): void {
	const places = findSecret({ items: delivery.items, error: delivery.error }, apiKey);
	if (JSON.stringify(delivery.body ?? '').includes(apiKey)) places.push('the HTTP answer');
	if (loggedLines.some((line) => line.includes(apiKey))) places.push('the log');
	if (places.length) throw new Error(`harness: the API key leaked into ${places.join(', ')}`);
}
