import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DURATION_MAX, DURATION_MIN, REQUEST_BODY_MAX_MB, RESOLUTIONS } from './constants';

/** The provider's documented error codes (compared as numbers: they are written with leading zeros). */
const PROVIDER_CODES: Record<number, string> = {
	8007001: 'The prompt is missing',
	8007002: 'A parameter is invalid',
	8007003: 'The style parameter (movement amplitude) is invalid',
	8007004: `The duration is invalid (whole seconds from ${DURATION_MIN} to ${DURATION_MAX})`,
	8007005: `The resolution is invalid (${RESOLUTIONS.slice(0, -1).join(', ')} or ${RESOLUTIONS[RESOLUTIONS.length - 1]})`,
	8007095: 'Vidu had an internal error while generating the video',
	8007096: 'Vidu could not parse the generation result',
	8007097: 'Vidu received an HTTP error from an upstream service',
	8007098: 'Vidu could not check the task status',
	8007099: 'The Vidu service is unavailable',
};

const HTTP_STATUSES: Record<number, string> = {
	400: 'The Vtrix API refused the request as invalid',
	401: 'The API key is missing or invalid: check the Vtrix API credential',
	403: 'Access denied: the balance may be insufficient, or the key has no permission for this model',
	404: 'The task was not found: check the task ID',
	413: `The request is larger than the ${REQUEST_BODY_MAX_MB} MB the API accepts: send the image by URL instead of inline`,
	429: 'The Vtrix API rate limit was hit and retries did not get through',
	500: 'The Vtrix API had an internal error',
	502: 'The Vtrix gateway could not reach the provider',
	503: 'The Vtrix API is unavailable',
	504: 'The Vtrix gateway timed out',
};

const MAX_TEXT = 500;

export function clip(text: string, max = MAX_TEXT): string {
	return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** An answer of any shape as short text for an error's description. */
export const clipAnswer = (answer: unknown): string =>
	clip(JSON.stringify(answer) ?? String(answer));

export interface ProviderError {
	code?: string;
	message?: string;
}

/** The error in a body or task: `{code, error_message}`, `{code, message}`, a plain string, or nested under `error`. */
export function readProviderError(source: unknown): ProviderError | undefined {
	if (source === undefined || source === null || source === '') return undefined;
	if (typeof source === 'string') return { message: clip(source) };
	if (typeof source !== 'object') return { message: clip(String(source)) };
	const record = source as IDataObject;
	if (record.error !== undefined && record.error !== null && typeof record.error !== 'boolean') {
		const nested = readProviderError(record.error);
		if (nested) return nested;
	}
	const code = record.code ?? record.error_code;
	const message = record.error_message ?? record.message ?? record.msg;
	if (code === undefined && message === undefined) return undefined;
	return {
		code: code === undefined || code === null ? undefined : String(code),
		message: message === undefined || message === null ? undefined : clip(String(message)),
	};
}

export function describeProviderCode(code: string | undefined): string | undefined {
	if (code === undefined || !/^\d+$/.test(code)) return undefined;
	return PROVIDER_CODES[Number(code)];
}

function taskSuffix(taskId?: string): string {
	return taskId ? ` (task ${taskId})` : '';
}

export interface ApiFailure {
	statusCode: number;
	body: unknown;
	taskId?: string;
	itemIndex?: number;
	/** What the node was doing, e.g. "Creating the task". */
	action: string;
	/** The Retry-After header, kept for whoever paces the next attempt. */
	retryAfter?: unknown;
}

/** An HTTP answer that is not 2xx, in words: status and provider code mapped, task id kept. */
export function apiError(node: INode, failure: ApiFailure): NodeApiError {
	const provider = readProviderError(failure.body);
	const codeText = describeProviderCode(provider?.code);
	const statusText = HTTP_STATUSES[failure.statusCode] ?? `The Vtrix API answered HTTP ${failure.statusCode}`;
	const headline = codeText ?? statusText;
	const details = [
		`${failure.action} failed with HTTP ${failure.statusCode}.`,
		provider?.code ? `Provider code: ${provider.code}.` : '',
		provider?.message ? `Provider message: ${provider.message}` : '',
		failure.taskId ? `Task ID: ${failure.taskId}.` : '',
	].filter(Boolean);
	const errorBody: JsonObject = {
		statusCode: failure.statusCode,
		code: provider?.code ?? null,
		providerMessage: provider?.message ?? null,
		taskId: failure.taskId ?? null,
	};
	const message = `${headline}${taskSuffix(failure.taskId)}`;
	const error = new NodeApiError(node, errorBody, {
		message,
		description: details.join(' '),
		httpCode: String(failure.statusCode),
		itemIndex: failure.itemIndex,
	});
	if (failure.retryAfter !== undefined) error.context.retryAfter = failure.retryAfter as string;
	return withTaskId(keepMessage(error, message), failure.taskId);
}

/** A create that may have reached the API although no task ID came back: it is not sent again. */
export function mayExistError(node: INode, what: string, detail: string | undefined, itemIndex?: number) {
	return operationError(node, `${what}: the task may exist`, {
		description:
			`${detail ?? ''} The node does not send the request again, so that the task is not paid twice. ` +
			'Look for it in your Vtrix dashboard (the Payload option can carry your own correlation id), ' +
			'then read it with the Get Status operation.',
		itemIndex,
	});
}

/** A failure that is not an HTTP status (validation, a failed task, a time limit, a cut connection). */
export function operationError(
	node: INode,
	message: string,
	options: { description?: string; taskId?: string; itemIndex?: number } = {},
): NodeOperationError {
	const description = [options.description, options.taskId ? `Task ID: ${options.taskId}.` : '']
		.filter(Boolean)
		.join(' ');
	const text = `${message}${taskSuffix(options.taskId)}`;
	const error = new NodeOperationError(node, text, {
		description: description || undefined,
		itemIndex: options.itemIndex,
	});
	return withTaskId(keepMessage(error, text), options.taskId);
}

/**
 * n8n swaps a message that merely contains a code such as ECONNREFUSED or ETIMEDOUT (even inside a task
 * ID or a provider's text) for its own generic sentence, which drops the task ID: ours are already in words.
 */
function keepMessage<T extends NodeApiError | NodeOperationError>(error: T, message: string): T {
	error.message = message;
	return error;
}

/** The error with the task ID in its context (kept when it names one already). */
export function withTaskId<T extends NodeApiError | NodeOperationError>(error: T, taskId?: string): T {
	if (taskId && !error.context?.taskId) {
		error.context = { ...(error.context ?? {}), taskId };
	}
	return error;
}

export function taskIdOf(error: unknown): string | undefined {
	const context = (error as { context?: IDataObject } | undefined)?.context;
	return typeof context?.taskId === 'string' ? context.taskId : undefined;
}

/** Any caught value as an n8n node error (ours already are; others, e.g. from a helper, get wrapped). */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/**
 * The error a failed item is thrown with. n8n's routing re-wraps every error that is not a NodeApiError,
 * and that re-wrap swaps a message which merely mentions a code such as ECONNREFUSED or ETIMEDOUT (in our
 * text, a task ID or a provider's message) for a generic sentence without the task ID: so hand it over
 * as a NodeApiError that keeps our words, description and context.
 */
export function asThrownError(node: INode, error: unknown, itemIndex?: number): NodeApiError {
	const nodeError = asNodeError(node, error, itemIndex);
	if (nodeError instanceof NodeApiError) return nodeError;
	const thrown = new NodeApiError(
		node,
		{},
		{ message: nodeError.message, description: nodeError.description ?? undefined, itemIndex },
	);
	thrown.context = { ...thrown.context, ...nodeError.context };
	return keepMessage(thrown, nodeError.message);
}
