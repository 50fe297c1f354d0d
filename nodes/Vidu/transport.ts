import type {
	IAllExecuteFunctions,
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';
import { cancelSignalOf, itemIndexOf, type RoutedRequest, type ViduContext } from './context';
import { apiError, mayExistError, operationError } from './errors';
import { isAbort, isTimeout, networkCode } from './networkErrors';
import { readBaseUrl } from './urls';

/**
 * create: sent again only when the API certainly did not take it (503, refused connection), so a task
 * is never paid twice; a 429 goes back to the caller, whose gate paces the creates. read: idempotent, so
 * any transient fault is retried.
 */
export type RequestKind = 'create' | 'read';

export interface ApiRequest {
	/** Method and path; without them, the routed request's own (a create as the operation declares it). */
	method?: IHttpRequestMethods;
	url?: string;
	/** An object, or JSON already encoded (the create body with an inline image). */
	body?: IDataObject | Buffer;
	kind: RequestKind;
	/** What the node was doing, for the error text. */
	action: string;
	taskId?: string;
	/** Epoch ms after which no retry is started. */
	deadline?: number;
	/** Ms to wait for each answer, when not the routed request's Timeout (a webhook has none). */
	timeout?: number;
	/** What n8n's routing built for the item (see RoutedRequest); a webhook has none. */
	routed?: RoutedRequest;
}

export interface ApiResponse {
	statusCode: number;
	body: unknown;
}

const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** For a request that comes with no timeout: a webhook's (n8n 2.x's routing sets 300 s unless the user sets one). */
const TIMEOUT_WITHOUT_ROUTING_MS = 300_000;
const CREATE_RETRY_STATUSES = new Set([503]);
const READ_RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Node's codes for a certificate it does not trust: the request was never sent, and sending it again cannot help. */
const TLS_REFUSALS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/;

export function retryDelayMs(attempt: number, retryAfter: unknown, random = Math.random()): number {
	const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
	if (typeof header === 'string' && header.trim() !== '') {
		const seconds = Number(header);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
		const date = Date.parse(header);
		if (!Number.isNaN(date)) return Math.min(Math.max(date - Date.now(), 0), MAX_DELAY_MS);
	}
	const exponential = BASE_DELAY_MS * 2 ** (attempt - 1);
	// Full jitter keeps a batch of items that hit one 429 from retrying in lockstep.
	return Math.min(exponential * (0.5 + random / 2), MAX_DELAY_MS);
}

export function cancelledError(this: ViduContext, taskId?: string) {
	return operationError(this.getNode(), 'The execution was cancelled', {
		description: taskId ? 'The task was created and may still finish: read it later with Get Status.' : undefined,
		taskId,
		itemIndex: itemIndexOf(this),
	});
}

/** Waits, in short steps so that a cancelled execution stops promptly. */
export async function pause(this: ViduContext, ms: number, taskId?: string) {
	const signal = cancelSignalOf(this);
	const end = Date.now() + ms;
	for (let left = ms; left > 0; left = end - Date.now()) {
		if (signal?.aborted) throw cancelledError.call(this, taskId);
		await sleep(Math.min(left, 200));
	}
	if (signal?.aborted) throw cancelledError.call(this, taskId);
}

/**
 * The stored credential, read once for a request and its retries, and handed to
 * httpRequestWithAuthentication so that it does not read it again: n8n 2.x's default expression engine
 * builds and disposes an isolate for every credential read outside an execution (a Vidu Trigger call).
 */
export async function readCredential(this: ViduContext): Promise<ICredentialsDecrypted> {
	const data = await this.getCredentials(CREDENTIAL_TYPE);
	const stored = this.getNode().credentials?.[CREDENTIAL_TYPE];
	return { id: stored?.id ?? '', name: stored?.name ?? '', type: CREDENTIAL_TYPE, data };
}

/** The credential's Base URL under the one rule (see readBaseUrl), as an error on the item when it breaks it. */
export async function apiBaseUrl(this: ViduContext, routed?: RoutedRequest, credential?: ICredentialsDecrypted): Promise<string> {
	const text = routed?.baseURL ?? (credential ?? (await readCredential.call(this))).data?.baseUrl;
	const result = readBaseUrl(String(text ?? ''));
	if ('problem' in result) {
		throw operationError(this.getNode(), result.problem, {
			description: 'Use an https:// Base URL in the Vtrix API credential (http:// is allowed for this machine only).',
			itemIndex: itemIndexOf(this),
		});
	}
	return result.baseUrl;
}

/** Sends one request as n8n built it, plus what the node owns: auth, the cancel signal, no key across origins. */
async function sendOnce(
	this: ViduContext,
	request: ApiRequest,
	credential: ICredentialsDecrypted,
	baseURL: string,
	timeout: number,
): Promise<IN8nHttpFullResponse> {
	// The routed body is the create's fields before buildCreateBody checked them: never sent as such.
	const routed: Partial<RoutedRequest> = { ...request.routed };
	delete routed.body;
	const options = {
		...routed,
		timeout,
		...(request.method ? { method: request.method } : {}),
		...(request.url ? { url: request.url } : {}),
		baseURL,
		...(request.body ? { body: request.body } : {}),
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		abortSignal: cancelSignalOf(this),
		// n8n would otherwise send the key along on a redirect to another origin.
		sendCredentialsOnCrossOriginRedirect: false,
	} as IHttpRequestOptions;
	const helpers = this.helpers;
	return (await helpers.httpRequestWithAuthentication.call(
		this as unknown as IAllExecuteFunctions,
		CREDENTIAL_TYPE,
		options,
		{ credentialsDecrypted: credential },
	)) as IN8nHttpFullResponse;
}

/** A request that got no answer, in words; `retry` when sending it again is safe and may help. */
function describeUnanswered(
	this: ViduContext,
	request: ApiRequest,
	failure: unknown,
	timeout: number,
): { error: Error; retry: boolean } {
	const node = this.getNode();
	const itemIndex = itemIndexOf(this);
	const { taskId } = request;
	const code = networkCode(failure);
	if (TLS_REFUSALS.test(code)) {
		const description =
			"Nothing was sent. If you trust this server (e.g. a gateway with its own certificate), turn on the node's Request Options > Ignore SSL Issues.";
		const message = `The TLS certificate of the Vtrix API could not be verified (${code})`;
		return { retry: false, error: operationError(node, message, { description, taskId, itemIndex }) };
	}
	if (isTimeout(failure)) {
		const message = `The Vtrix API did not answer within the Timeout of ${timeout} ms`;
		const hint = "Raise the node's Request Options > Timeout if the API is slow to answer.";
		if (request.kind === 'create') return { retry: false, error: mayExistError(node, message, hint, itemIndex) };
		const description = `${request.action} got no answer in time. ${hint}`;
		return { retry: true, error: operationError(node, message, { description, taskId, itemIndex }) };
	}
	if (request.kind === 'create' && !NOT_SENT_ERRORS.has(code)) {
		const error = mayExistError(node, 'The connection was lost while creating the task', `Network error ${code}.`, itemIndex);
		return { retry: false, error };
	}
	const description = `${request.action} failed before an answer arrived. Check the Base URL, the network and the node's Request Options (Timeout, Proxy).`;
	return { retry: true, error: operationError(node, `Could not reach the Vtrix API (${code})`, { description, taskId, itemIndex }) };
}

/**
 * The one place a request to the Vtrix API is sent: retries with backoff and Retry-After, and every
 * failure turned into an error a user can act on.
 */
export async function sendToApi(this: ViduContext, request: ApiRequest): Promise<ApiResponse> {
	const credential = await readCredential.call(this);
	const baseURL = await apiBaseUrl.call(this, request.routed, credential);
	const node = this.getNode();
	const itemIndex = itemIndexOf(this);
	const signal = cancelSignalOf(this);
	const timeout = request.timeout ?? request.routed?.timeout ?? TIMEOUT_WITHOUT_ROUTING_MS;
	for (let attempt = 1; ; attempt++) {
		if (signal?.aborted) throw cancelledError.call(this, request.taskId);
		let response: IN8nHttpFullResponse | undefined;
		let networkFailure: unknown;
		try {
			response = await sendOnce.call(this, request, credential, baseURL, timeout);
		} catch (error) {
			networkFailure = error;
		}
		let failure: Error;
		let retryAfter: unknown;
		if (response) {
			const statusCode = response.statusCode;
			const body = parseBody(response.body);
			if (statusCode >= 200 && statusCode < 300) return { statusCode, body };
			retryAfter = response.headers?.['retry-after'];
			failure = apiError(node, { statusCode, body, taskId: request.taskId, itemIndex, action: request.action, retryAfter });
			const retryable = (request.kind === 'create' ? CREATE_RETRY_STATUSES : READ_RETRY_STATUSES).has(statusCode);
			if (!retryable && request.kind === 'create' && statusCode >= 500) {
				throw mayExistError(node, failure.message, (failure as { description?: string }).description, itemIndex);
			}
			if (!retryable) throw failure;
		} else {
			if (signal?.aborted || isAbort(networkFailure)) throw cancelledError.call(this, request.taskId);
			const unanswered = describeUnanswered.call(this, request, networkFailure, timeout);
			if (!unanswered.retry) throw unanswered.error;
			failure = unanswered.error;
		}
		const delay = retryDelayMs(attempt, retryAfter);
		const deadline = request.deadline ?? Number.POSITIVE_INFINITY;
		if (attempt >= MAX_ATTEMPTS || Date.now() + delay > deadline) throw failure;
		await pause.call(this, delay, request.taskId);
	}
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}
