/**
 * Runs one node through n8n's own execution engine (n8n-core `WorkflowExecute` + `RoutingNode`),
 * with real HTTP, real binary-data handling and real error / continue-on-fail handling.
 *
 * Only the pieces n8n's server (the `n8n` CLI package) normally supplies are stood in for here:
 * the node-type registry, the credentials helper (no database, no encryption), the execution
 * lifecycle hooks and a few DI services (logger, error reporter, instance settings, binary data).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	DirectoryLoader,
	ErrorReporter,
	ExecutionLifecycleHooks,
	InstanceSettings,
	RoutingNode,
	WorkflowExecute,
	prepareBinaryData,
} from 'n8n-core';
import type { ExecuteContext } from 'n8n-core';
import {
	ICredentialsHelper,
	LoggerProxy,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	ITaskData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

export interface HarnessCredential {
	type: string;
	data: Record<string, unknown>;
}

export interface RunNodeOptions {
	/** The node class instance under test (declarative nodes: description.routing, requestDefaults, requestOperations). */
	nodeType: INodeType;
	/** Credential type instances, e.g. `[new VtrixApi()]`. */
	credentialTypes: ICredentialType[];
	/** The node's parameters (defaults are filled in by n8n's `Workflow`, as when a workflow is loaded). */
	parameters: INodeParameters;
	/** Assigned to the node as `credentials[type] = { id: '1', name: 'test' }`; `getDecrypted` returns `data` (+ defaults). */
	credentials?: HarnessCredential;
	/** Default `[{ json: {} }]`. Binary: `{ data: base64, mimeType, fileName }` or `await binaryItem(...)`. */
	inputItems?: INodeExecutionData[];
	/** Sets `node.onError = 'continueRegularOutput'`. */
	continueOnFail?: boolean;
	/** Aborting it cancels the execution (as the n8n UI "stop" does): the node's `getExecutionCancelSignal()` fires. */
	abortSignal?: AbortSignal;
	/** The node's typeVersion, as a saved workflow states it; default the node type's latest version. */
	typeVersion?: number;
	/** Execution timeout, as n8n's `executionTimeout`: when it passes, the execution is cancelled (timedOut = true). */
	timeoutMs?: number;
}

export interface RunNodeResult {
	/** Output items of the node under test (main output 0); with continueOnFail, the error items. */
	items: INodeExecutionData[];
	/** The error the node ended with (NodeApiError / NodeOperationError instance), if any. */
	error?: Error & { description?: string; context?: any };
}

const NODE_NAME = 'Node Under Test';
const TYPE_PREFIX = 'n8n-nodes-harness.';
/** How long a cancelled / timed-out execution may take to unwind before `runNode` gives up. */
const UNWIND_GRACE_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// DI container: the services n8n-core pulls from `Container` during a node run.
// ---------------------------------------------------------------------------------------------

type LogFn = (message: string, meta?: object) => void;
const debugLogs = process.env.N8N_HARNESS_DEBUG === '1';
const log =
	(level: string): LogFn =>
	(message, meta) => {
		if (debugLogs) console.log(`[n8n ${level}] ${message}`, meta ?? '');
	};
/** What nodes logged at info level or above, as n8n's log would show it: `info: <message>`. */
export const loggedLines: string[] = [];
const recorded =
	(level: string): LogFn =>
	(message, meta) => {
		loggedLines.push(`${level}: ${message}`);
		log(level)(message, meta);
	};
const harnessLogger = {
	error: recorded('error'),
	warn: recorded('warn'),
	info: recorded('info'),
	debug: log('debug'),
	scoped() {
		return harnessLogger;
	},
};

let setupPromise: Promise<BinaryDataService> | undefined;

async function setupContainer(): Promise<BinaryDataService> {
	Container.set(Logger, harnessLogger as unknown as Logger);
	LoggerProxy.init(harnessLogger);

	const errorReporter = {
		error: (e: unknown) => harnessLogger.error('ErrorReporter', { error: e }),
		warn: () => {},
		info: () => {},
	};
	Container.set(ErrorReporter, errorReporter as unknown as ErrorReporter);

	// One fixed folder, reused by every run: in default binary mode nothing is written to it (n8n-core
	// only creates the empty folder for its filesystem manager), and a per-run temp folder could not be
	// removed reliably (Jest's sandboxed `process` does not deliver 'exit').
	const storageDir = path.join(tmpdir(), 'n8n-harness');
	mkdirSync(storageDir, { recursive: true });
	Container.set(InstanceSettings, {
		instanceId: 'n8n-harness',
		hmacSignatureSecret: 'n8n-harness-hmac',
		encryptionKey: 'n8n-harness-key',
		n8nFolder: storageDir,
		staticCacheDir: storageDir,
		instanceRole: 'main',
		isLeader: true,
	} as unknown as InstanceSettings);

	// Binary data in n8n's default mode: kept inline (base64) in the items, nothing written to disk.
	const binaryDataConfig = {
		mode: 'default',
		availableModes: ['default'],
		localStoragePath: path.join(storageDir, 'binaryData'),
		signingSecret: 'n8n-harness-signing',
		dbMaxFileSize: 512,
	};
	const binaryDataService = new BinaryDataService(
		binaryDataConfig as never,
		errorReporter as unknown as ErrorReporter,
		harnessLogger as unknown as Logger,
	);
	await binaryDataService.init();
	Container.set(BinaryDataService, binaryDataService);
	return binaryDataService;
}

/** Sets up, once, the n8n services (DI container, binary data) that running a node needs. */
export async function ensureContainer(): Promise<BinaryDataService> {
	setupPromise ??= setupContainer();
	return await setupPromise;
}

// ---------------------------------------------------------------------------------------------
// Node types and credentials: what n8n's server would load from the installed package.
// ---------------------------------------------------------------------------------------------

function typeNameOf(nodeType: INodeType): string {
	return TYPE_PREFIX + nodeType.description.name;
}

function latestVersion(nodeType: INodeType): number {
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** Same rule as n8n's server (`shouldAssignExecuteMethod` in packages/cli). */
function isDeclarativeOnly(nodeType: INodeType): boolean {
	const isDeclarative = nodeType.description.requestDefaults !== undefined;
	return (
		!nodeType.execute &&
		!nodeType.poll &&
		!nodeType.trigger &&
		(!nodeType.webhook || isDeclarative) &&
		(!nodeType.methods || isDeclarative)
	);
}

class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType>();

	add(nodeType: INodeType): string {
		const name = typeNameOf(nodeType);
		let served = nodeType;
		// As n8n's node loader does: a declarative node gets the Request Options collection.
		DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
		if (isDeclarativeOnly(nodeType)) {
			// As n8n's server does for declarative nodes: an `execute` that runs RoutingNode with the
			// ExecuteContext, so the node sees the execution's cancel signal. (n8n-core's own fallback,
			// used when the registry does not do this, runs RoutingNode with no cancel signal.)
			served = Object.create(nodeType) as INodeType;
			served.execute = async function (this: ExecuteContext) {
				const routingNode = new RoutingNode(this, nodeType);
				const data = await routingNode.runNode();
				return data ?? [];
			} as INodeType['execute'];
		}
		this.types.set(name, served);
		return name;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`harness: unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Map<string, ICredentialType>,
		private readonly data: Map<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private typeOf(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`harness: unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(_name: string): string[] {
		return [];
	}

	isCredentialUsableByNode(_credentialType: string, _nodeType: string): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.typeOf(type).properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.data.get(type);
		if (!stored) throw new Error(`harness: no credential data given for type "${type}"`);
		// As n8n's server does: fill in the credential type's defaults for fields not stored.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject), ...stored };
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, _type: string): Promise<ICredentials> {
		throw new Error('harness: getCredentials (encrypted credentials) is not supported');
	}

	/** Applies the credential type's `authenticate`: a function, or a generic block with `={{$credentials.x}}` expressions. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.typeOf(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = this.resolve(key, credentials, workflow, node);
					const valueResolved = this.resolve(value, credentials, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	private resolve(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow?: Workflow,
		node?: INode,
	): string {
		if (!isExpression(value)) return value;
		if (!workflow || !node) throw new Error('harness: cannot resolve a credential expression without workflow/node');
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials } as IDataObject,
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

let executionCounter = 0;

/** Runs the node in a one-node workflow; the result is its output items and the error it ended with. */
export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	await ensureContainer();

	const nodeTypes = new HarnessNodeTypes();
	const typeName = nodeTypes.add(opts.nodeType);

	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: typeName,
		typeVersion: opts.typeVersion ?? latestVersion(opts.nodeType),
		position: [0, 0],
		parameters: structuredClone(opts.parameters),
	};
	if (opts.credentials) {
		node.credentials = { [opts.credentials.type]: { id: '1', name: 'test' } };
	}
	if (opts.continueOnFail) node.onError = 'continueRegularOutput';

	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'n8n harness',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	// The Workflow copies the node and fills in parameter defaults; run the copy.
	const workflowNode = workflow.getNode(NODE_NAME)!;

	const credentialTypes = new Map(opts.credentialTypes.map((t) => [t.name, t]));
	const credentialData = new Map<string, ICredentialDataDecryptedObject>();
	if (opts.credentials) {
		credentialData.set(opts.credentials.type, opts.credentials.data as ICredentialDataDecryptedObject);
	}

	const executionId = `harness-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);

	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper(credentialTypes, credentialData),
		hooks,
		executionId,
		userId: 'harness-user',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('harness: executeWorkflow is not supported');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		sendDataToUI: () => {},
		setExecutionStatus: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: workflowNode,
					data: { main: [opts.inputItems ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	let execution: ReturnType<WorkflowExecute['processRunExecutionData']>;
	try {
		execution = workflowExecute.processRunExecutionData(workflow);
	} catch (error) {
		// Thrown before the node runs, e.g. WorkflowHasIssuesError for a missing required parameter
		// (the n8n editor refuses to run such a workflow).
		return { items: [], error: error as RunNodeResult['error'] };
	}

	const cleanups: Array<() => void> = [];
	const cancel = () => execution.cancel();
	let unwindTimer: NodeJS.Timeout | undefined;
	const unwound = new Promise<never>((_resolve, reject) => {
		const giveUpLater = (why: string) => {
			unwindTimer ??= setTimeout(
				() => reject(new Error(`harness: execution did not finish ${UNWIND_GRACE_MS} ms after ${why}`)),
				UNWIND_GRACE_MS,
			);
		};
		if (opts.abortSignal) {
			const onAbort = () => {
				cancel();
				giveUpLater('it was cancelled');
			};
			if (opts.abortSignal.aborted) onAbort();
			else opts.abortSignal.addEventListener('abort', onAbort, { once: true });
			cleanups.push(() => opts.abortSignal?.removeEventListener('abort', onAbort));
		}
		if (opts.timeoutMs !== undefined) {
			const timer = setTimeout(() => {
				workflowExecute.timedOut = true;
				cancel();
				giveUpLater(`its ${opts.timeoutMs} ms timeout`);
			}, opts.timeoutMs);
			cleanups.push(() => clearTimeout(timer));
		}
	});

	let run: IRun;
	try {
		run = await Promise.race([execution, unwound]);
	} finally {
		cleanups.forEach((fn) => fn());
		if (unwindTimer) clearTimeout(unwindTimer);
	}

	const taskData: ITaskData | undefined = run.data.resultData.runData[NODE_NAME]?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const error = asError(taskData?.error ?? run.data.resultData.error);
	return error ? { items, error } : { items };
}

/** The execution-level error is stored as a plain copy (`{ ...error, message, stack }`); make it an Error again. */
function asError(value: unknown): RunNodeResult['error'] {
	if (value === undefined || value === null) return undefined;
	if (value instanceof Error) return value;
	const plain = value as { message?: string; name?: string };
	const error = Object.assign(new Error(plain.message ?? 'Unknown error'), plain);
	if (plain.name) error.name = plain.name;
	return error as RunNodeResult['error'];
}

/** An input item carrying `buffer` as binary `property`, stored the way n8n stores it (default mode: inline base64). */
export async function binaryItem(
	buffer: Buffer,
	mimeType: string,
	fileName?: string,
	property = 'data',
): Promise<INodeExecutionData> {
	await ensureContainer();
	const binary = await prepareBinaryData(buffer, 'harness-input', 'harness-workflow', undefined, mimeType);
	if (fileName !== undefined) {
		binary.fileName = fileName;
		const ext = path.extname(fileName).slice(1);
		if (ext) binary.fileExtension = ext;
	}
	return { json: {}, binary: { [property]: binary } };
}

/** The bytes of binary `property` of an (output) item, whatever the binary data mode. */
export async function readBinary(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binaryDataService = await ensureContainer();
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`harness: item has no binary property "${property}"`);
	return await binaryDataService.getAsBuffer(binary);
}
