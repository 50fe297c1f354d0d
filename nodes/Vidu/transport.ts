import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { apiError, operationError } from './errors';
import { isLoopbackHost, parseHttpUrl } from './urls';

export const CREDENTIAL_TYPE = 'vtrixApi';

/**
 * create: sent again only when the API certainly did not take it (429, 503, refused connection),
 * so a task is never paid twice. read: idempotent, so any transient fault is retried.
 */
export type RequestKind = 'create' | 'read';

export interface ApiRequest {
	method: IHttpRequestMethods;
	url: string;
	/** An object, or JSON already encoded (the create body with an inline image). */
	body?: IDataObject | Buffer;
	kind: RequestKind;
	/** What the node was doing, for the error text. */
	action: string;
	taskId?: string;
	/** Epoch ms after which no retry is started. */
	deadline?: number;
	timeout?: number;
}

export interface ApiResponse {
	statusCode: number;
	body: unknown;
}

const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 120_000;
const NOT_TAKEN_STATUSES = new Set([429, 503]);
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

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

export function cancelledError(this: IExecuteSingleFunctions, taskId?: string) {
	return operationError(this.getNode(), 'The execution was cancelled', {
		description: taskId
			? 'The task was created and may still finish: read it later with Get Status.'
			: undefined,
		taskId,
		itemIndex: this.getItemIndex(),
	});
}

/** Waits, in short steps so that a cancelled execution stops promptly. */
export async function pause(this: IExecuteSingleFunctions, ms: number, taskId?: string) {
	const signal = this.getExecutionCancelSignal();
	const end = Date.now() + ms;
	for (let left = ms; left > 0; left = end - Date.now()) {
		if (signal?.aborted) throw cancelledError.call(this, taskId);
		await sleep(Math.min(left, 200));
	}
	if (signal?.aborted) throw cancelledError.call(this, taskId);
}

export async function apiBaseUrl(this: IExecuteSingleFunctions): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return assertSafeBaseUrl.call(this, String(credentials.baseUrl ?? ''));
}

/**
 * The API key must not travel in clear text, except to the local simulator. The credential refuses it too
 * (for every request); checking here first gives the user this error instead of a failed request.
 */
function assertSafeBaseUrl(this: IExecuteSingleFunctions, baseUrl: string): string {
	const url = parseHttpUrl(baseUrl);
	if (!url) {
		throw operationError(this.getNode(), 'The Base URL of the Vtrix API credential is not a valid URL', {
			itemIndex: this.getItemIndex(),
		});
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw operationError(
			this.getNode(),
			'Refusing to send the API key over plain http:// to a host that is not on this machine',
			{
				description: 'Use an https:// Base URL in the Vtrix API credential (http:// is allowed for localhost only).',
				itemIndex: this.getItemIndex(),
			},
		);
	}
	return baseUrl.replace(/\/+$/, '');
}

function networkCode(error: unknown): string {
	const value = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = value?.code ?? value?.cause?.code;
	if (typeof code === 'string') return code;
	return /timeout/i.test(String(value?.message ?? '')) ? 'ETIMEDOUT' : 'ECONNRESET';
}

function isAbort(error: unknown): boolean {
	const value = error as { name?: string; code?: string };
	return value?.name === 'AbortError' || value?.name === 'CanceledError' || value?.code === 'ERR_CANCELED';
}

/**
 * The one place a request to the Vtrix API is sent: authentication, retries with backoff and
 * Retry-After, and every failure turned into an error a user can act on.
 */
export async function sendToApi(this: IExecuteSingleFunctions, request: ApiRequest): Promise<ApiResponse> {
	const baseURL = await apiBaseUrl.call(this);
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const signal = this.getExecutionCancelSignal();
	for (let attempt = 1; ; attempt++) {
		if (signal?.aborted) throw cancelledError.call(this, request.taskId);
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL,
			url: request.url,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeout ?? DEFAULT_TIMEOUT_MS,
			abortSignal: signal,
			// n8n would otherwise send the key along on a redirect to another origin.
			sendCredentialsOnCrossOriginRedirect: false,
			...(request.body ? { body: request.body } : {}),
			...(Buffer.isBuffer(request.body) ? { headers: { 'Content-Type': 'application/json' } } : {}),
		};
		let response: IN8nHttpFullResponse | undefined;
		let networkFailure: unknown;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			networkFailure = error;
		}
		let failure: Error;
		let retryAfter: unknown;
		if (response) {
			const statusCode = response.statusCode;
			const body = parseBody(response.body);
			if (statusCode >= 200 && statusCode < 300) return { statusCode, body };
			failure = apiError(node, { statusCode, body, taskId: request.taskId, itemIndex, action: request.action });
			const retryable =
				request.kind === 'create' ? NOT_TAKEN_STATUSES.has(statusCode) : TRANSIENT_STATUSES.has(statusCode);
			if (!retryable && request.kind === 'create' && statusCode >= 500) {
				throw operationError(node, `${failure.message}: the task may exist`, {
					description:
						`${(failure as { description?: string }).description ?? ''} The node does not send the request again, so that ` +
						'the task is not paid twice. Look for it in your Vtrix dashboard (the Payload option can carry your own ' +
						'correlation id), then read it with the Get Status operation.',
					itemIndex,
				});
			}
			if (!retryable) throw failure;
			retryAfter = response.headers?.['retry-after'];
		} else {
			if (signal?.aborted || isAbort(networkFailure)) throw cancelledError.call(this, request.taskId);
			const code = networkCode(networkFailure);
			if (request.kind === 'create' && !NOT_SENT_ERRORS.has(code)) {
				throw operationError(node, 'The connection was lost while creating the task: the task may exist', {
					description:
						`Network error ${code}. The node does not send the request again, so that the task is not paid twice. ` +
						'Look for it in your Vtrix dashboard (the Payload option can carry your own correlation id), ' +
						'then read it with the Get Status operation.',
					itemIndex,
				});
			}
			failure = operationError(node, `Could not reach the Vtrix API (${code})`, {
				description: `${request.action} failed before an answer arrived. Check the Base URL and the network.`,
				taskId: request.taskId,
				itemIndex,
			});
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
